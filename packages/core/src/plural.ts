/**
 * Plurals by the language's own rules (`Intl.PluralRules`): French puts 0 and 1 in the singular (« 0 absent »,
 * « 1 retard », « 2 retards »), English only 1 (« 0 marks »). Never « retard(s) ».
 */
export interface PluralForms {
  one: string;
  other: string;
}

const rules = new Map<string, Intl.PluralRules>();

/** A count passed to a message (a number, or a numeric string from an attribute); anything else counts 0. */
export function countOf(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** The form of a word that goes with `count` in `lang` (`fr`, `en`). */
export function pluralForm(lang: string, count: number, forms: PluralForms): string {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    rules.set(lang, r);
  }
  return r.select(Number.isFinite(count) ? count : 0) === 'one' ? forms.one : forms.other;
}

/**
 * `count` and the word that goes with it: `plural('fr', 2, { one: 'retard', other: 'retards' })` → « 2 retards ».
 * `format` writes the number (a French element passes its number format: « 1 000 »).
 */
export function plural(
  lang: string,
  count: number,
  forms: PluralForms,
  format: (n: number) => string = String,
): string {
  return `${format(count)} ${pluralForm(lang, count, forms)}`;
}
