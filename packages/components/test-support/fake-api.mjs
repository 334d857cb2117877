// Test-only HTTP routes served by web-test-runner's dev server (Koa middleware). Each test picks its own
// namespace (`/__test/<ns>/…`) so parallel test files never share state; cookies are scoped to that path.
// The fake API follows the real one's contract: problem+json bodies with `field`/`message` errors, a CSRF token
// read from GET /me and checked on unsafe methods, 429 with Retry-After after repeated failed sign-ins.
import { randomUUID } from 'node:crypto';

const namespaces = new Map();

function state(ns) {
  let s = namespaces.get(ns);
  if (!s) {
    s = {
      users: {
        'parent.martin': {
          password: 'Reims-2026-Marne',
          profile: 'guardian',
          firstName: 'Claire',
          lastName: 'Martin',
        },
        'eleve.nouveau': {
          password: 'K7QP-9XWD',
          profile: 'student',
          firstName: 'Hugo',
          lastName: 'Lefèvre',
          mustChangePassword: true,
        },
        'prof.durand': {
          password: 'Schuman-51-Prof',
          profile: 'teacher',
          firstName: 'Anne',
          lastName: 'Durand',
        },
      },
      sessions: new Map(),
      failures: 0,
      csrfRotations: 0,
      events: [],
    };
    namespaces.set(ns, s);
  }
  return s;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function send(ctx, status, body, headers = {}) {
  ctx.status = status;
  for (const [k, v] of Object.entries(headers)) ctx.set(k, v);
  if (body === undefined) return;
  ctx.type = headers['Content-Type'] ?? 'application/json';
  ctx.body = typeof body === 'string' ? body : JSON.stringify(body);
}

function problem(ctx, status, type, title, extra = {}, headers = {}) {
  send(
    ctx,
    status,
    { type: `/api/docs#probleme-${type}`, title, status, ...extra },
    {
      'Content-Type': 'application/problem+json',
      ...headers,
    },
  );
}

function cookieName(ns) {
  return `preau_test_${ns.replace(/[^a-zA-Z0-9]/g, '')}`;
}

function session(ctx, ns, s) {
  const match = new RegExp(`${cookieName(ns)}=([^;]+)`).exec(ctx.get('cookie'));
  return match ? s.sessions.get(match[1]) : undefined;
}

// Same shape as the real API's MeSchema (apps/api/src/routes/auth.ts).
function me(login, sess, s) {
  const u = s.users[login];
  const body = {
    user: {
      id: `u-${login}`,
      login,
      firstName: u.firstName,
      lastName: u.lastName,
      profile: u.profile,
      functions: [],
      uai: '0511234X',
      etablissement: { uai: '0511234X', name: 'Collège Robert Schuman' },
      scope: null,
      mustChangePassword: Boolean(u.mustChangePassword),
    },
    csrfToken: sess.csrf,
    sessionExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
  };
  if (u.profile === 'guardian') {
    body.children = [
      {
        id: 'u-eleve.martin',
        firstName: 'Léa',
        lastName: 'Martin',
        uai: '0511234X',
        class: { id: 'c-4b', name: '4e B' },
      },
    ];
  }
  if (u.profile === 'teacher') {
    body.classes = [
      {
        id: 'c-4b',
        name: '4e B',
        kind: 'classe',
        isHeadTeacher: true,
        subjects: [{ id: 's-math', code: 'MATHS', name: 'Mathématiques' }],
      },
    ];
  }
  return body;
}

function checkCsrf(ctx, sess) {
  return sess && ctx.get('x-csrf-token') === sess.csrf;
}

export async function fakeApiMiddleware(ctx, next) {
  const match = /^\/__test\/([\w-]+)\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, ns, route] = match;
  const s = state(ns);
  const method = ctx.method;
  const base = `/__test/${ns}/`;

  // Usage-events receiver: keeps what arrived, with its content type and whether a cookie came along.
  if (route === 'events' && method === 'POST') {
    const text = await readBody(ctx.req);
    s.events.push({ contentType: ctx.get('content-type'), cookie: ctx.get('cookie'), body: text });
    return send(ctx, 202, { accepted: true });
  }
  if (route === 'events' && method === 'GET') return send(ctx, 200, s.events);

  // A school page that loads the built CDN files under a strict Content-Security-Policy (no inline script or
  // style): `?script=preau.js&script=autoloader.js&tags=preau-sign-in`.
  if (route === 'cdn-page') {
    const scripts = ctx.query.script ? [ctx.query.script].flat() : [];
    const tags = String(ctx.query.tags ?? '')
      .split(',')
      .filter((t) => /^preau-[a-z-]+$/.test(t));
    ctx.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'",
    );
    return send(
      ctx,
      200,
      `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="preau-api" content="${base}api/v1"><meta name="preau-usage" content="off">
${scripts
  .filter((name) => /^[\w.-]+\.js$/.test(name))
  .map((name) => `<script type="module" src="/packages/components/dist/cdn/${name}"></script>`)
  .join('\n')}
</head><body>${tags.map((t) => `<${t}></${t}>`).join('')}</body></html>`,
      { 'Content-Type': 'text/html; charset=utf-8' },
    );
  }

  // The element contract's strict-CSP page: an element module, nothing inline, styles only from 'self'.
  if (route === 'contract-page') {
    const module = String(ctx.query.module ?? '');
    if (!/^\/packages\/components\/src\/[\w/.-]+\.ts$/.test(module))
      return problem(ctx, 400, 'module', 'module');
    ctx.set(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'",
    );
    return send(
      ctx,
      200,
      `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="preau-usage" content="off">
<script type="module" src="${module}"></script></head><body></body></html>`,
      { 'Content-Type': 'text/html; charset=utf-8' },
    );
  }

  // Client behaviour routes.
  if (route === 'api/v1/problem/validation') {
    return problem(ctx, 400, 'validation', 'Requête invalide', {
      detail: 'Corrigez les champs signalés puis réessayez.',
      errors: [
        { field: 'body.value', message: 'La note doit être comprise entre 0 et 20.' },
        { field: 'body.coefficient', message: 'Le coefficient doit être positif.' },
      ],
    });
  }
  if (route === 'api/v1/problem/html') {
    return send(ctx, 502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' });
  }
  if (route === 'api/v1/slow') {
    await new Promise((r) => setTimeout(r, 3000));
    return send(ctx, 200, { late: true });
  }
  if (route === 'api/v1/rotate-csrf' && method === 'POST') {
    // Simulates the session's token changing behind the page's back (renewed session).
    const sess = session(ctx, ns, s);
    if (!sess) return problem(ctx, 401, 'unauthenticated', 'Connexion requise');
    sess.csrf = randomUUID();
    s.csrfRotations++;
    return send(ctx, 204);
  }
  if (route === 'api/v1/notes' && method === 'POST') {
    const sess = session(ctx, ns, s);
    if (!sess) return problem(ctx, 401, 'unauthenticated', 'Connexion requise');
    if (!checkCsrf(ctx, sess)) {
      return problem(ctx, 403, 'csrf', 'Requête refusée par la protection CSRF', {
        detail: 'Jeton CSRF absent ou incorrect.',
      });
    }
    return send(ctx, 201, { saved: JSON.parse((await readBody(ctx.req)) || 'null') });
  }
  if (route === 'api/v1/live') {
    // Two events per connection, then the server closes; the browser reconnects with Last-Event-ID.
    const last = Number(ctx.get('last-event-id') || 0);
    ctx.status = 200;
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = `retry: 50\n\nid: ${last + 1}\nevent: mark-change\ndata: {"n":${last + 1}}\n\nid: ${last + 2}\ndata: {"n":${last + 2}}\n\n`;
    return;
  }

  // Load and save controllers: a route that fails once then answers, one that is missing, and a write receiver
  // that keeps each request's idempotency key (`?fail=400` refuses with a problem naming a field).
  if (route === 'api/v1/flaky' && method === 'GET') {
    s.flaky = (s.flaky ?? 0) + 1;
    if (s.flaky === 1)
      return problem(ctx, 503, 'unavailable', 'Service indisponible', { detail: 'Maintenance.' });
    return send(ctx, 200, { answer: s.flaky });
  }
  if (route === 'api/v1/writes' && method === 'GET') return send(ctx, 200, s.writes ?? []);
  if (route === 'api/v1/writes' && method !== 'GET') {
    const body = JSON.parse((await readBody(ctx.req)) || 'null');
    if (ctx.query.fail) {
      return problem(ctx, Number(ctx.query.fail), 'validation', 'Requête invalide', {
        detail: 'Rien n’a été enregistré.',
        errors: [{ field: 'body.value', message: 'Valeur refusée.' }],
      });
    }
    s.writes = [...(s.writes ?? []), { method, key: ctx.get('idempotency-key'), body }];
    return send(ctx, 200, { saved: s.writes.length });
  }

  // Authentication, like the real API's.
  if (route === 'api/v1/me' && method === 'GET') {
    const sess = session(ctx, ns, s);
    if (!sess)
      return problem(ctx, 401, 'unauthenticated', 'Connexion requise', {
        detail: 'Connectez-vous pour continuer.',
      });
    return send(ctx, 200, me(sess.login, sess, s));
  }
  if (route === 'api/v1/auth/login' && method === 'POST') {
    if (s.failures >= 5) {
      return problem(
        ctx,
        429,
        'too-many-requests',
        'Trop de requêtes',
        { detail: 'Trop de tentatives de connexion. Réessayez dans 5 minutes.' },
        { 'Retry-After': '300' },
      );
    }
    let body;
    try {
      body = JSON.parse(await readBody(ctx.req));
    } catch {
      return problem(ctx, 400, 'malformed-json', 'Corps de requête illisible');
    }
    const errors = [];
    if (!body?.login) errors.push({ field: 'body.login', message: 'Saisissez votre identifiant.' });
    if (!body?.password) errors.push({ field: 'body.password', message: 'Saisissez votre mot de passe.' });
    if (errors.length) return problem(ctx, 400, 'validation', 'Requête invalide', { errors });
    const user = s.users[body.login];
    if (!user || user.password !== body.password) {
      s.failures++;
      return problem(ctx, 401, 'invalid-credentials', 'Identifiant ou mot de passe incorrect', {
        detail: 'Vérifiez votre saisie : attention aux majuscules.',
      });
    }
    s.failures = 0;
    const id = randomUUID();
    const sess = { login: body.login, csrf: randomUUID() };
    s.sessions.set(id, sess);
    ctx.set('Set-Cookie', `${cookieName(ns)}=${id}; Path=${base}; HttpOnly; SameSite=Lax`);
    return send(ctx, 200, me(body.login, sess, s));
  }
  if (route === 'api/v1/auth/password' && method === 'POST') {
    const sess = session(ctx, ns, s);
    if (!sess) return problem(ctx, 401, 'unauthenticated', 'Connexion requise');
    if (!checkCsrf(ctx, sess)) return problem(ctx, 403, 'csrf', 'Requête refusée par la protection CSRF');
    const body = JSON.parse((await readBody(ctx.req)) || '{}');
    const user = s.users[sess.login];
    if (body.currentPassword !== user.password) {
      return problem(ctx, 400, 'validation', 'Requête invalide', {
        errors: [{ field: 'body.currentPassword', message: 'Le mot de passe actuel est incorrect.' }],
      });
    }
    if (typeof body.newPassword !== 'string' || body.newPassword.length < 10) {
      return problem(ctx, 400, 'validation', 'Requête invalide', {
        detail: 'Choisissez un mot de passe plus solide.',
        errors: [
          { field: 'body.newPassword', message: 'Le mot de passe doit contenir au moins 10 caractères.' },
        ],
      });
    }
    user.password = body.newPassword;
    user.mustChangePassword = false;
    return send(ctx, 204);
  }
  if (route === 'api/v1/auth/logout' && method === 'POST') {
    const sess = session(ctx, ns, s);
    if (sess && !checkCsrf(ctx, sess))
      return problem(ctx, 403, 'csrf', 'Requête refusée par la protection CSRF');
    ctx.set('Set-Cookie', `${cookieName(ns)}=; Path=${base}; HttpOnly; SameSite=Lax; Max-Age=0`);
    return send(ctx, 204);
  }
  return problem(ctx, 404, 'not-found', 'Ressource introuvable', {
    detail: `Aucune route ${method} /${route}.`,
  });
}
