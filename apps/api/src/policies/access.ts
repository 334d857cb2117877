/**
 * The vocabulary of access rules: roles, `Access` (what a route declares), the `Viewer` and the context guards
 * receive. Each area's rules live in `policies/<area>.ts`; `policies/index.ts` exports them all.
 */
import type { Profile, ScopeKind, UserFunction } from '@preau/core';
import type { Db } from '../db/types.js';

/** A profile, or a profile holding a function: `'teacher'`, `'vie_scolaire:cpe'`, `'direction:principal'`. */
export type Role = Profile | `${Profile}:${UserFunction}`;

/** The relation a route's handler checks on its resource; stated for the reference page and the matrix. */
export type Relation =
  | 'self'
  | 'own-child'
  | 'own-class'
  | 'own-seance'
  | 'own-etablissement'
  | 'own-territory'
  | 'owner';

export interface Access {
  /** `public`: no session needed; `signed-in`: any session; otherwise the roles allowed. */
  readonly who: 'public' | 'signed-in' | readonly Role[];
  /** The relation checked by the handler's guard, if any. */
  readonly relation?: Relation;
  /** Allowed while the user still has to replace an issued access code (me, password change, sign-out). */
  readonly duringPasswordChange?: boolean;
  /** One French sentence for the reference page. */
  readonly summary: string;
}

/** The signed-in user as rules see them. */
export interface Viewer {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  profile: Profile;
  functions: string[];
  uai: string | null;
  scopeKind: ScopeKind | null;
  scopeCode: string | null;
  mustChangePassword: boolean;
}

export interface PolicyContext {
  db: Db;
  viewer: Viewer;
}

/** Does the viewer hold one of the roles? */
export function hasRole(viewer: Viewer, roles: readonly Role[]): boolean {
  return roles.some((role) => {
    const [profile, fn] = role.split(':');
    return viewer.profile === profile && (!fn || viewer.functions.includes(fn));
  });
}

export function describeAccess(access: Access): string {
  if (access.who === 'public') return 'Public';
  if (access.who === 'signed-in') return `Tout utilisateur connecté. ${access.summary}`;
  return `${access.who.join(', ')}. ${access.summary}`;
}
