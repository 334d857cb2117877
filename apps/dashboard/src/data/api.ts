/**
 * The dashboard's conversation with the Préau API: the session (sign-in, who am I) and the analytics datasets as
 * Arrow IPC streams. Errors become `ApiError`s carrying a French message a person can act on.
 */
import type { DatasetName } from '@preau/analytics/datasets';

import { t } from '../i18n.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The signed-in person as `GET /api/v1/me` describes them (only what the dashboard needs). */
export interface Me {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  profile: string;
  /** An analyst's territory: national, an académie or a département. */
  scope: { kind: 'national' | 'academie' | 'departement'; code: string | null; name: string } | null;
  mustChangePassword?: boolean;
}

export interface DatasetQuery {
  from?: string | null;
  to?: string | null;
  territory?: string | null;
}

export interface DownloadProgress {
  loaded: number;
  total: number;
}

async function problem(res: Response, fallback: string): Promise<ApiError> {
  let detail: string | undefined;
  try {
    const body = await res.json();
    detail = body.detail ?? body.title;
  } catch {
    /* not problem+json */
  }
  if (res.status === 401) return new ApiError(t('Votre session a expiré ou vous n’êtes pas connecté.', 'Your session has expired, or you are not signed in.'), 401, detail);
  if (res.status === 403)
    return new ApiError(
      t('Vous n’avez pas accès à ces données (territoire ou profil non autorisé).', 'You may not see these data (territory or profile not allowed).'),
      403,
      detail,
    );
  if (res.status === 429) return new ApiError(t('Trop de tentatives : réessayez dans un moment.', 'Too many attempts: try again in a moment.'), 429, detail);
  return new ApiError(detail ? `${fallback} : ${detail}` : fallback, res.status, detail);
}

export class Api {
  private csrfToken: string | undefined;

  /** `base` is the API root, e.g. `/api/v1` (same origin: the session cookie goes along). */
  constructor(readonly base = '/api/v1') {}

  async me(): Promise<Me | null> {
    const res = await fetch(`${this.base}/me`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status === 401) return null;
    if (!res.ok) throw await problem(res, t('Impossible de lire votre session', 'Your session could not be read'));
    const body = (await res.json()) as { user: Me; csrfToken?: string };
    this.csrfToken = body.csrfToken;
    return body.user;
  }

  async login(login: string, password: string): Promise<Me> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/auth/login`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ login, password }),
      });
    } catch {
      throw new ApiError(t('Le serveur ne répond pas. Vérifiez votre connexion.', 'The server does not answer. Check your connection.'), 0);
    }
    if (res.status === 401 || res.status === 400)
      throw new ApiError(t('Identifiant ou mot de passe incorrect.', 'Wrong login or password.'), res.status);
    if (!res.ok) throw await problem(res, t('La connexion a échoué', 'Sign-in failed'));
    const me = await this.me();
    if (!me) throw new ApiError(t('La session n’a pas pu être ouverte (cookies bloqués ?).', 'The session could not be opened (cookies blocked?).'), 401);
    return me;
  }

  async logout(): Promise<void> {
    await fetch(`${this.base}/auth/logout`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {},
    }).catch(() => undefined);
    this.csrfToken = undefined;
  }

  /** The Usages view's first figures, computed by the server (before the engine is loaded). */
  async usageSummary(q: { from: string; to: string; territory?: string | null }): Promise<{
    services: { service: string; visits: number; events: number; duration_s: number }[];
    weekly: { week: string; profile: string; visits: number }[];
  }> {
    const p = new URLSearchParams({ from: q.from, to: q.to });
    if (q.territory) p.set('territory', q.territory);
    const res = await fetch(`${this.base}/analytics/usage-summary?${p}`, { credentials: 'same-origin' });
    if (!res.ok) throw await problem(res, t('Les premiers chiffres n’ont pas pu être chargés', 'The first figures could not be loaded'));
    return res.json();
  }

  datasetUrl(name: DatasetName, q: DatasetQuery = {}): string {
    const p = new URLSearchParams();
    if (q.from) p.set('from', q.from);
    if (q.to) p.set('to', q.to);
    if (q.territory) p.set('territory', q.territory);
    const s = p.toString();
    return `${this.base}/analytics/datasets/${name}.arrow${s ? `?${s}` : ''}`;
  }

  /** Downloads one dataset as Arrow IPC bytes, reporting progress as they arrive. */
  async dataset(
    name: DatasetName,
    q: DatasetQuery = {},
    onProgress?: (p: DownloadProgress) => void,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    let res: Response;
    try {
      res = await fetch(this.datasetUrl(name, q), { credentials: 'same-origin', signal });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(t(`Le serveur ne répond pas (données « ${name} »).`, `The server does not answer (data “${name}”).`), 0);
    }
    if (!res.ok) throw await problem(res, t(`Les données « ${name} » n’ont pas pu être chargées`, `The data “${name}” could not be loaded`));
    const total = Number(res.headers.get('content-length') ?? 0);
    if (!res.body) return new Uint8Array(await res.arrayBuffer());
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress?.({ loaded, total });
    }
    const bytes = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  }
}
