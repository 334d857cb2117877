/**
 * A small in-page ENT for the stories of connected elements (Storybook has no server): it answers `fetch` calls
 * under `/storybook-api/v1/` the way Préau's API does (session, CSRF token, problem+json, 429 with Retry-After)
 * and lets every other request through. Demo accounts:
 *   claire.martin / Reims-2026-Marne  (parent of Léa and Hugo)
 *   hugo.lefevre  / K7QP-9XWD          (issued access code: must choose a password)
 */
export const DEMO_API = '/storybook-api/v1';

interface Account {
  password: string;
  mustChangePassword: boolean;
  user: { id: string; login: string; firstName: string; lastName: string; profile: string };
}

const accounts: Record<string, Account> = {
  'claire.martin': {
    password: 'Reims-2026-Marne',
    mustChangePassword: false,
    user: {
      id: 'u-101',
      login: 'claire.martin',
      firstName: 'Claire',
      lastName: 'Martin',
      profile: 'guardian',
    },
  },
  'hugo.lefevre': {
    password: 'K7QP-9XWD',
    mustChangePassword: true,
    user: { id: 'u-102', login: 'hugo.lefevre', firstName: 'Hugo', lastName: 'Lefèvre', profile: 'student' },
  },
};

let session: { login: string; csrf: string } | undefined;
let failures = 0;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
const problem = (status: number, type: string, title: string, extra: object = {}, headers = {}) =>
  new Response(JSON.stringify({ type: `/api/docs#probleme-${type}`, title, status, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });

function me() {
  const account = accounts[session!.login];
  return {
    user: { ...account.user, functions: [], uai: '0511234X', mustChangePassword: account.mustChangePassword },
    csrfToken: session!.csrf,
    sessionExpiresAt: '2099-12-31T23:00:00.000Z', // the demo's sessions never expire
  };
}

async function answer(method: string, route: string, init: RequestInit | undefined): Promise<Response> {
  const body = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
  const token = new Headers(init?.headers).get('X-CSRF-Token');
  if (route === 'me') return session ? json(200, me()) : problem(401, 'unauthenticated', 'Connexion requise');
  if (route === 'auth/login' && method === 'POST') {
    if (failures >= 5) {
      return problem(429, 'too-many-requests', 'Trop de requêtes', {}, { 'Retry-After': '600' });
    }
    const account = accounts[body.login];
    if (!account || account.password !== body.password) {
      failures++;
      return problem(401, 'invalid-credentials', 'Identifiant ou mot de passe incorrect', {
        detail: 'Vérifiez-les, ou demandez un nouveau code d’accès.',
      });
    }
    failures = 0;
    session = { login: body.login, csrf: crypto.randomUUID() };
    return json(200, me());
  }
  if (!session) return problem(401, 'unauthenticated', 'Connexion requise');
  if (token !== session.csrf) return problem(403, 'csrf', 'Requête refusée par la protection CSRF');
  if (route === 'auth/password' && method === 'POST') {
    const account = accounts[session.login];
    if (typeof body.newPassword !== 'string' || body.newPassword.length < 12) {
      return problem(400, 'validation', 'Requête invalide', {
        detail: 'Choisissez un mot de passe plus solide.',
        errors: [{ field: 'body.newPassword', message: 'Au moins 12 caractères.' }],
      });
    }
    account.password = body.newPassword;
    account.mustChangePassword = false;
    return json(204, undefined);
  }
  if (route === 'auth/logout' && method === 'POST') {
    session = undefined;
    return json(204, undefined);
  }
  return problem(404, 'not-found', 'Ressource introuvable');
}

let installed = false;

/** Installs the demo API; `state` starts the story signed out, signed in, or rate-limited. */
export function useDemoApi(state: 'signed-out' | 'signed-in' | 'rate-limited' = 'signed-out'): void {
  session = state === 'signed-in' ? { login: 'claire.martin', csrf: crypto.randomUUID() } : undefined;
  failures = state === 'rate-limited' ? 5 : 0;
  accounts['hugo.lefevre'].password = 'K7QP-9XWD';
  accounts['hugo.lefevre'].mustChangePassword = true;
  if (installed) return;
  installed = true;
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!url.pathname.startsWith(`${DEMO_API}/`)) return realFetch(input, init);
    await new Promise((r) => setTimeout(r, 250)); // a believable network delay
    return answer((init?.method ?? 'GET').toUpperCase(), url.pathname.slice(DEMO_API.length + 1), init);
  };
}
