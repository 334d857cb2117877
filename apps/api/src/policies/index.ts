/**
 * Who may do what: one file per area, all exported from here (`import { … } from '../policies/index.js'`).
 *
 * A route declares an `Access` (who may call it at all: public, any signed-in user, or listed roles) and its
 * handler then calls a guard for the resource it touches (`requireStudent`, `requireClass`, `requireSeance`,
 * `requireEtablissement`…). Guards answer:
 * - 404 when the resource does not exist or lies outside the viewer's reach (another établissement, another
 *   territory): nobody learns that it exists;
 * - 403 when it is within reach (same établissement) but the viewer has no relation to it;
 * - the resource's facts otherwise (so the handler does not load them twice).
 *
 * An area adds `policies/<area>.ts` (its `Access` constants and guards, built on `access.ts`, `relations.ts` and
 * the platform guards) and one line below.
 */
export * from './access.js';
export * from './attendance.js';
export * from './directory.js';
export * from './embedding.js';
export * from './gradebook.js';
export * from './hardware.js';
export * from './lesson-log.js';
export * from './live.js';
export * from './messages.js';
export * from './platform.js';
export * from './relations.js';
export * from './usage.js';
export * from './whiteboard.js';
