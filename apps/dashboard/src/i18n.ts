/**
 * The dashboard's language: French first, English shipped. Strings are written in both languages where they are
 * used (`t('Déploiement', 'Deployment')`), so the French text stays readable in the code; numbers and dates follow
 * the same language (format.ts).
 */
export type Lang = 'fr' | 'en';

let current: Lang = 'fr';

/** `fr`, `en`, or any BCP 47 tag (`en-GB`); anything but English is French. */
export function setLang(tag: string | null | undefined): Lang {
  current = (tag ?? '').toLowerCase().startsWith('en') ? 'en' : 'fr';
  return current;
}

export function lang(): Lang {
  return current;
}

/** The text in the current language. */
export function t(fr: string, en: string): string {
  return current === 'en' ? en : fr;
}
