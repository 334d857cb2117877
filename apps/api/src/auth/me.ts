/** `GET /api/v1/me`: the signed-in user, their établissement or territory, their children or classes. */
import { z } from '@hono/zod-openapi';
import type { Db } from '../db/types.js';
import type { Viewer } from '../policies/index.js';
import type { SessionCache } from './session-cache.js';
import { childrenOf, classesTaughtBy, etablissementName, territoryName } from './store.js';

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const MeSchema = z
  .object({
    user: z.object({
      id: z.string(),
      login: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      profile: z.string().openapi({ example: 'guardian' }),
      functions: z.array(z.string()),
      uai: z.string().nullable(),
      etablissement: z.object({ uai: z.string(), name: z.string() }).nullable(),
      scope: z
        .object({
          kind: z.enum(['national', 'academie', 'departement']),
          code: z.string().nullable(),
          name: z.string(),
        })
        .nullable(),
      mustChangePassword: z.boolean(),
    }),
    csrfToken: z
      .string()
      .openapi({ description: 'À renvoyer dans l’en-tête X-CSRF-Token des requêtes POST/PUT/PATCH/DELETE.' }),
    sessionExpiresAt: z.string().openapi({ format: 'date-time' }),
    children: z
      .array(
        PersonRef.extend({
          uai: z.string(),
          class: z.object({ id: z.string(), name: z.string() }).nullable(),
        }),
      )
      .optional()
      .openapi({ description: 'Responsables légaux : leurs enfants.' }),
    classes: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          kind: z.enum(['classe', 'groupe']),
          isHeadTeacher: z.boolean(),
          subjects: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
        }),
      )
      .optional()
      .openapi({ description: 'Enseignants : leurs classes et groupes, avec les matières enseignées.' }),
  })
  .openapi('Me');
export type Me = z.infer<typeof MeSchema>;

/** What `/me` tells about a user beyond the session: read once per cache TTL (see `SessionCache`). */
type Profile = Pick<Me['user'], 'etablissement' | 'scope'> & Pick<Me, 'children' | 'classes'>;

async function profileOf(db: Db, viewer: Viewer): Promise<Profile> {
  const [etablissement, scope, children, classes] = await Promise.all([
    viewer.uai ? etablissementName(db, viewer.uai) : null,
    viewer.scopeKind ? scopeOf(db, viewer.scopeKind, viewer.scopeCode) : null,
    viewer.profile === 'guardian' ? childrenOf(db, viewer.id) : undefined,
    viewer.profile === 'teacher' ? classesTaughtBy(db, viewer.id) : undefined,
  ]);
  return {
    etablissement,
    scope,
    children: children?.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      uai: r.uai,
      class: r.class_id ? { id: r.class_id, name: r.class_name! } : null,
    })),
    classes: classes?.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      isHeadTeacher: r.head === true,
      subjects: r.subjects ?? [],
    })),
  };
}

/** The body of GET /api/v1/me (and of a successful sign-in). */
export async function mePayload(
  db: Db,
  viewer: Viewer,
  session: { csrfToken: string; expiresAt: Date },
  cache?: Pick<SessionCache, 'profile'>,
): Promise<Me> {
  const p = await profileFor(db, viewer, cache);
  const me = headOf(viewer, session, p);
  if (p.children) me.children = p.children;
  if (p.classes) me.classes = p.classes;
  return me;
}

/**
 * `mePayload` as JSON text, for `GET /me` (asked by every page of every element): the children or classes, most
 * of the body, are serialized once per profile load rather than on each request.
 */
export async function meJson(
  db: Db,
  viewer: Viewer,
  session: { csrfToken: string; expiresAt: Date },
  cache?: Pick<SessionCache, 'profile'>,
): Promise<string> {
  const p = await profileFor(db, viewer, cache);
  const head = JSON.stringify(headOf(viewer, session, p));
  let lists = serializedLists.get(p);
  if (lists === undefined) {
    // `{"children":[…]}` or `{"classes":[…]}` without its braces; '' when the profile has neither.
    lists = JSON.stringify({ children: p.children, classes: p.classes }).slice(1, -1);
    serializedLists.set(p, lists);
  }
  return lists ? `${head.slice(0, -1)},${lists}}` : head;
}

const serializedLists = new WeakMap<Profile, string>();

function profileFor(db: Db, viewer: Viewer, cache?: Pick<SessionCache, 'profile'>): Promise<Profile> {
  return cache ? cache.profile(viewer.id, () => profileOf(db, viewer)) : profileOf(db, viewer);
}

function headOf(viewer: Viewer, session: { csrfToken: string; expiresAt: Date }, p: Profile): Me {
  return {
    user: {
      id: viewer.id,
      login: viewer.login,
      firstName: viewer.firstName,
      lastName: viewer.lastName,
      profile: viewer.profile,
      functions: viewer.functions,
      uai: viewer.uai,
      etablissement: p.etablissement,
      scope: p.scope,
      mustChangePassword: viewer.mustChangePassword,
    },
    csrfToken: session.csrfToken,
    sessionExpiresAt: session.expiresAt.toISOString(),
  };
}

async function scopeOf(db: Db, kind: NonNullable<Viewer['scopeKind']>, code: string | null) {
  if (kind === 'national') return { kind, code: null, name: 'France entière' };
  return { kind, code, name: (await territoryName(db, kind, code)) ?? String(code) };
}
