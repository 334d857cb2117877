import type { z } from 'zod';

/**
 * A zod check for a batch of rows (`z.array(row).superRefine(distinctRows(…))`): the second row with the same key
 * is an issue at its own index (and `field` of it, when the key is one field), naming the row it repeats, so a
 * duplicate is a 400 that says which line to fix rather than a database error. `what` names the row for a person
 * ("Cet élève", "Cette case").
 */
export function distinctRows<T>(
  keyOf: (row: T) => string,
  { what = 'Cette ligne', field }: { what?: string; field?: string } = {},
) {
  return (rows: readonly T[], ctx: z.RefinementCtx): void => {
    const first = new Map<string, number>();
    rows.forEach((row, i) => {
      const key = keyOf(row);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: field ? [i, field] : [i],
          message: `${what} figure déjà à la ligne ${seen + 1} du lot.`,
        });
    });
  };
}
