import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { loadSession, readSessionToken } from '../auth/sessions.js';
import type { Db } from '../db/types.js';
import type { ApiApp, RouteDeps } from '../http/route.js';
import { escapeXml } from '../imports/xml.js';
import { page } from './routes.js';
import type { CasService, SsoSettings } from './settings.js';

/**
 * Préau as a CAS 3.0 server, for the tools a school links from its ENT (Pronote…):
 * - GET /cas/login?service=URL: with a Préau session, a service ticket is issued and the browser sent back to the
 *   service; without one, a sign-in form (checked by the API's own sign-in route, throttling included);
 * - GET /cas/p3/serviceValidate?service=URL&ticket=ST-…: the service's server checks the ticket (single use,
 *   short-lived, for that service only) and receives the user and the attributes released to it;
 * - GET /cas/serviceValidate: the same in CAS 2.0 (no attributes); GET /cas/logout.
 * Only services of the registry are served; each receives only the attributes its entry lists.
 */
const CAS_NS = 'http://www.yale.edu/tp/cas';
const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/** Pronote's profile categories. */
const CATEGORIES: Record<string, string> = {
  student: 'National_1',
  guardian: 'National_2',
  teacher: 'National_3',
  vie_scolaire: 'National_4',
  direction: 'National_4',
  staff: 'National_4',
};

export function registerCasRoutes(app: ApiApp, deps: RouteDeps, cas: NonNullable<SsoSettings['cas']>): void {
  const { db, clock, config } = deps;
  const serviceOf = (url: string | undefined): CasService | undefined =>
    url ? cas.services.find((s) => url.startsWith(s.urlPrefix)) : undefined;

  const issue = async (c: Context, userId: string, service: string) => {
    const ticket = `ST-${randomBytes(24).toString('base64url')}`;
    const now = clock();
    await db.query('DELETE FROM cas_tickets WHERE expires_at < $1', [now]);
    await db.query('INSERT INTO cas_tickets (id, user_id, service, expires_at) VALUES ($1, $2, $3, $4)', [
      hash(ticket),
      userId,
      service,
      new Date(now.getTime() + cas.ticketSeconds * 1000),
    ]);
    const target = new URL(service);
    target.searchParams.set('ticket', ticket);
    return c.redirect(target.toString(), 302);
  };

  app.get('/cas/login', async (c) => {
    const service = c.req.query('service');
    if (!serviceOf(service))
      return page(c, 400, 'Ce service n’est pas autorisé à utiliser la connexion Préau.');
    const token = readSessionToken(c);
    const session =
      token && !c.req.query('renew') ? await loadSession(db, token, clock(), config.sessionTtlSeconds) : null;
    if (session && !session.viewer.mustChangePassword) return issue(c, session.viewer.id, service!);
    if (c.req.query('gateway')) return c.redirect(service!, 302);
    return c.html(loginForm(service!, serviceOf(service)!.name));
  });

  app.post('/cas/login', async (c) => {
    if (c.req.header('origin') !== config.publicOrigin) return page(c, 403, 'Origine de la demande refusée.');
    const form = await c.req.parseBody();
    const service = typeof form.service === 'string' ? form.service : undefined;
    if (!serviceOf(service))
      return page(c, 400, 'Ce service n’est pas autorisé à utiliser la connexion Préau.');
    // The API's own sign-in route checks the password and counts failures.
    const res = await app.request(
      '/api/v1/auth/login',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: config.publicOrigin },
        body: JSON.stringify({ login: String(form.username ?? ''), password: String(form.password ?? '') }),
      },
      c.env,
    );
    if (res.status !== 200) {
      return c.html(
        loginForm(
          service!,
          serviceOf(service)!.name,
          res.status === 429
            ? 'Trop de tentatives : réessayez plus tard.'
            : 'Identifiant ou mot de passe incorrect.',
        ),
        res.status === 429 ? 429 : 401,
      );
    }
    const me = (await res.json()) as { user: { id: string; mustChangePassword: boolean } };
    for (const cookie of res.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    if (me.user.mustChangePassword) return c.redirect('/', 303);
    return issue(c, me.user.id, service!);
  });

  const validate = (withAttributes: boolean) => async (c: Context) => {
    const service = c.req.query('service');
    const ticket = c.req.query('ticket');
    const xml = (body: string) =>
      c.body(`<cas:serviceResponse xmlns:cas="${CAS_NS}">${body}</cas:serviceResponse>`, 200, {
        'Content-Type': 'application/xml; charset=utf-8',
      });
    const failure = (code: string, message: string) =>
      xml(`<cas:authenticationFailure code="${code}">${escapeXml(message)}</cas:authenticationFailure>`);
    if (!service || !ticket) return failure('INVALID_REQUEST', 'Paramètres service et ticket requis.');
    const entry = serviceOf(service);
    if (!entry) return failure('INVALID_SERVICE', 'Service non autorisé.');
    // Single use: the ticket is gone whatever the outcome.
    const row = (
      await db.query<{ user_id: string; service: string; expires_at: Date }>(
        'DELETE FROM cas_tickets WHERE id = $1 RETURNING user_id, service, expires_at',
        [hash(ticket)],
      )
    )[0];
    if (!row || new Date(row.expires_at).getTime() <= clock().getTime())
      return failure('INVALID_TICKET', `Ticket ${ticket} inconnu ou expiré.`);
    if (row.service !== service)
      return failure('INVALID_SERVICE', 'Ce ticket a été émis pour un autre service.');
    const user = await casUser(db, row.user_id);
    if (!user) return failure('INVALID_TICKET', 'Compte fermé.');
    const attributes = withAttributes
      ? entry.release
          .map((name) => [name, user[name]] as const)
          .filter(([, v]) => v)
          .map(([name, v]) => `<cas:${name}>${escapeXml(v!)}</cas:${name}>`)
          .join('')
      : '';
    return xml(
      `<cas:authenticationSuccess><cas:user>${escapeXml(user.login)}</cas:user>${attributes ? `<cas:attributes>${attributes}</cas:attributes>` : ''}</cas:authenticationSuccess>`,
    );
  };
  app.get('/cas/p3/serviceValidate', validate(true));
  app.get('/cas/serviceValidate', validate(false));
  app.get('/cas/logout', (c) => c.redirect('/', 302));
}

async function casUser(db: Db, id: string) {
  const u = (
    await db.query<{
      login: string;
      first_name: string;
      last_name: string;
      profile: string;
      uai: string | null;
      birth: string | null;
      email: string | null;
    }>(
      `SELECT u.login, u.first_name, u.last_name, u.profile, u.uai, to_char(d.birth_date, 'DD/MM/YYYY') AS birth, d.email
         FROM users u LEFT JOIN person_details d ON d.user_id = u.id WHERE u.id = $1 AND u.disabled_at IS NULL`,
      [id],
    )
  )[0];
  if (!u) return null;
  return {
    login: u.login,
    categories: CATEGORIES[u.profile],
    nom: u.last_name,
    prenom: u.first_name,
    dateNaissance: u.birth ?? undefined,
    uai: u.uai ?? undefined,
    profil: u.profile,
    mail: u.email ?? undefined,
  } as Record<string, string | undefined> & { login: string };
}

function loginForm(service: string, name: string, error?: string): string {
  const e = (s: string) => escapeXml(s);
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Connexion — Préau</title></head>
<body><main><h1>Connexion à ${e(name)}</h1><p>Identifiez-vous avec votre compte Préau.</p>
${error ? `<p role="alert">${e(error)}</p>` : ''}
<form method="post" action="/cas/login"><input type="hidden" name="service" value="${e(service)}">
<p><label for="username">Identifiant</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Mot de passe</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Se connecter</button></p></form></main></body></html>`;
}
