/** `GET /api/v1/me`: the signed-in user, their établissement or territory, their children or classes. */
import { z } from '@hono/zod-openapi';
import type { Db } from '../db/types.js';
import type { Viewer } from '../policies/index.js';
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

/** The body of GET /api/v1/me (and of a successful sign-in). */
export async function mePayload(
  db: Db,
  viewer: Viewer,
  session: { csrfToken: string; expiresAt: Date },
): Promise<Me> {
  const me: Me = {
    user: {
      id: viewer.id,
      login: viewer.login,
      firstName: viewer.firstName,
      lastName: viewer.lastName,
      profile: viewer.profile,
      functions: viewer.functions,
      uai: viewer.uai,
      etablissement: viewer.uai ? await etablissementName(db, viewer.uai) : null,
      scope: viewer.scopeKind ? await scopeOf(db, viewer.scopeKind, viewer.scopeCode) : null,
      mustChangePassword: viewer.mustChangePassword,
    },
    csrfToken: session.csrfToken,
    sessionExpiresAt: session.expiresAt.toISOString(),
  };
  if (viewer.profile === 'guardian') {
    me.children = (await childrenOf(db, viewer.id)).map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      uai: r.uai,
      class: r.class_id ? { id: r.class_id, name: r.class_name! } : null,
    }));
  }
  if (viewer.profile === 'teacher') {
    me.classes = (await classesTaughtBy(db, viewer.id)).map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      isHeadTeacher: r.head === true,
      subjects: r.subjects ?? [],
    }));
  }
  return me;
}

async function scopeOf(db: Db, kind: NonNullable<Viewer['scopeKind']>, code: string | null) {
  if (kind === 'national') return { kind, code: null, name: 'France entière' };
  return { kind, code, name: (await territoryName(db, kind, code)) ?? String(code) };
}
