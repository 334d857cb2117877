import { z } from '@hono/zod-openapi';

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
