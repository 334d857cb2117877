import type { Context } from 'hono';
import type { ZodError } from 'zod';

/** One bad field of a request: where it is (`body.login`, `query.from`, `params.id`) and what to do about it. */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document. Titles and details are French: people read them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** Problem types documented on the reference page (`/api/docs#probleme-<slug>`). */
export const PROBLEM_TYPES = {
  'bad-request': 'Requête invalide',
  validation: 'Données invalides',
  'malformed-json': 'JSON mal formé',
  'unsupported-media-type': 'Type de contenu non pris en charge',
  'payload-too-large': 'Contenu trop volumineux',
  unauthenticated: 'Connexion requise',
  'invalid-credentials': 'Identifiant ou mot de passe incorrect',
  'password-change-required': 'Changement de mot de passe requis',
  forbidden: 'Accès refusé',
  csrf: 'Requête refusée par la protection CSRF',
  'not-found': 'Ressource introuvable',
  'method-not-allowed': 'Méthode non autorisée',
  conflict: 'Conflit',
  'seance-not-started': "La séance n'a pas commencé",
  'too-many-requests': 'Trop de tentatives',
  'too-many-streams': 'Trop de flux ouverts',
  internal: 'Erreur interne',
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Thrown anywhere in a handler, a policy or a service: the app turns it into a problem+json response.
 * `headers` carries e.g. `Retry-After` or `Allow`.
 */
export class HttpProblem extends Error {
  readonly problem: Problem;
  readonly headers: Record<string, string>;
  constructor(problem: Problem, headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
    this.problem = problem;
    this.headers = headers;
  }
}

/**
 * Builds a problem of a documented type. `title` defaults to the type's French title.
 * Example: `throw problem(404, 'not-found', { detail: "Cet élève n'existe pas." })`.
 */
export function problem(
  status: number,
  type: ProblemType,
  options: { title?: string; detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
): HttpProblem {
  const body: Problem = {
    type: `/api/docs#probleme-${type}`,
    title: options.title ?? PROBLEM_TYPES[type],
    status,
  };
  if (options.detail) body.detail = options.detail;
  if (options.errors?.length) body.errors = options.errors;
  return new HttpProblem(body, options.headers);
}

/** Shorthands for the cases every area meets. */
export const notFound = (detail = "Cette ressource n'existe pas ou ne vous est pas accessible.") =>
  problem(404, 'not-found', { detail });
export const forbidden = (detail = "Votre profil ne permet pas d'effectuer cette action.") =>
  problem(403, 'forbidden', { detail });
export const invalid = (errors: FieldError[], detail = 'Corrigez les champs signalés puis réessayez.') =>
  problem(400, 'validation', { detail, errors });
export const conflict = (detail: string) => problem(409, 'conflict', { detail });

export function problemResponse(c: Context, p: HttpProblem): Response {
  return c.body(JSON.stringify(p.problem), p.problem.status as 400, {
    ...p.headers,
    'Content-Type': PROBLEM_MEDIA_TYPE,
  });
}

const TARGET_PREFIX: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'params',
  header: 'headers',
  cookie: 'cookies',
};

/**
 * Names each bad field of a failed zod validation, with a French message a person can act on.
 * `input` is the validated value: it tells a missing field from one of the wrong type.
 */
export function fieldErrors(error: ZodError, target: string, input?: unknown): FieldError[] {
  const prefix = TARGET_PREFIX[target] ?? target;
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    // A message written in the schema (French, for people) is kept; zod's own English ones are translated.
    if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) {
      return { field: [prefix, ...path].join('.'), message: issue.message };
    }
    // An unrecognized key is reported at the object level: name the key itself.
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys?: string[] }).keys ?? [];
      return {
        field: [prefix, ...path].join('.'),
        message: `Champ${keys.length > 1 ? 's' : ''} inconnu${keys.length > 1 ? 's' : ''} : ${keys.join(', ')}.`,
      };
    }
    return { field: [prefix, ...path].join('.'), message: frenchIssue(issue, valueAt(input, issue.path)) };
  });
}

const ZOD_DEFAULT_MESSAGE =
  /^(Invalid|Too (big|small)|Unrecognized|Expected|Number must|String must|Required)/;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

type Issue = ZodError['issues'][number];

function frenchIssue(issue: Issue, input: unknown): string {
  const i = issue as Issue & {
    expected?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    origin?: string;
    inclusive?: boolean;
    values?: unknown[];
    format?: string;
  };
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'Ce champ est obligatoire.';
      return `Type attendu : ${frenchType(i.expected)} (reçu : ${describe(input)}).`;
    case 'too_small':
      if (i.origin === 'string')
        return i.minimum === 1
          ? 'Ce champ ne peut pas être vide.'
          : `Au moins ${i.minimum} caractère${Number(i.minimum) > 1 ? 's' : ''}.`;
      if (i.origin === 'array') return `Au moins ${i.minimum} élément${Number(i.minimum) > 1 ? 's' : ''}.`;
      return `La valeur doit être ${i.inclusive ? 'supérieure ou égale' : 'strictement supérieure'} à ${i.minimum}.`;
    case 'too_big':
      if (i.origin === 'string') return `Au plus ${i.maximum} caractères.`;
      if (i.origin === 'array') return `Au plus ${i.maximum} éléments.`;
      return `La valeur doit être ${i.inclusive ? 'inférieure ou égale' : 'strictement inférieure'} à ${i.maximum}.`;
    case 'invalid_value':
      return `Valeur non reconnue ; valeurs possibles : ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'invalid_format':
      return `Format invalide${i.format ? ` (attendu : ${frenchFormat(i.format)})` : ''}.`;
    case 'not_multiple_of':
      return 'La valeur ne respecte pas le pas attendu.';
    case 'invalid_union':
      return 'La valeur ne correspond à aucune des formes acceptées.';
    default:
      return issue.message;
  }
}

function frenchType(t?: string): string {
  const names: Record<string, string> = {
    string: 'texte',
    number: 'nombre',
    int: 'nombre entier',
    boolean: 'booléen (true ou false)',
    object: 'objet',
    array: 'liste',
    date: 'date',
  };
  return (t && names[t]) ?? t ?? 'inconnu';
}

function frenchFormat(f: string): string {
  const names: Record<string, string> = {
    email: 'adresse électronique',
    date: 'date AAAA-MM-JJ',
    datetime: 'date et heure ISO 8601',
    uuid: 'identifiant UUID',
    regex: 'motif attendu',
  };
  return names[f] ?? f;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'liste';
  return frenchType(typeof v);
}
