import type { MatrixEntry } from './types.js';

/**
 * Federated sign-in declares no API route: its endpoints (`/sso/saml/…`, `/cas/…`) speak SAML and CAS outside
 * /api/, are public by nature (they trust the identity provider's signature or a CAS ticket, never a session's
 * role) and exist only with `PREAU_SSO_CONFIG`. `sso-saml.test.ts`, `sso-cas.test.ts` and the browser sign-in
 * test (`test/e2e/saml-sign-in.test.ts`) cover who gets in and who is refused.
 */
export const entries: MatrixEntry[] = [];
