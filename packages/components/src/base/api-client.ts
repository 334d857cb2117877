/**
 * The one HTTP client of Préau's elements in connected mode: same-site or cross-site API calls with the session
 * cookie (`credentials: 'include'`), JSON bodies, the CSRF token on unsafe methods, and `application/problem+json`
 * errors turned into {@link ProblemError}s whose French `title`, `detail` and `errors[]` are shown to the user.
 */
import { systemClock } from '@preau/core/clock';

/** One bad field named by a problem (RFC 9457 `errors[]`). */
export interface ProblemFieldError {
  /** The field, as the server names it (`password`, `marks/3/value`); empty when the problem is not about one. */
  field: string;
  detail: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors: ProblemFieldError[];
  /** Seconds to wait before retrying (429, 503), from `Retry-After` or the body. */
  retryAfter?: number;
  /** The raw body, for members a route adds (e.g. `mustChangePassword`). */
  body: Record<string, unknown>;
}

/** An HTTP error answer, or `status: 0` when the server could not be reached. */
export class ProblemError extends Error implements ProblemDetails {
  override readonly name = 'ProblemError';
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors: ProblemFieldError[];
  readonly retryAfter?: number;
  readonly body: Record<string, unknown>;

  constructor(problem: ProblemDetails) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title || `HTTP ${problem.status}`);
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.errors = problem.errors;
    this.retryAfter = problem.retryAfter;
    this.body = problem.body;
  }

  /** True when the server could not be reached at all (offline, DNS, CORS refusal). */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** Why a request got no answer: the device is offline, the API refused this site (CORS), or it is unreachable. */
  get networkReason(): NetworkReason | undefined {
    const reason = this.body.reason;
    return this.status === 0 && (reason === 'offline' || reason === 'cors' || reason === 'unreachable')
      ? reason
      : undefined;
  }

  get isCsrfError(): boolean {
    return this.status === 403 && /csrf/i.test(this.type);
  }
}

export type NetworkReason = 'offline' | 'cors' | 'unreachable';

/**
 * Why a fetch failed without an answer. A cross-origin API that answers a no-cors probe is up: the browser refused
 * its answer, so the API does not allow this site (CORS). Otherwise the device is offline or the API unreachable.
 */
export async function diagnoseNetworkFailure(url: string): Promise<NetworkReason> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
  const target = new URL(url, location.href);
  if (target.origin === location.origin) return 'unreachable';
  try {
    await fetch(target.href, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    return 'cors';
  } catch {
    return typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'unreachable';
  }
}

/** The origin of an API root or URL, resolved against the page. */
export function originOf(url: string): string {
  try {
    return new URL(url, location.href).origin;
  } catch {
    return location.origin;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fieldOf(entry: Record<string, unknown>): string {
  const raw = entry.field ?? entry.name ?? entry.pointer ?? entry.path;
  if (Array.isArray(raw)) return raw.join('/');
  const text = typeof raw === 'string' ? raw : '';
  // JSON pointers (`#/password`, `/marks/0`) name the same field as `password`, `marks/0`.
  return text.replace(/^#?\//, '');
}

function parseRetryAfter(header: string | null, body: Record<string, unknown>): number | undefined {
  if (typeof body.retryAfter === 'number' && body.retryAfter >= 0) return body.retryAfter;
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - systemClock().getTime()) / 1000));
}

/** Builds the problem of an error response, whatever its body (problem+json, other JSON, HTML, nothing). */
export async function problemFromResponse(response: Response): Promise<ProblemError> {
  let body: Record<string, unknown> = {};
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type)) {
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      // A malformed error body still yields a problem with the status.
    }
  }
  const rawErrors = Array.isArray(body.errors) ? body.errors : [];
  const errors: ProblemFieldError[] = rawErrors.flatMap((entry) => {
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    const detail = str(e.detail) ?? str(e.message) ?? str(e.title);
    return detail ? [{ field: fieldOf(e), detail }] : [];
  });
  return new ProblemError({
    type: str(body.type) ?? 'about:blank',
    title: str(body.title) ?? response.statusText ?? '',
    status: typeof body.status === 'number' ? body.status : response.status,
    detail: str(body.detail),
    errors,
    retryAfter: parseRetryAfter(response.headers.get('retry-after'), body),
    body,
  });
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** JSON-serialisable value, or FormData / Blob / URLSearchParams sent as they are. */
  body?: unknown;
}

export interface LiveHandlers {
  /** Unnamed messages (`data:` lines without `event:`), JSON-parsed when they are JSON. */
  onMessage?: (data: unknown, event: MessageEvent) => void;
  /** Named events (`event: grade-change`). */
  events?: Record<string, (data: unknown, event: MessageEvent) => void>;
  /** `open`, `reconnecting` (the browser retries, sending Last-Event-ID) or `closed` (given up, e.g. 401). */
  onStatus?: (status: 'open' | 'reconnecting' | 'closed') => void;
}

export interface LiveConnection {
  close(): void;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'X-CSRF-Token';
export const DEFAULT_API_BASE = '/api/v1';
const ACCESS_CHANGE = 'preau-access-changed';

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class ApiClient {
  /** The API root, e.g. `/api/v1` or `https://ent.example.fr/api/v1`, without a trailing slash. */
  readonly base: string;
  #csrfToken: string | undefined;
  /** The last answer said there is no session (401): no token to look for until one is given. */
  #anonymous = false;
  #csrfPending: Promise<string | undefined> | undefined;
  /** Who `/me` said is signed in (the offline outbox sends a person's writes only in their own session). */
  #userId: string | undefined;
  /** A cross-site access token (see `cross-site.ts`), held in memory only. */
  #bearer: string | undefined;

  constructor(base: string = DEFAULT_API_BASE) {
    this.base = base.replace(/\/+$/, '') || DEFAULT_API_BASE;
  }

  /** The API's origin (`https://ent.example.fr`), resolved against the page. */
  get origin(): string {
    return originOf(this.base);
  }

  /** The API is on another origin than the page. */
  get crossOrigin(): boolean {
    return this.origin !== location.origin;
  }

  /**
   * Uses an access token instead of the session cookie: sent as `Authorization: Bearer`, without cookies (so no
   * CSRF token is needed). `undefined` forgets it. Its end is the server's to say (a 401 forgets it): its lifetime
   * slides with use, and the page's clock need not agree with the server's.
   */
  setAccessToken(token: string | undefined): void {
    this.#bearer = token;
    // The page's elements reading this API read again with it (see `onAccessChange`).
    if (token) window.dispatchEvent(new CustomEvent(ACCESS_CHANGE, { detail: this.base }));
  }

  /** The signed-in user's id, from `/me` (asked once); undefined when nobody is signed in or the API is out of reach. */
  async currentUserId(signal?: AbortSignal): Promise<string | undefined> {
    if (this.#userId) return this.#userId;
    try {
      await this.get('me', { signal });
    } catch (error) {
      if (isAbortError(error)) throw error;
    }
    return this.#userId;
  }

  /** The access token given by the ENT's sign-in window, until the server refuses it. */
  get accessToken(): string | undefined {
    return this.#bearer;
  }

  /** `x/y` and `/x/y` relative to the base; absolute paths that already start with the base and full URLs as they are. */
  url(path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    const basePath = this.base.replace(/^https?:\/\/[^/]+/i, '');
    if (path.startsWith(`${basePath}/`) || path === basePath) {
      return this.base.slice(0, this.base.length - basePath.length) + path;
    }
    return `${this.base}/${path.replace(/^\/+/, '')}`;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /** Sends a request and returns the parsed JSON (undefined for 204); throws a {@link ProblemError} otherwise. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.fetch(method, path, options);
    if (response.status === 204 || response.status === 205) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    if (!/json/i.test(type)) return (await response.text()) as T;
    const data: unknown = await response.json();
    this.#noteToken(response, data);
    return data as T;
  }

  /** Like {@link request} but hands back the successful `Response` (Arrow IPC, files, streams). */
  async fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const verb = method.toUpperCase();
    let response = await this.#send(verb, path, options);
    if (response.ok) return response;
    if (response.status === 401) {
      // An access token the server no longer accepts is forgotten: the next sign-in gives a new one.
      if (this.#bearer) this.#bearer = undefined;
      else this.#anonymous = true;
    }
    let problem = await problemFromResponse(response);
    if (problem.isCsrfError && UNSAFE.has(verb)) {
      // The token rotates with the session (sign-in, expiry): fetch the current one and try once more.
      this.#csrfToken = undefined;
      await this.refreshCsrfToken(options.signal);
      response = await this.#send(verb, path, options);
      if (response.ok) return response;
      problem = await problemFromResponse(response);
    }
    throw problem;
  }

  /** The current CSRF token, read from `GET <base>/me` the first time an unsafe request needs it. */
  async csrfToken(signal?: AbortSignal): Promise<string | undefined> {
    if (this.#csrfToken || this.#anonymous) return this.#csrfToken;
    return this.refreshCsrfToken(signal);
  }

  refreshCsrfToken(signal?: AbortSignal): Promise<string | undefined> {
    this.#csrfPending ??= (async () => {
      try {
        const response = await fetch(this.url('me'), {
          credentials: 'include',
          headers: { Accept: 'application/json' },
          signal,
        });
        this.#anonymous = response.status === 401;
        let data: unknown;
        if (/json/i.test(response.headers.get('content-type') ?? ''))
          data = await response.json().catch(() => ({}));
        this.#noteToken(response, data);
      } catch (error) {
        if (isAbortError(error)) throw error;
        // Unreachable server: the request itself will report it.
      } finally {
        this.#csrfPending = undefined;
      }
      return this.#csrfToken;
    })();
    return this.#csrfPending;
  }

  /** Sets the token (a sign-in answer carries the new session's) or forgets it (`undefined`, after sign-out). */
  setCsrfToken(token: string | undefined): void {
    this.#csrfToken = token;
    this.#anonymous = false;
    this.#userId = undefined;
  }

  /**
   * Follows server-sent events. The browser reconnects by itself and sends `Last-Event-ID`, so the server
   * replays what was missed; a connection the server refuses (401, 404) is reported `closed`.
   */
  live(path: string, handlers: LiveHandlers): LiveConnection {
    if (typeof EventSource === 'undefined') {
      handlers.onStatus?.('closed');
      return { close() {} };
    }
    const source = new EventSource(this.url(path), { withCredentials: true });
    source.onopen = () => handlers.onStatus?.('open');
    source.onerror = () =>
      handlers.onStatus?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    if (handlers.onMessage) {
      const onMessage = handlers.onMessage;
      source.onmessage = (event) => onMessage(parseData(event.data), event);
    }
    for (const [name, handler] of Object.entries(handlers.events ?? {})) {
      source.addEventListener(name, (event) =>
        handler(parseData((event as MessageEvent).data), event as MessageEvent),
      );
    }
    return { close: () => source.close() };
  }

  async #send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...options.headers,
    };
    let body: BodyInit | undefined;
    const raw = options.body;
    if (
      raw instanceof FormData ||
      raw instanceof Blob ||
      raw instanceof URLSearchParams ||
      typeof raw === 'string'
    ) {
      body = raw;
    } else if (raw !== undefined) {
      body = JSON.stringify(raw);
      headers['Content-Type'] = 'application/json';
    }
    const bearer = this.accessToken;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    else if (UNSAFE.has(method)) {
      const token = await this.csrfToken(options.signal);
      if (token) headers[CSRF_HEADER] = token;
    }
    const url = this.url(path);
    try {
      return await fetch(url, {
        method,
        headers,
        body,
        // A bearer request carries no cookie: a browser never adds the token by itself, so it cannot be forged.
        credentials: bearer ? 'omit' : 'include',
        signal: options.signal,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      const reason = await diagnoseNetworkFailure(url);
      throw new ProblemError({
        type: `about:blank#network-${reason}`,
        title: '',
        status: 0,
        errors: [],
        body: { reason, url, apiOrigin: originOf(url), siteOrigin: location.origin },
      });
    }
  }

  #noteToken(response: Response, data: unknown): void {
    // `/me` and the sign-in answer: who is signed in, with the session's token.
    const me = data as { user?: { id?: unknown }; csrfToken?: unknown } | null;
    if (me && typeof me.user?.id === 'string' && typeof me.csrfToken === 'string') this.#userId = me.user.id;
    const header = response.headers.get(CSRF_HEADER);
    if (header) this.#csrfToken = header;
    if (header) this.#anonymous = false;
    if (data && typeof data === 'object' && 'csrfToken' in data) {
      const token = (data as { csrfToken: unknown }).csrfToken;
      if (typeof token === 'string' && token) {
        this.#csrfToken = token;
        this.#anonymous = false;
      }
    }
  }
}

/** The API root an element's `src` belongs to: the part up to `/api/v<n>`, else the page's `preau-api` meta. */
export function apiBaseFrom(src: string | null | undefined): string {
  const match = /^(.*?\/api\/v\d+)(?:\/|$|\?)/.exec(src ?? '');
  if (match) return match[1];
  const meta = document.querySelector<HTMLMetaElement>('meta[name="preau-api"]')?.content?.trim();
  return meta || DEFAULT_API_BASE;
}

const clients = new Map<string, ApiClient>();

/** The page's shared client for an API root: one CSRF token and one `/me` call for all elements. */
export function apiClient(base: string = apiBaseFrom(null)): ApiClient {
  const key = base.replace(/\/+$/, '');
  let client = clients.get(key);
  if (!client) {
    client = new ApiClient(key);
    clients.set(key, client);
  }
  return client;
}

/** Called when an access token was received for an API root (every element of that API reads again). */
export function onAccessChange(listener: (base: string) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<string>).detail);
  window.addEventListener(ACCESS_CHANGE, handler);
  return () => window.removeEventListener(ACCESS_CHANGE, handler);
}

/** The API roots the page's elements have talked to, first one first (the usage beacon's fallback endpoint). */
export function apiRoots(): string[] {
  return [...clients.keys()];
}
