/**
 * How Préau writes a person's name, everywhere (elements, API views, exports): given name first, family name in
 * capitals — « Mila BARBIER » — the way French schools print it. In lists sorted by family name, the family name
 * comes first — « BARBIER Mila » — so the eye scans the sort key. One formatter, no zod: elements import it.
 */
export interface PersonName {
  firstName?: string | null;
  lastName?: string | null;
}

export type NameOrder = 'given-first' | 'family-first';

/** « Mila BARBIER » (or « BARBIER Mila » with `family-first`); blanks are left out, never "undefined". */
export function personName(p: PersonName | null | undefined, order: NameOrder = 'given-first'): string {
  const given = typeof p?.firstName === 'string' ? p.firstName.trim() : '';
  const family = typeof p?.lastName === 'string' ? p.lastName.trim().toLocaleUpperCase('fr-FR') : '';
  const parts = order === 'family-first' ? [family, given] : [given, family];
  return parts.filter(Boolean).join(' ');
}

/** Sorts people as a class register does: family name, then given name, accents and case folded (French order). */
export function compareByName(a: PersonName, b: PersonName): number {
  return (
    (a.lastName ?? '').localeCompare(b.lastName ?? '', 'fr', { sensitivity: 'base' }) ||
    (a.firstName ?? '').localeCompare(b.firstName ?? '', 'fr', { sensitivity: 'base' })
  );
}
