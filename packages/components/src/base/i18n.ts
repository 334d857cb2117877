/**
 * Localization: French first, English shipped. A catalog maps each message key to a string with `{name}`
 * placeholders, or to a function for plurals and other grammar. Numbers and dates passed as values are
 * formatted for the locale (French decimal comma, Europe/Paris dates).
 *
 * French, the interface's language, is in every catalog. English may be given as a loader
 * (`en: () => import('./x.messages.en.js').then((m) => m.en)`): a page in French never downloads it, and an element
 * in English loads it before it renders (see `localeLoaded`); until then, or if it cannot load, French shows.
 */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export type MessageVars = Record<string, unknown>;
export type Message = string | ((vars: MessageVars, locale: Locale) => string);
export type Messages<K extends string> = Record<K, Message>;
/** A locale's messages in a module of their own, loaded when an element speaks that locale. */
export type MessagesLoader<K extends string> = () => Promise<Messages<K>>;
export interface Catalog<K extends string> {
  fr: Messages<K>;
  en: Messages<K> | MessagesLoader<K>;
}

/** Catalogs with a locale still to load. */
const onDemand = new Set<Catalog<string>>();
const loading = new WeakMap<Catalog<string>, Promise<void>>();
/** Catalogs whose locale could not load (offline): French shows, and the page does not ask again. */
const unavailable = new WeakSet<Catalog<string>>();

/** Declares a catalog; the type makes an English or French key missing a compile error. */
export function defineCatalog<K extends string>(catalog: Catalog<K>): Catalog<K> {
  if (typeof catalog.en === 'function') onDemand.add(catalog as Catalog<string>);
  return catalog;
}

/**
 * Loads the messages of `locale` that every catalog declared so far still lacks; `undefined` when none does (always
 * for French), so that an element renders at once. Elements call it before each update (`PreauElement`).
 */
export function localeLoaded(locale: Locale): Promise<void> | undefined {
  if (locale !== 'en') return undefined;
  const pending: Promise<void>[] = [];
  for (const catalog of onDemand) {
    const load = catalog.en;
    if (typeof load !== 'function' || unavailable.has(catalog)) {
      onDemand.delete(catalog);
      continue;
    }
    let done = loading.get(catalog);
    if (!done) {
      done = load().then(
        (messages) => {
          catalog.en = messages;
        },
        () => {
          unavailable.add(catalog);
        },
      );
      loading.set(catalog, done);
    }
    pending.push(done);
  }
  return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
}

/** Maps any BCP 47 tag (`fr-FR`, `en-GB`, `EN`) to a shipped locale; anything else is French. */
export function toLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : DEFAULT_LOCALE;
}

const intlTag: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(locale: Locale, value: number, options: Intl.NumberFormatOptions = {}): string {
  if (typeof value !== 'number' || Number.isNaN(value)) return '';
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlTag[locale], options);
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** Formats a date or ISO string in Europe/Paris time; an invalid date gives an empty string, not an exception. */
export function formatDate(
  locale: Locale,
  value: Date | string | number,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlTag[locale], { timeZone: 'Europe/Paris', ...options });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** The Europe/Paris calendar day (YYYY-MM-DD) of an instant; `''` for an invalid date. */
export function parisDay(value: Date | string | number): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? '' : isoDay.format(d);
}

function formatValue(locale: Locale, value: unknown): string {
  if (typeof value === 'number') return formatNumber(locale, value);
  if (value instanceof Date) return formatDate(locale, value);
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Looks a key up and fills its placeholders. A missing key falls back to French, then to the key itself:
 * a visible key is a bug to fix, never a crash in a school's page.
 */
export function translate<K extends string>(
  catalog: Catalog<K>,
  locale: Locale,
  key: K,
  vars: MessageVars = {},
): string {
  const table = catalog[locale];
  const message = (typeof table === 'function' ? undefined : table?.[key]) ?? catalog.fr?.[key];
  if (message === undefined) return key;
  if (typeof message === 'function') return message(vars, locale);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? formatValue(locale, vars[name]) : whole,
  );
}

/** The language that applies to `el`: its own or nearest ancestor's `lang`, crossing shadow roots, else the page's. */
export function resolveLang(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang;
}

/** Elements that follow the page's language; told when any `lang` attribute in the document changes. */
const langListeners = new Set<() => void>();
let langObserver: MutationObserver | undefined;

export function onLangChange(listener: () => void): () => void {
  langListeners.add(listener);
  if (!langObserver && typeof MutationObserver !== 'undefined') {
    langObserver = new MutationObserver(() => {
      for (const notify of [...langListeners]) notify();
    });
    langObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
      subtree: true,
    });
  }
  return () => {
    langListeners.delete(listener);
    if (langListeners.size === 0 && langObserver) {
      langObserver.disconnect();
      langObserver = undefined;
    }
  };
}

const fr = {
  loading: 'Chargement…',
  saving: 'Enregistrement…',
  saved: 'Enregistré.',
  networkError: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
  unexpectedError: 'Une erreur inattendue est survenue ({status}).',
  signedOut: 'Votre session a expiré : reconnectez-vous.',
  forbidden: 'Vous n’avez pas accès à cette information.',
  tooManyRequests: (v) =>
    typeof v.minutes === 'number' && v.minutes > 0
      ? `Trop de tentatives, réessayez dans ${v.minutes}\u00a0min.`
      : 'Trop de tentatives, réessayez dans quelques instants.',
  liveReconnecting: 'Connexion interrompue : reconnexion en cours…',
  errorsHeading: 'À corriger :',
  dismiss: 'Fermer le message',
  loadFailed: 'Chargement impossible :',
  notFound: 'Cette information est introuvable (adresse erronée ou supprimée).',
  retry: 'Réessayer',
  offline: 'Vous êtes hors ligne : vérifiez le Wi-Fi ou le réseau, puis réessayez.',
  corsRefused: (v) =>
    `Le serveur ${v.api} refuse les demandes de ce site (${v.site}) : son administrateur doit ajouter ${v.site} à la liste PREAU_ALLOWED_ORIGINS.`,
  originRefused: (v) =>
    `Ce site (${v.site}) n’est pas autorisé à modifier les données de ${v.api} : son administrateur doit l’ajouter à la liste PREAU_ALLOWED_ORIGINS.`,
  unreachable: (v) =>
    `Le serveur ${v.api} ne répond pas. Vérifiez l’adresse donnée dans src (${v.url}) et la connexion.`,
  wrongSrc: (v) =>
    `L’adresse ${v.url} ne mène pas à l’API de l’ENT (la réponse n’est pas du JSON) : vérifiez l’attribut src.`,
  notFoundSrc: (v) =>
    `Rien à l’adresse ${v.url}, ou rien qui vous soit accessible : vérifiez l’attribut src.`,
  signInToEnt: 'Se connecter à l’ENT',
  popupBlocked:
    'La fenêtre de connexion n’a pas pu s’ouvrir : autorisez les fenêtres surgissantes pour ce site, puis réessayez.',
  boardMode: 'Mode tableau',
  undo: 'Annuler',
  waiting: (v) =>
    Number(v.count) > 1
      ? `${v.count} modifications en attente d’envoi.`
      : '1 modification en attente d’envoi.',
} satisfies Messages<string>;
export type BaseMessageKey = keyof typeof fr;

/** Messages every element shares (status region, client errors); English in messages.en.ts. */
export const baseMessages = defineCatalog<BaseMessageKey>({
  fr,
  en: () => import('./messages.en.js').then((m) => m.en),
});
