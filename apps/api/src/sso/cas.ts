import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/types.js';
import { escapeXml } from '../imports/xml.js';
import type { CasService, SsoSettings } from './settings.js';

/**
 * Préau as a CAS 3.0 server, for the tools a school links from its ENT (Pronote…): service tickets (single use,
 * short-lived, bound to one service of the registry) and their validation, which releases to each service only
 * the attributes its entry lists. Routes: `routes/sso.ts`.
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

export type CasSettings = NonNullable<SsoSettings['cas']>;

/** The registered service a URL belongs to, if any. */
export const casServiceOf = (cas: CasSettings, url: string | undefined): CasService | undefined =>
  url ? cas.services.find((s) => url.startsWith(s.urlPrefix)) : undefined;

/** A new service ticket for the user and service; returns the URL to send the browser to. */
export async function issueTicket(
  db: Db,
  cas: CasSettings,
  userId: string,
  service: string,
  now: Date,
): Promise<string> {
  // A ticket is a bearer secret, not a record id: 192 random bits, stored hashed.
  const ticket = `ST-${randomBytes(24).toString('base64url')}`;
  await db.query('DELETE FROM cas_tickets WHERE expires_at < $1', [now]);
  await db.query('INSERT INTO cas_tickets (id, user_id, service, expires_at) VALUES ($1, $2, $3, $4)', [
    hash(ticket),
    userId,
    service,
    new Date(now.getTime() + cas.ticketSeconds * 1000),
  ]);
  const target = new URL(service);
  target.searchParams.set('ticket', ticket);
  return target.toString();
}

/**
 * The CAS `serviceResponse` for a ticket presented by a service: success with the user (and, in CAS 3, the
 * released attributes) or the failure code. The ticket is spent whatever the outcome.
 */
export async function validateTicket(
  db: Db,
  cas: CasSettings,
  query: { service?: string; ticket?: string },
  now: Date,
  withAttributes: boolean,
): Promise<string> {
  const xml = (body: string) => `<cas:serviceResponse xmlns:cas="${CAS_NS}">${body}</cas:serviceResponse>`;
  const failure = (code: string, message: string) =>
    xml(`<cas:authenticationFailure code="${code}">${escapeXml(message)}</cas:authenticationFailure>`);
  const { service, ticket } = query;
  if (!service || !ticket) return failure('INVALID_REQUEST', 'Paramètres service et ticket requis.');
  const entry = casServiceOf(cas, service);
  if (!entry) return failure('INVALID_SERVICE', 'Service non autorisé.');
  const row = (
    await db.query<{ user_id: string; service: string; expires_at: Date }>(
      'DELETE FROM cas_tickets WHERE id = $1 RETURNING user_id, service, expires_at',
      [hash(ticket)],
    )
  )[0];
  if (!row || new Date(row.expires_at).getTime() <= now.getTime())
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

export function casLoginForm(service: string, name: string, error?: string): string {
  const e = (s: string) => escapeXml(s);
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Connexion — Préau</title></head>
<body><main><h1>Connexion à ${e(name)}</h1><p>Identifiez-vous avec votre compte Préau.</p>
${error ? `<p role="alert">${e(error)}</p>` : ''}
<form method="post" action="/cas/login"><input type="hidden" name="service" value="${e(service)}">
<p><label for="username">Identifiant</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Mot de passe</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Se connecter</button></p></form></main></body></html>`;
}
