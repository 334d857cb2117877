import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../test/e2e/support/server.js';
import { aafId } from '../../src/imports/samples/files.js';

export { freePort };

/**
 * A real SAML 2.0 identity provider on loopback for the sign-in tests: Debian's SimpleSAMLphp under PHP's
 * built-in server, with test users whose attributes look like ÉduConnect's (or an académie's staff IdP). It
 * signs its responses and assertions and encrypts assertions to the service provider's certificate.
 */
export const SIMPLESAMLPHP_WWW = '/usr/share/simplesamlphp/www';
export const hasSimpleSamlPhp = () =>
  spawnSync('php', ['--version']).status === 0 && spawnSync('test', ['-d', SIMPLESAMLPHP_WWW]).status === 0;

export interface IdpUser {
  username: string;
  password: string;
  attributes: Record<string, string[]>;
}

export interface TestIdp {
  origin: string;
  entityId: string;
  ssoUrl: string;
  certPem: string;
  output(): string;
  stop(): Promise<void>;
}

export interface KeyPair {
  keyPem: string;
  certPem: string;
}

/** A self-signed RSA key and certificate (openssl), as a federation's test keys. */
export function makeKeyPair(name: string): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'preau-key-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        `/CN=${name}`,
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      keyPem: readFileSync(join(dir, 'k.pem'), 'utf8'),
      certPem: readFileSync(join(dir, 'c.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const certBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
const php = (value: unknown): string => {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(php).join(', ')}]`;
  return `[${Object.entries(value as object)
    .map(([k, v]) => `${php(k)} => ${php(v)}`)
    .join(', ')}]`;
};

export async function startSimpleSamlIdp(options: {
  sp: { entityId: string; acsUrls: string[]; signingCertPem: string; encryptionCertPem: string };
  users: IdpUser[];
}): Promise<TestIdp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'preau-idp-'));
  for (const d of ['config', 'metadata', 'cert', 'data', 'tmp', 'sessions', 'log']) mkdirSync(join(dir, d));
  const idpKeys = makeKeyPair('idp.preau.test');
  writeFileSync(join(dir, 'cert', 'idp.key'), idpKeys.keyPem);
  writeFileSync(join(dir, 'cert', 'idp.crt'), idpKeys.certPem);
  writeFileSync(
    join(dir, 'config', 'config.php'),
    `<?php
require '/etc/simplesamlphp/config.php';
$config = array_merge($config, ${php({
      baseurlpath: `${origin}/`,
      certdir: join(dir, 'cert'),
      loggingdir: join(dir, 'log'),
      datadir: join(dir, 'data'),
      tempdir: join(dir, 'tmp'),
      metadatadir: join(dir, 'metadata'),
      'metadata.sources': [{ type: 'flatfile', directory: join(dir, 'metadata') }],
      'logging.handler': 'file',
      'logging.logfile': 'idp.log',
      secretsalt: 'preau-test-salt-not-secret-0123456789',
      'auth.adminpassword': 'preau-test-admin',
      'enable.saml20-idp': true,
      'module.enable': { exampleauth: true, core: true, saml: true, admin: true },
      'store.type': 'phpsession',
      'session.phpsession.savepath': join(dir, 'sessions'),
      'session.cookie.secure': false,
      // Chromium drops SameSite=None cookies without Secure (plain HTTP on loopback): Lax suits the IdP's own pages.
      'session.cookie.samesite': 'Lax',
      'session.cookie.name': 'IdpSessionID',
      'session.phpsession.cookiename': 'IdpPHPSESSID',
      timezone: 'Europe/Paris',
      'trusted.url.domains': [`127.0.0.1:${port}`],
      'language.default': 'fr',
    })});
`,
  );
  // exampleauth:UserPass takes its users beside the module name: ['exampleauth:UserPass', 'user:pass' => [...]].
  const users = options.users
    .map((u) => `${php(`${u.username}:${u.password}`)} => ${php(u.attributes)}`)
    .join(', ');
  writeFileSync(
    join(dir, 'config', 'authsources.php'),
    `<?php\n$config = ['admin' => ['core:AdminPassword'], 'test-users' => ['exampleauth:UserPass', ${users}]];\n`,
  );
  writeFileSync(
    join(dir, 'metadata', 'saml20-idp-hosted.php'),
    `<?php\n$metadata['__DYNAMIC:1__'] = ${php({
      host: '__DEFAULT__',
      privatekey: 'idp.key',
      certificate: 'idp.crt',
      auth: 'test-users',
      'saml20.sign.assertion': true,
      'saml20.sign.response': true,
      'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
      NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    })};\n`,
  );
  writeFileSync(
    join(dir, 'metadata', 'saml20-sp-remote.php'),
    `<?php\n$metadata[${php(options.sp.entityId)}] = ${php({
      AssertionConsumerService: options.sp.acsUrls.map((url, i) => ({
        Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
        Location: url,
        index: i,
      })),
      keys: [
        {
          type: 'X509Certificate',
          signing: true,
          encryption: false,
          X509Certificate: certBody(options.sp.signingCertPem),
        },
        {
          type: 'X509Certificate',
          signing: false,
          encryption: true,
          X509Certificate: certBody(options.sp.encryptionCertPem),
        },
      ],
      'validate.authnrequest': true,
      'assertion.encryption': true,
      'saml20.sign.assertion': true,
      'saml20.sign.response': true,
      'signature.algorithm': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      'simplesaml.nameidattribute': 'uid',
    })};\n`,
  );
  let out = '';
  const child: ChildProcess = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', SIMPLESAMLPHP_WWW], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  // Ready when it answers its metadata.
  const metadataUrl = `${origin}/saml2/idp/metadata.php`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(metadataUrl)).ok) break;
    } catch {}
    if (i > 100 || child.exitCode !== null) throw new Error(`SimpleSAMLphp did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    entityId: metadataUrl,
    ssoUrl: `${origin}/saml2/idp/SSOService.php`,
    certPem: idpKeys.certPem,
    output: () =>
      `${out}\n${(() => {
        try {
          return readFileSync(join(dir, 'log', 'idp.log'), 'utf8');
        } catch {
          return '';
        }
      })()}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The sign-in settings file of a Préau that trusts `idps` (and a CAS registry), with the given SP keys. */
export function writeSsoSettings(
  dir: string,
  input: {
    origin: string;
    idps?: {
      name: string;
      kind: 'educonnect' | 'staff';
      label: string;
      entityId: string;
      ssoUrl: string;
      certPem: string;
    }[];
    /** The service provider's keys: needed with identity providers only (a CAS-only server has none). */
    sp?: { signing: KeyPair; encryption: KeyPair };
    cas?: unknown;
  },
): string {
  mkdirSync(dir, { recursive: true });
  const settings: Record<string, unknown> = {};
  if (input.idps?.length) {
    if (!input.sp) throw new Error('writeSsoSettings: identity providers need the service provider keys');
    writeFileSync(join(dir, 'sp-sign.key'), input.sp.signing.keyPem);
    writeFileSync(join(dir, 'sp-sign.crt'), input.sp.signing.certPem);
    writeFileSync(join(dir, 'sp-enc.key'), input.sp.encryption.keyPem);
    writeFileSync(join(dir, 'sp-enc.crt'), input.sp.encryption.certPem);
    for (const idp of input.idps) writeFileSync(join(dir, `${idp.name}.crt`), idp.certPem);
    settings.saml = {
      entityId: `${input.origin}/sso/saml/metadata`,
      signingKey: 'sp-sign.key',
      signingCert: 'sp-sign.crt',
      encryptionKey: 'sp-enc.key',
      encryptionCert: 'sp-enc.crt',
      clockSkewSeconds: 60,
      idps: input.idps.map(({ certPem: _, ...idp }) => ({ ...idp, certificate: `${idp.name}.crt` })),
    };
  }
  if (input.cas) settings.cas = input.cas;
  const file = join(dir, 'sso.json');
  writeFileSync(file, JSON.stringify(settings, null, 2));
  return file;
}

/** An ÉduConnect-like family account: its FrEduCtRefId names the guardian's AAF jointure in the établissement. */
export function educonnectGuardian(input: {
  username: string;
  password: string;
  /** The ÉduConnect identifier (uid, FrEduCtId). */
  id: string;
  uai: string;
  guardian: { firstName: string; lastName: string; personneId: string };
}): IdpUser {
  const { guardian, uai } = input;
  return {
    username: input.username,
    password: input.password,
    attributes: {
      uid: [input.id],
      FrEduCtId: [input.id],
      FrEduCtPersonAffiliation: ['resp2d'],
      sn: [guardian.lastName],
      givenName: [guardian.firstName],
      FrEduCtEleveUAI: [uai],
      FrEduCtRefId: [`{AAF}19|${uai}|${aafId.guardian(guardian.personneId)}`],
    },
  };
}

/** The identity providers a test Préau may trust, by the name in its URLs (the one test IdP serves them all). */
const TRUSTED_IDPS = {
  educonnect: { kind: 'educonnect', label: 'ÉduConnect' },
  'ac-reims': { kind: 'staff', label: 'Académie de Reims' },
} as const;

/**
 * A Préau service provider at `origin` and a SimpleSAMLphp IdP that trust each other: fresh SP keys, the IdP
 * serving `users` to the SP's assertion consumer service of each name in `trustedAs`, and Préau's sign-in
 * settings file (in `dir`) naming that IdP under each of those names.
 */
export async function startSamlFederation(input: {
  origin: string;
  dir: string;
  users: IdpUser[];
  trustedAs: (keyof typeof TRUSTED_IDPS)[];
}): Promise<{ idp: TestIdp; ssoFile: string }> {
  const { origin, trustedAs } = input;
  const sp = { signing: makeKeyPair('sp-signing'), encryption: makeKeyPair('sp-encryption') };
  const idp = await startSimpleSamlIdp({
    sp: {
      entityId: `${origin}/sso/saml/metadata`,
      acsUrls: trustedAs.map((name) => `${origin}/sso/saml/${name}/acs`),
      signingCertPem: sp.signing.certPem,
      encryptionCertPem: sp.encryption.certPem,
    },
    users: input.users,
  });
  const ssoFile = writeSsoSettings(join(input.dir, 'sso'), {
    origin,
    sp,
    idps: trustedAs.map((name) => ({
      name,
      ...TRUSTED_IDPS[name],
      entityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      certPem: idp.certPem,
    })),
  });
  return { idp, ssoFile };
}
