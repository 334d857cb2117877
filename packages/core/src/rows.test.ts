import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { distinctRows } from './rows.js';

describe('distinctRows', () => {
  const schema = z.object({
    items: z
      .array(z.object({ id: z.string(), n: z.number() }))
      .superRefine(distinctRows((r) => r.id, { what: 'Cet élève', field: 'id' })),
  });

  it('names each repeated row and the row it repeats', () => {
    const r = schema.safeParse({
      items: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
        { id: 'a', n: 3 },
        { id: 'a', n: 4 },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['items.2.id', 'Cet élève figure déjà à la ligne 1 du lot.'],
      ['items.3.id', 'Cet élève figure déjà à la ligne 1 du lot.'],
    ]);
  });

  it('lets distinct rows through', () => {
    expect(
      schema.safeParse({
        items: [
          { id: 'a', n: 1 },
          { id: 'b', n: 1 },
        ],
      }).success,
    ).toBe(true);
  });
});
