import type { ApiApp } from '../../src/app.js';
import { SESSION_COOKIE } from '../../src/auth/sessions.js';
import { DEVICE_COOKIE } from '../../src/auth/throttle.js';
import { CSRF_HEADER } from '../../src/http/csrf.js';

export interface RequestOptions {
  /** Sent as JSON with its content type. */
  json?: unknown;
  /** Sent as is (string, FormData, bytes). */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Overrides the client's Origin for this request; null sends none. */
  origin?: string | null;
  /** Leave out the CSRF token (to test its check). */
  withoutCsrf?: boolean;
}

/**
 * Calls the app in process like a browser would: keeps the session cookie (and the sign-in's device cookie, sent
 * to /api/v1/auth only), sends Origin, and repeats the session's CSRF token on unsafe methods.
 */
export class TestClient {
  private token: string | undefined;
  /** The `preau_device` cookie this browser holds, if any. */
  device: string | undefined;
  csrfToken: string | undefined;
  readonly origin: string | null;
  readonly address: string;

  constructor(
    private readonly app: ApiApp,
    options: { origin: string | null; address?: string },
  ) {
    this.origin = options.origin;
    this.address = options.address ?? '127.0.0.1';
  }

  get sessionToken(): string | undefined {
    return this.token;
  }

  useSession(token: string, csrfToken?: string): void {
    this.token = token;
    this.csrfToken = csrfToken;
  }

  /** Signs in through the API; keeps the cookie and the CSRF token from the answer. */
  async signIn(login: string, password: string): Promise<Response> {
    const res = await this.request('POST', '/api/v1/auth/login', { json: { login, password } });
    if (res.ok) this.csrfToken = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return res;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin) headers.Origin = origin;
    const cookies = [
      this.token && `${SESSION_COOKIE}=${this.token}`,
      this.device && path.startsWith('/api/v1/auth/') && `${DEVICE_COOKIE}=${this.device}`,
    ].filter(Boolean);
    if (cookies.length) headers.Cookie = cookies.join('; ');
    if (this.csrfToken && !options.withoutCsrf && !/^(GET|HEAD|OPTIONS)$/i.test(method)) {
      headers[CSRF_HEADER] = this.csrfToken;
    }
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await this.app.request(
      path,
      { method, headers, body },
      {
        incoming: { socket: { remoteAddress: this.address } },
      },
    );
    this.keepCookie(res);
    return res;
  }

  get(path: string, options?: RequestOptions) {
    return this.request('GET', path, options);
  }
  post(path: string, options?: RequestOptions) {
    return this.request('POST', path, options);
  }
  put(path: string, options?: RequestOptions) {
    return this.request('PUT', path, options);
  }
  patch(path: string, options?: RequestOptions) {
    return this.request('PATCH', path, options);
  }
  delete(path: string, options?: RequestOptions) {
    return this.request('DELETE', path, options);
  }

  private keepCookie(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = pair!.split('=');
      if (name?.trim() === DEVICE_COOKIE) this.device = value || undefined;
      if (name?.trim() !== SESSION_COOKIE) continue;
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      this.token = expired || !value ? undefined : value;
      if (!this.token) this.csrfToken = undefined;
    }
  }
}

/** The problem document of a response, asserting its media type. */
export async function problemOf(res: Response): Promise<{
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) {
    throw new Error(`Expected application/problem+json, got ${type || 'nothing'} (status ${res.status})`);
  }
  return res.json();
}
