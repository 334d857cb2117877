/**
 * Signing in and out, changing one's password (routes → service → store). Sessions end with their live streams:
 * a signed-out session, or the other sessions of an account whose password changed, stop receiving notices at once.
 */
import type { Db } from '../db/types.js';
import type { SessionInfo } from '../deps.js';
import { invalid, problem } from '../http/problem.js';
import type { LiveService } from '../live/service.js';
import type { Viewer } from '../policies/index.js';
import { type Me, mePayload } from './me.js';
import { decoyHash, hashPassword, passwordProblems, verifyPassword } from './password.js';
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
import type { LoginThrottle } from './throttle.js';

export interface AuthDeps {
  db: Db;
  live: Pick<LiveService, 'endSessions' | 'endUser'>;
  throttle: LoginThrottle;
  clock: () => Date;
  sessionTtlSeconds: number;
}

/** A 429 while the identifier or the address has failed too often. */
function refuseWhileThrottled(deps: AuthDeps, login: string, address: string): void {
  const wait = deps.throttle.retryAfterSeconds(login, address);
  if (wait > 0) {
    throw problem(429, 'too-many-requests', {
      detail: `Trop de tentatives de connexion. Réessayez dans ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
      headers: { 'Retry-After': String(wait) },
    });
  }
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
 * before anything else). Failures count towards the throttle.
 */
export async function signIn(
  deps: AuthDeps,
  input: { login: string; password: string; address: string },
): Promise<{ session: IssuedSession; me: Me }> {
  const { db } = deps;
  refuseWhileThrottled(deps, input.login, input.address);
  const user = await credentialsByLogin(db, input.login);
  const { byPassword, byCode } = await check(input.password, user);
  if (!user || !(byPassword || byCode)) {
    deps.throttle.recordFailure(input.login, input.address);
    throw problem(401, 'invalid-credentials', {
      detail: 'Identifiant ou mot de passe incorrect. Vérifiez-les, ou demandez un nouveau code d’accès.',
    });
  }
  deps.throttle.recordSuccess(input.login);
  if (byCode && !byPassword) await requirePasswordChange(db, user.id);
  const now = deps.clock();
  await purgeExpiredSessions(db, now);
  const session = await createSession(db, user.id, now, deps.sessionTtlSeconds);
  const viewer = (await viewerById(db, user.id))!;
  return { session, me: await mePayload(db, viewer, session) };
}

/**
 * Replaces the password (or the issued access code) after checking the current one; the account's other
 * sessions, and their streams, end.
 */
export async function changePassword(
  deps: AuthDeps,
  viewer: Viewer,
  session: SessionInfo,
  input: { currentPassword: string; newPassword: string; address: string },
): Promise<void> {
  const { db } = deps;
  refuseWhileThrottled(deps, viewer.login, input.address);
  const { byPassword, byCode } = await check(input.currentPassword, await credentialsById(db, viewer.id));
  if (!byPassword && !byCode) {
    deps.throttle.recordFailure(viewer.login, input.address);
    throw invalid([{ field: 'body.currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
  }
  const errors = passwordProblems(input.newPassword, viewer);
  if (input.newPassword === input.currentPassword) {
    errors.push({
      field: 'body.newPassword',
      message: "Le nouveau mot de passe doit être différent de l'actuel.",
    });
  }
  if (errors.length) throw invalid(errors, 'Choisissez un mot de passe plus solide.');
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await setPassword(tx, viewer.id, hash);
    await deleteOtherSessions(tx, viewer.id, session.id);
  });
  await deps.live.endUser(viewer.id, session.id);
}

/** Ends the session and its streams. */
export async function signOut(deps: AuthDeps, session: SessionInfo): Promise<void> {
  await deleteSession(deps.db, session.id);
  await deps.live.endSessions([session.id]);
}
