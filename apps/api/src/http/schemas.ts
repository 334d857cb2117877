import { z } from '@hono/zod-openapi';
import { isoDateProblem, isoWeekMonday, isoWeekProblem, uaiProblem } from '@preau/core';

/**
 * Small schemas every area needs. Strings that reach the database refuse control characters (a NUL byte would
 * otherwise surface as a database error instead of a named field).
 */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Identifiant invalide.')
  .openapi({ example: 'u_3f9a2c' });

/** `{ id }` in the path. */
export const IdParams = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

/** A zod check from one of core's rules (`uaiProblem`, `isoDateProblem`…: a French message, or null when valid). */
const rule = (problemOf: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const problem = problemOf(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A UAI, its check letter verified (`@preau/core`'s `uaiProblem`). */
export const Uai = z.string().superRefine(rule(uaiProblem)).openapi({ example: '0511085C' });

/** A UAI in the path: a 400 naming `params.uai` when it is not one (never a 404). */
export const UaiParams = z.object({ uai: Uai.openapi({ param: { name: 'uai', in: 'path' } }) });

/**
 * A real calendar date, `YYYY-MM-DD` (no 30 February, no month 13: a 400 naming the field), by core's
 * `isoDateProblem`: every date parameter and field of every route.
 */
export const IsoDate = z
  .string()
  .superRefine(rule(isoDateProblem))
  .openapi({ format: 'date', example: '2026-11-16' });

/** A week: `2026-W47` or any day of it (core's `isoWeekProblem`); the handler receives its Monday. */
export const IsoWeek = z
  .string()
  .superRefine(rule(isoWeekProblem))
  .transform((value) => isoWeekMonday(value))
  .openapi({
    type: 'string',
    example: '2026-11-16',
    description: 'Une semaine ISO (AAAA-Wss) ou un jour de cette semaine (AAAA-MM-JJ).',
  });

/** Free text of at most `max` characters: line breaks and tabs allowed, other control characters refused. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'Caractères de contrôle interdits.');

/** A one-line label: trimmed, not empty. */
export const label = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\x00-\x1f\x7f]*$/, 'Caractères de contrôle interdits.');
