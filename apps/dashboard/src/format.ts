/** French-first number and date formatting for everything the dashboard shows or exports. */

import { isoDayFromText } from '@preau/core';
import { lang as currentLang, type Lang } from './i18n.js';

export type { Lang };

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `n:${lang}:${digits}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    cache.set(key, f);
  }
  return f;
}

/** 4 429 · 1,5 · 12 000 (French thin spaces and decimal comma by default). */
export function formatNumber(
  value: number | null | undefined,
  digits = 1,
  lang: Lang = currentLang(),
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return numberFormat(lang, digits).format(value);
}

/** A table column's formatter: the cell's number with `digits` decimals, in the page's language. */
export const numberCell =
  (digits: number) =>
  (v: unknown): string =>
    formatNumber(v as number, digits);

/** 5 920 000 € */
export function formatEuros(value: number | null | undefined, lang: Lang = currentLang()): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const key = `e:${lang}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locales[lang], {
      style: 'currency',
      currency: 'EUR',
      maximumFractionDigits: 0,
    });
    cache.set(key, f);
  }
  return f.format(value);
}

export function formatPercent(ratio: number | null | undefined, lang: Lang = currentLang()): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${formatNumber(ratio * 100, 1, lang)} %`;
}

/** ISO date (YYYY-MM-DD) → "15 septembre 2010" (long) or "15/09/2010" (short). */
export function formatDate(
  iso: string | null | undefined,
  style: 'long' | 'short' = 'long',
  lang: Lang = currentLang(),
): string {
  if (!iso) return '—';
  const key = `d:${lang}:${style}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(
      locales[lang],
      style === 'long'
        ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
        : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' },
    );
    cache.set(key, f);
  }
  const text = f.format(isoToDate(iso));
  // French writes the first day of a month as an ordinal: « 1er septembre ».
  return lang === 'fr' && style === 'long' ? text.replace(/^1 /, '1er ') : text;
}

/** "septembre 2010" */
export function formatMonth(iso: string, lang: Lang = currentLang()): string {
  return new Intl.DateTimeFormat(locales[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    isoToDate(iso),
  );
}

/** Calendar day from an ISO date, at UTC midnight (calendar days carry no time zone). */
export function isoToDate(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

export function dateToIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds days to an ISO calendar day. */
export function addDays(iso: string, days: number): string {
  const d = isoToDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return dateToIso(d);
}

/** A value as a spreadsheet cell for French Excel/LibreOffice: decimal comma, no thousands separator. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return dateToIso(value);
  return String(value);
}

/** A typed date as an ISO day: « 15/09/2025 », « 15/9/2025 » or « 2025-09-15 »; null when empty, undefined when wrong. */
export function parseDate(text: string): string | null | undefined {
  const v = text.trim();
  if (!v) return null;
  // Dots and dashes as separators too (« 15.09.2025 », « 15-09-2025 »).
  return isoDayFromText(v.replace(/^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$/, '$1/$2/$3')) ?? undefined;
}
