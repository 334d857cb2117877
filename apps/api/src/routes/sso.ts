import type { Context } from 'hono';
import { createSession, loadSession, readSessionToken, writeSessionCookie } from '../auth/sessions.js';
import type { Area } from '../deps.js';
import type { ApiApp, RouteDeps } from '../http/route.js';
import { casLoginForm, casServiceOf, issueTicket, validateTicket } from '../sso/cas.js';
import { page, safeReturn } from '../sso/pages.js';
import { metadataXml, samlSignIn, serviceProvider } from '../sso/saml.js';
import { loadSsoSettings, type SsoSettings } from '../sso/settings.js';

/**
 * Federated sign-in. These endpoints speak SAML and CAS, not the JSON API, so they live outside /api/ (the
 * identity provider posts its answer from its own origin) and are not in the OpenAPI document nor the access
 * matrix: they are public by nature, what they trust is the IdP's signature or a CAS ticket, and their own suites
 * test them (`sso-saml`, `sso-cas`, the browser sign-in through a real IdP).
 * - GET /sso/saml/metadata: the service provider's metadata;
 * - GET /sso/saml/<idp>/login?returnTo=/…: a signed authentication request to that identity provider;
 * - POST /sso/saml/<idp>/acs: its answer; a session is opened and the browser sent to `returnTo`;
 * - GET /cas/login?service=…, POST /cas/login, GET /cas/p3/serviceValidate, /cas/serviceValidate, /cas/logout.
 * Without `PREAU_SSO_CONFIG` none of them exists.
 */
export function registerSsoRoutes(app: ApiApp, deps: RouteDeps): void {
  const settings = loadSsoSettings(deps.config.ssoConfigFile);
  if (settings.saml) registerSamlRoutes(app, deps, settings.saml);
  if (settings.cas) registerCasRoutes(app, deps, settings.cas);
}

function registerSamlRoutes(app: ApiApp, deps: RouteDeps, saml: NonNullable<SsoSettings['saml']>): void {
  const { db, clock, config } = deps;
  const idpOf = (c: Context) => saml.idps.find((i) => i.name === c.req.param('idp'));

  app.get('/sso/saml/metadata', (c) =>
    c.body(metadataXml(db, saml, config.publicOrigin), 200, {
      'Content-Type': 'application/samlmetadata+xml',
    }),
  );

  app.get('/sso/saml/:idp/login', async (c) => {
    const idp = idpOf(c);
    if (!idp) return page(c, 404, 'Fournisseur d’identité inconnu.');
    const sp = serviceProvider(db, saml, idp, config.publicOrigin);
    const url = await sp.getAuthorizeUrlAsync(safeReturn(c.req.query('returnTo')), undefined, {});
    return c.redirect(url, 302);
  });

  app.post('/sso/saml/:idp/acs', async (c) => {
    const idp = idpOf(c);
    if (!idp) return page(c, 404, 'Fournisseur d’identité inconnu.');
    const form = await c.req.parseBody();
    const response = typeof form.SAMLResponse === 'string' ? form.SAMLResponse : '';
    if (!response || response.length > 512 * 1024) return page(c, 400, 'Réponse SAML absente.');
    const outcome = await samlSignIn(db, saml, idp, config.publicOrigin, response);
    if ('refused' in outcome) return page(c, 403, outcome.refused);
    const now = clock();
    const session = await createSession(db, outcome.userId, now, config.sessionTtlSeconds);
    writeSessionCookie(c, session.token, session.expiresAt, now, config.secureCookies);
    const relay = typeof form.RelayState === 'string' ? form.RelayState : '/';
    return c.redirect(safeReturn(relay), 303);
  });
}

function registerCasRoutes(app: ApiApp, deps: RouteDeps, cas: NonNullable<SsoSettings['cas']>): void {
  const { db, clock, config } = deps;
  const refusedService = (c: Context) =>
    page(c, 400, 'Ce service n’est pas autorisé à utiliser la connexion Préau.');

  app.get('/cas/login', async (c) => {
    const service = c.req.query('service');
    const entry = casServiceOf(cas, service);
    if (!service || !entry) return refusedService(c);
    const token = readSessionToken(c);
    const session =
      token && !c.req.query('renew') ? await loadSession(db, token, clock(), config.sessionTtlSeconds) : null;
    if (session && !session.viewer.mustChangePassword) {
      return c.redirect(await issueTicket(db, cas, session.viewer.id, service, clock()), 302);
    }
    if (c.req.query('gateway')) return c.redirect(service, 302);
    return c.html(casLoginForm(service, entry.name));
  });

  app.post('/cas/login', async (c) => {
    if (c.req.header('origin') !== config.publicOrigin) return page(c, 403, 'Origine de la demande refusée.');
    const form = await c.req.parseBody();
    const service = typeof form.service === 'string' ? form.service : undefined;
    const entry = casServiceOf(cas, service);
    if (!service || !entry) return refusedService(c);
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
      const throttled = res.status === 429;
      const message = throttled
        ? 'Trop de tentatives : réessayez plus tard.'
        : 'Identifiant ou mot de passe incorrect.';
      return c.html(casLoginForm(service, entry.name, message), throttled ? 429 : 401);
    }
    const me = (await res.json()) as { user: { id: string; mustChangePassword: boolean } };
    for (const cookie of res.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    if (me.user.mustChangePassword) return c.redirect('/', 303);
    return c.redirect(await issueTicket(db, cas, me.user.id, service, clock()), 302);
  });

  const validate = (withAttributes: boolean) => async (c: Context) => {
    const query = { service: c.req.query('service'), ticket: c.req.query('ticket') };
    return c.body(await validateTicket(db, cas, query, clock(), withAttributes), 200, {
      'Content-Type': 'application/xml; charset=utf-8',
    });
  };
  app.get('/cas/p3/serviceValidate', validate(true));
  app.get('/cas/serviceValidate', validate(false));
  app.get('/cas/logout', (c) => c.redirect('/', 302));
}

export const ssoArea: Area = { name: 'sso', routes: [registerSsoRoutes] };
