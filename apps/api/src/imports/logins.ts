import { slugify } from '@preau/core';
import type { Db } from '../db/types.js';

/**
 * Sign-in identifiers for new accounts: `prénom.nom` without accents, with a number when taken
 * (`camille.martin2`), unique against the database (case-insensitive) and within the batch.
 */
export async function makeLogins(
  db: Db,
  people: { firstName: string; lastName: string }[],
): Promise<string[]> {
  if (!people.length) return [];
  const bases = people.map((p) => baseLogin(p.firstName, p.lastName));
  const taken = new Set(
    (
      await db.query<{ login: string }>(
        'SELECT lower(login) AS login FROM users WHERE lower(login) LIKE ANY($1::text[])',
        [[...new Set(bases)].map((b) => `${b.replace(/[\\%_]/g, '\\$&')}%`)],
      )
    ).map((r) => r.login),
  );
  return bases.map((base) => {
    let login = base;
    for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
    taken.add(login);
    return login;
  });
}

export function baseLogin(firstName: string, lastName: string): string {
  // Œ and Æ are letters of their own that accent folding keeps: spelled out, « Cœur » signs in as « coeur ».
  const part = (s: string) =>
    slugify(s.replace(/œ/gi, 'oe').replace(/æ/gi, 'ae'), { maxLength: 30 }).replace(/-$/, '') || 'x';
  return `${part(firstName.split(/\s+/)[0] ?? firstName)}.${part(lastName)}`;
}
