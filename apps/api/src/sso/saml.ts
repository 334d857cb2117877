import {
  type CacheItem,
  type CacheProvider,
  type Profile,
  SAML,
  ValidateInResponseTo,
} from '@node-saml/node-saml';
import type { Db } from '../db/types.js';
import type { IdpSettings, SsoSettings } from './settings.js';

/**
 * Préau as a SAML 2.0 service provider. Requests are signed (SHA-256); responses must be signed and carry a
 * signed assertion, encrypted to our key; `InResponseTo` must name a request we issued (kept in the database,
 * so any API process accepts the answer) and each assertion is accepted once (replay refused); clock skew is
 * bounded by the settings.
 */
export class DbRequestCache implements CacheProvider {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}
  /** `value` is the issue time node-saml stamps (it checks validity windows against the same clock). */
  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const issued = new Date(value);
    await this.db.query('DELETE FROM saml_request_ids WHERE issued_at < $1', [
      new Date(issued.getTime() - this.ttlMs),
    ]);
    await this.db.query(
      'INSERT INTO saml_request_ids (id, issued_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [key, issued],
    );
    return { value, createdAt: issued.getTime() };
  }
  async getAsync(key: string): Promise<string | null> {
    const row = (
      await this.db.query<{ issued_at: Date }>('SELECT issued_at FROM saml_request_ids WHERE id = $1', [key])
    )[0];
    return row ? new Date(row.issued_at).toISOString() : null;
  }
  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const rows = await this.db.query<{ id: string }>(
      'DELETE FROM saml_request_ids WHERE id = $1 RETURNING id',
      [key],
    );
    return rows[0]?.id ?? null;
  }
}

const REQUEST_TTL_MS = 10 * 60 * 1000;
const MAX_ASSERTION_AGE_MS = 5 * 60 * 1000;

/**
 * The SP for one IdP. node-saml (5.1) reads the process's own clock (`new Date()`) for the instants it stamps on
 * requests and for every validity window it checks (NotBefore/NotOnOrAfter, skew, request age); it takes no
 * clock. Those windows are about the IdP's real time, so the server's shifted clock (`PREAU_CLOCK`) must not
 * apply to them; nothing else here reads a clock.
 */
export function serviceProvider(
  db: Db,
  settings: NonNullable<SsoSettings['saml']>,
  idp: IdpSettings,
  origin: string,
): SAML {
  return new SAML({
    issuer: settings.entityId,
    callbackUrl: `${origin}/sso/saml/${idp.name}/acs`,
    entryPoint: idp.ssoUrl,
    idpIssuer: idp.entityId,
    idpCert: idp.certificatePem,
    privateKey: settings.signingKeyPem,
    publicCert: settings.signingCertPem,
    decryptionPvk: settings.encryptionKeyPem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    audience: settings.entityId,
    acceptedClockSkewMs: settings.clockSkewSeconds * 1000,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: new DbRequestCache(db, REQUEST_TTL_MS),
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    disableRequestedAuthnContext: true,
  });
}

/** The service provider's metadata: its keys (signing, encryption) and its assertion consumer services. */
export function metadataXml(db: Db, settings: NonNullable<SsoSettings['saml']>, origin: string): string {
  const sp = serviceProvider(db, settings, settings.idps[0]!, origin);
  return sp.generateServiceProviderMetadata(settings.encryptionCertPem, settings.signingCertPem);
}

/**
 * Refuses an assertion seen before; remembers this one until it could no longer be valid. The assertion's own
 * instants are the reference (node-saml has just checked them against its clock, see `serviceProvider`): the
 * store forgets assertions that expired a day before this one, whatever the server's clock says.
 */
export async function consumeAssertion(db: Db, profile: Profile): Promise<boolean> {
  const xml = profile.getAssertionXml?.() ?? '';
  const id = /<(?:\w+:)?Assertion\b[^>]*\sID="([^"]+)"/.exec(xml)?.[1];
  const issued = /<(?:\w+:)?Assertion\b[^>]*\sIssueInstant="([^"]+)"/.exec(xml)?.[1];
  if (!id || !issued || Number.isNaN(Date.parse(issued))) return false;
  const until = /NotOnOrAfter="([^"]+)"/.exec(xml)?.[1];
  const expires = new Date(
    until && !Number.isNaN(Date.parse(until)) ? Date.parse(until) : Date.parse(issued) + MAX_ASSERTION_AGE_MS,
  );
  await db.query('DELETE FROM saml_consumed_assertions WHERE not_on_or_after < $1', [
    new Date(expires.getTime() - 24 * 3600 * 1000),
  ]);
  const rows = await db.query(
    'INSERT INTO saml_consumed_assertions (id, not_on_or_after) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id',
    [id, expires],
  );
  return rows.length === 1;
}

/** Why a SAML answer opened no session (a French sentence for the person), or whose account it opens. */
export type SamlOutcome = { userId: string } | { refused: string };

/**
 * Checks an IdP's answer (signatures, decryption, audience, InResponseTo, validity windows, replay) and finds
 * the account it names. A federated account needs no local password: it is not asked to choose one.
 */
export async function samlSignIn(
  db: Db,
  saml: NonNullable<SsoSettings['saml']>,
  idp: IdpSettings,
  origin: string,
  samlResponse: string,
): Promise<SamlOutcome> {
  const sp = serviceProvider(db, saml, idp, origin);
  let profile: Profile | null;
  try {
    profile = (await sp.validatePostResponseAsync({ SAMLResponse: samlResponse })).profile;
  } catch (err) {
    console.warn(`SAML (${idp.name}) refused: ${(err as Error).message}`);
    return { refused: 'La connexion n’a pas pu être vérifiée. Recommencez depuis la page de connexion.' };
  }
  if (!profile || !(await consumeAssertion(db, profile))) {
    return { refused: 'Cette réponse de connexion a déjà servi. Recommencez depuis la page de connexion.' };
  }
  const userId = await accountOf(db, idp, profile);
  if (!userId) {
    return {
      refused: `Votre compte ${idp.label} n’est rattaché à aucun compte Préau actif. Adressez-vous à l’établissement.`,
    };
  }
  await db.query('UPDATE users SET must_change_password = false WHERE id = $1 AND password_hash IS NULL', [
    userId,
  ]);
  return { userId };
}

const values = (profile: Profile, name: string): string[] => {
  const v = profile[name];
  return (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);
};

/**
 * Our account behind a federated identity. ÉduConnect: each `FrEduCtRefId` vector `{AAF}<académie>|…|<jointure>`
 * names the person in the académie's directory, joined to the AAF jointure imported with them; a family
 * affiliation (`FrEduCtPersonAffiliation`) must match the account's profile. Staff IdP: `mail` joined to the
 * directory's e-mail of a school staff account. Closed accounts never match.
 */
export async function accountOf(db: Db, idp: IdpSettings, profile: Profile): Promise<string | null> {
  if (idp.kind === 'educonnect') {
    const affiliation = values(profile, 'FrEduCtPersonAffiliation').join(' ').toLowerCase();
    const profiles = /resp|parent/.test(affiliation)
      ? ['guardian']
      : /eleve|élève/.test(affiliation)
        ? ['student']
        : [];
    if (!profiles.length) return null;
    const keys = values(profile, 'FrEduCtRefId')
      .filter((v) => v.startsWith('{AAF}'))
      .map((v) => v.slice(5).split('|'))
      .filter((parts) => parts.length === 3 && parts[0] && parts[2])
      .map((parts) => `${parts[0]}|${parts[2]}`);
    if (!keys.length) return null;
    const rows = await db.query<{ id: string }>(
      `SELECT DISTINCT u.id FROM external_ids x JOIN users u ON u.id = x.record_id
        WHERE x.source = 'aaf' AND x.kind = 'user' AND (x.scope || '|' || x.external_id) = ANY($1::text[])
          AND u.profile = ANY($2::text[]) AND u.disabled_at IS NULL`,
      [keys, profiles],
    );
    return rows.length === 1 ? rows[0]!.id : null;
  }
  const mail = values(profile, 'mail')[0] ?? (typeof profile.mail === 'string' ? profile.mail : undefined);
  if (!mail) return null;
  const rows = await db.query<{ id: string }>(
    `SELECT u.id FROM person_details d JOIN users u ON u.id = d.user_id
      WHERE lower(d.email) = lower($1) AND u.profile IN ('teacher', 'vie_scolaire', 'direction', 'staff')
        AND u.disabled_at IS NULL`,
    [mail],
  );
  return rows.length === 1 ? rows[0]!.id : null;
}
