/**
 * Signing in and out, changing one's password (routes → service → store). Sessions end with their live streams:
 * a signed-out session, or the other sessions of an account whose password changed, stop receiving notices at once.
 */

import { passwordProblems } from '@preau/core';
import type { Db } from '../db/types.js';
import type { SessionInfo } from '../deps.js';
import { type FieldError, invalid, problem } from '../http/problem.js';
import type { LiveService } from '../live/service.js';
import type { Viewer } from '../policies/index.js';
import { type Me, mePayload } from './me.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';
import type { SessionCache } from './session-cache.js';
import { createSession, type IssuedSession, purgeExpiredSessions } from './sessions.js';
import {
  type Credentials,
  credentialsById,
  credentialsByLogin,
  deleteOtherSessions,
  deleteSession,
  requirePasswordChange,
  setPassword,
  viewerById,
} from './store.js';
import type { SignInPlace, SignInThrottle } from './throttle.js';

export interface AuthDeps {
  db: Db;
  live: Pick<LiveService, 'endSessions' | 'endUser'>;
  sessions: Pick<SessionCache, 'forgetSessions' | 'forgetUser' | 'profile'>;
  throttle: SignInThrottle;
  clock: () => Date;
  sessionTtlSeconds: number;
}

/** Checks a secret against the password and the issued access code, always both (same time whatever exists). */
async function check(secret: string, c: Credentials | undefined) {
  const decoy = await decoyHash();
  const [byPassword, byCode] = await Promise.all([
    verifyPassword(secret, c?.password_hash ?? decoy),
    verifyPassword(secret, c?.access_code_hash ?? decoy),
  ]);
  return { byPassword, byCode };
}

/**
 * Opens a session for a login and its password, or its issued access code (which then requires a new password
 * before anything else). Attempts count towards the throttle (`throttle.ts`); `device` is the browser's token to
 * keep in the `preau_device` cookie.
 */
export async function signIn(
  deps: AuthDeps,
  input: { login: string; password: string; place: SignInPlace },
): Promise<{ session: IssuedSession; me: Me; device: string }> {
  const { db } = deps;
  const attempt = await deps.throttle.admit(input.login, input.place);
  const user = await credentialsByLogin(db, input.login);
  const { byPassword, byCode } = await check(input.password, user);
  if (!user || !(byPassword || byCode)) {
    throw problem(401, 'invalid-credentials', {
      detail: 'Identifiant ou mot de passe incorrect. Vérifiez-les, ou demandez un nouveau code d’accès.',
    });
  }
  const device = await deps.throttle.succeeded(attempt);
  if (byCode && !byPassword) {
    await requirePasswordChange(db, user.id);
    await deps.sessions.forgetUser(user.id);
  }
  const now = deps.clock();
  await purgeExpiredSessions(db, now);
  const session = await createSession(db, user.id, now, deps.sessionTtlSeconds);
  const viewer = (await viewerById(db, user.id))!;
  return { session, me: await mePayload(db, viewer, session, deps.sessions), device };
}

/**
 * Replaces the password (or the issued access code) after checking the current one; the account's other
 * sessions, and their streams, end.
 */
export async function changePassword(
  deps: AuthDeps,
  viewer: Viewer,
  session: SessionInfo,
  input: { currentPassword: string; newPassword: string; place: SignInPlace },
): Promise<void> {
  const { db } = deps;
  const attempt = await deps.throttle.admit(viewer.login, input.place);
  const { byPassword, byCode } = await check(input.currentPassword, await credentialsById(db, viewer.id));
  if (!byPassword && !byCode) {
    throw invalid([{ field: 'body.currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
  }
  // The dictionaries load on the first password change of the process, not at start-up.
  const { passwordEstimator } = await import('@preau/core/password-strength');
  const errors: FieldError[] = passwordProblems(input.newPassword, viewer, passwordEstimator()).map((p) => ({
    field: 'body.newPassword',
    message: p.fr,
  }));
  if (input.newPassword === input.currentPassword) {
    errors.push({
      field: 'body.newPassword',
      message: "Le nouveau mot de passe doit être différent de l'actuel.",
    });
  }
  await deps.throttle.succeeded(attempt);
  if (errors.length) throw invalid(errors, 'Choisissez un mot de passe plus solide.');
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await setPassword(tx, viewer.id, hash);
    await deleteOtherSessions(tx, viewer.id, session.id);
  });
  // Every cached session of the account is forgotten: the others are gone, this one no longer needs a change.
  await deps.sessions.forgetUser(viewer.id);
  await deps.live.endUser(viewer.id, session.id);
}

/** Ends the session and its streams. */
export async function signOut(deps: AuthDeps, session: SessionInfo): Promise<void> {
  await deleteSession(deps.db, session.id);
  await deps.sessions.forgetSessions([session.id]);
  await deps.live.endSessions([session.id]);
}
