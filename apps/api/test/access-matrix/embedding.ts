import { SCHOOL_SITE_ORIGIN } from '../support/app.js';
import { everyone, type MatrixEntry, signedIn } from './types.js';

/** Cross-site connected mode: the ENT's sign-in window, open to all; tokens for any signed-in user's own session. */
export const entries: MatrixEntry[] = [
  { route: 'GET /api/connect', expect: everyone(200), request: () => ({ path: '/api/connect' }) },
  {
    route: 'GET /api/connect/{asset}',
    expect: everyone(200),
    request: () => ({ path: '/api/connect/connect.js' }),
  },
  {
    // Asked from the ENT's own page (the test client's Origin is the API's) for an allowed school site.
    route: 'POST /api/v1/auth/access-tokens',
    expect: signedIn(201),
    request: () => ({ path: '/api/v1/auth/access-tokens', json: { origin: SCHOOL_SITE_ORIGIN } }),
  },
  {
    // With the session cookie there is no token to end: nothing happens, whoever asks.
    route: 'DELETE /api/v1/auth/access-tokens/current',
    expect: signedIn(204),
    request: () => ({ path: '/api/v1/auth/access-tokens/current' }),
  },
];
