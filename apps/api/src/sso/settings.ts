import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Federated sign-in settings, from the JSON file named by PREAU_SSO_CONFIG (paths inside are relative to it):
 * Préau's SAML service provider (its keys, the identity providers it trusts) and its CAS server (the services it
 * issues tickets to and what each receives). Without the file, neither is offered.
 */
const IdpSchema = z.object({
  /** In URLs: /sso/saml/<name>/login. */
  name: z.string().regex(/^[a-z0-9-]{1,40}$/),
  label: z.string(),
  /** educonnect: families, joined by FrEduCtRefId to the AAF jointure; staff: the académie's IdP, joined by mail. */
  kind: z.enum(['educonnect', 'staff']),
  entityId: z.string(),
  ssoUrl: z.string().url(),
  /** The IdP's signing certificate (PEM file). */
  certificate: z.string(),
});

const CasServiceSchema = z.object({
  name: z.string(),
  /** A service URL is allowed when it starts with this prefix (scheme, host, port and path). */
  urlPrefix: z.string().url(),
  /** What the service receives besides the identifier (Pronote: `categories`, `nom`, `prenom`, `dateNaissance`). */
  release: z
    .array(z.enum(['categories', 'nom', 'prenom', 'dateNaissance', 'uai', 'profil', 'mail']))
    .default([]),
});

const SettingsSchema = z.object({
  saml: z
    .object({
      entityId: z.string(),
      signingKey: z.string(),
      signingCert: z.string(),
      encryptionKey: z.string(),
      encryptionCert: z.string(),
      clockSkewSeconds: z.number().int().min(0).max(300).default(120),
      idps: z.array(IdpSchema).min(1),
    })
    .optional(),
  cas: z
    .object({
      ticketSeconds: z.number().int().min(10).max(300).default(60),
      services: z.array(CasServiceSchema).min(1),
    })
    .optional(),
});

export type IdpSettings = z.infer<typeof IdpSchema> & { certificatePem: string };
export type CasService = z.infer<typeof CasServiceSchema>;
export interface SsoSettings {
  saml?: Omit<NonNullable<z.infer<typeof SettingsSchema>['saml']>, 'idps'> & {
    signingKeyPem: string;
    signingCertPem: string;
    encryptionKeyPem: string;
    encryptionCertPem: string;
    idps: IdpSettings[];
  };
  cas?: NonNullable<z.infer<typeof SettingsSchema>['cas']>;
}

export function loadSsoSettings(file: string | undefined): SsoSettings {
  if (!file) return {};
  const raw = SettingsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const read = (p: string) => readFileSync(resolve(dirname(file), p), 'utf8');
  return {
    cas: raw.cas,
    saml: raw.saml && {
      ...raw.saml,
      signingKeyPem: read(raw.saml.signingKey),
      signingCertPem: read(raw.saml.signingCert),
      encryptionKeyPem: read(raw.saml.encryptionKey),
      encryptionCertPem: read(raw.saml.encryptionCert),
      idps: raw.saml.idps.map((idp) => ({ ...idp, certificatePem: read(idp.certificate) })),
    },
  };
}
