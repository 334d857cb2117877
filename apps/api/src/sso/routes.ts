import type { Context } from 'hono';
import { createSession, writeSessionCookie } from '../auth/sessions.js';
import type { ApiApp, RouteDeps } from '../http/route.js';
import { registerCasRoutes } from './cas.js';
import { accountOf, consumeAssertion, metadataXml, serviceProvider } from './saml.js';
import { loadSsoSettings } from './settings.js';

/**
 * Federated sign-in endpoints. They speak SAML and CAS, not the JSON API, so they live outside /api/ (the
 * identity provider posts its answer from its own origin):
 * - GET /sso/saml/metadata: the service provider's metadata;
 * - GET /sso/saml/<idp>/login?returnTo=/…: a signed authentication request to that identity provider;
 * - POST /sso/saml/<idp>/acs: its answer; a session is opened and the browser sent to `returnTo`;
 * - /cas/…: see cas.ts.
 */
export function registerSsoRoutes(app: ApiApp, deps: RouteDeps): void {
  const settings = loadSsoSettings(deps.config.ssoConfigFile);
  if (settings.cas) registerCasRoutes(app, deps, settings.cas);
  const saml = settings.saml;
  if (!saml) return;
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
    const sp = serviceProvider(db, saml, idp, config.publicOrigin);
    let profile: Awaited<ReturnType<typeof sp.validatePostResponseAsync>>['profile'];
    try {
      profile = (await sp.validatePostResponseAsync({ SAMLResponse: response })).profile;
    } catch (err) {
      console.warn(`SAML (${idp.name}) refused: ${(err as Error).message}`);
      return page(c, 403, 'La connexion n’a pas pu être vérifiée. Recommencez depuis la page de connexion.');
    }
    const now = clock();
    if (!profile || !(await consumeAssertion(db, profile, now))) {
      return page(
        c,
        403,
        'Cette réponse de connexion a déjà servi. Recommencez depuis la page de connexion.',
      );
    }
    const userId = await accountOf(db, idp, profile);
    if (!userId) {
      return page(
        c,
        403,
        `Votre compte ${idp.label} n’est rattaché à aucun compte Préau actif. Adressez-vous à l’établissement.`,
      );
    }
    // A federated account needs no local password: it is not asked to choose one.
    await db.query('UPDATE users SET must_change_password = false WHERE id = $1 AND password_hash IS NULL', [
      userId,
    ]);
    const session = await createSession(db, userId, now, config.sessionTtlSeconds);
    writeSessionCookie(c, session.token, session.expiresAt, now, config.secureCookies);
    const relay = typeof form.RelayState === 'string' ? form.RelayState : '/';
    return c.redirect(safeReturn(relay), 303);
  });
}

/** Only a path of this site: never another origin (open redirect). */
export function safeReturn(value: string | undefined): string {
  return value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

/** A short French page for the person whose sign-in failed (no detail an attacker could use). */
export function page(c: Context, status: 400 | 403 | 404, message: string) {
  const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Connexion — Préau</title><main><h1>Connexion impossible</h1><p>${message.replace(/[<&>]/g, '')}</p><p><a href="/">Retour à l’accueil</a></p></main></html>`;
  return c.html(html, status);
}
