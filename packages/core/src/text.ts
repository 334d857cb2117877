/**
 * Text rules shared by every area: comparing names without accents, making file names and keys from titles.
 */

/** Removes accents and other combining marks: "Élève Hélène" → "Eleve Helene". Letters like œ stay. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** How names and headers are compared: accents folded, lower case, single spaces, trimmed. */
export function searchKey(text: string): string {
  return foldAccents(text).toLocaleLowerCase('fr-FR').replace(/\s+/g, ' ').trim();
}

/**
 * A key from a title, for file names, column names and logins: accents folded, lower case, every run of other
 * characters turned into `separator`, none at either end. "Services les plus utilisés" → "services-les-plus-utilises".
 */
export function slugify(
  text: string,
  { separator = '-', maxLength }: { separator?: string; maxLength?: number } = {},
) {
  const slug = foldAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .split(separator)
    .filter(Boolean)
    .join(separator);
  return maxLength === undefined ? slug : slug.slice(0, maxLength);
}
