import { z } from 'zod';
import { personName } from './names.js';
import { DepartementCodeSchema } from './territory.js';
import { slugify } from './text.js';
import { UaiSchema } from './uai.js';
import type { UsageProfile } from './usage.js';

/** What a person is in the ENT. */
export const PROFILES = [
  'student',
  'guardian',
  'teacher',
  'vie_scolaire',
  'direction',
  'staff',
  'inspector',
  'analyst',
] as const;
export type Profile = (typeof PROFILES)[number];

/** Functions held within a profile (a person may hold several). */
export const FUNCTIONS = ['cpe', 'principal', 'adjoint', 'professeur_principal'] as const;
export type UserFunction = (typeof FUNCTIONS)[number];

/** Which functions make sense for which profile. */
export const FUNCTIONS_BY_PROFILE: Record<Profile, readonly UserFunction[]> = {
  student: [],
  guardian: [],
  teacher: ['professeur_principal'],
  vie_scolaire: ['cpe'],
  direction: ['principal', 'adjoint'],
  staff: [],
  inspector: [],
  analyst: [],
};

export const PROFILE_LABELS: Record<Profile, { fr: string; en: string }> = {
  student: { fr: 'Élève', en: 'Student' },
  guardian: { fr: 'Responsable légal', en: 'Parent or guardian' },
  teacher: { fr: 'Enseignant', en: 'Teacher' },
  vie_scolaire: { fr: 'Vie scolaire', en: 'Student life staff' },
  direction: { fr: 'Personnel de direction', en: 'School management' },
  staff: { fr: 'Autre personnel', en: 'Other staff' },
  inspector: { fr: 'Inspecteur', en: 'Inspector' },
  analyst: { fr: 'Analyste', en: 'Analyst' },
};

export const FUNCTION_LABELS: Record<UserFunction, { fr: string; en: string }> = {
  cpe: { fr: "Conseiller principal d'éducation (CPE)", en: 'Senior education adviser (CPE)' },
  principal: { fr: 'Principal', en: 'Head of school' },
  adjoint: { fr: 'Principal adjoint', en: 'Deputy head' },
  professeur_principal: { fr: 'Professeur principal', en: 'Form tutor' },
};

/** The national audience measurement's profile for a Préau profile. */
export function usageProfileOf(profile: Profile): UsageProfile {
  switch (profile) {
    case 'student':
      return 'ELEVE';
    case 'guardian':
      return 'PARENT';
    case 'teacher':
      return 'ENSEIGNANT';
    case 'vie_scolaire':
    case 'direction':
    case 'staff':
      return 'ADMIN_VIE_SCOL_TECH';
    case 'inspector':
    case 'analyst':
      return 'AUTRE';
  }
}

/** Profiles that belong to one établissement (they carry its UAI). */
export const SCHOOL_PROFILES: readonly Profile[] = [
  'student',
  'guardian',
  'teacher',
  'vie_scolaire',
  'direction',
  'staff',
];
/** Profiles that see a territory rather than one établissement. */
export const TERRITORY_PROFILES: readonly Profile[] = ['inspector', 'analyst'];

export const SCOPE_KINDS = ['national', 'academie', 'departement'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The territory an analyst or inspector sees. */
export const ScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('national') }),
  z.object({ kind: z.literal('academie'), code: z.string().regex(/^[0-9]{2}$/) }),
  z.object({ kind: z.literal('departement'), code: DepartementCodeSchema }),
]);
export type Scope = z.infer<typeof ScopeSchema>;

/** Sign-in identifier: lower-case letters, digits, dots and hyphens (e.g. `camille.martin2`). */
export const LoginSchema = z
  .string()
  .min(3, 'identifiant : 3 caractères au moins')
  .max(64, 'identifiant : 64 caractères au plus')
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'identifiant : lettres minuscules sans accent, chiffres, points et tirets');

/** A person as the API shows them (never their secrets). */
export const UserSchema = z
  .object({
    id: z.string().min(1),
    login: LoginSchema,
    firstName: z.string().min(1).max(100),
    lastName: z.string().min(1).max(100),
    profile: z.enum(PROFILES),
    functions: z.array(z.enum(FUNCTIONS)),
    uai: UaiSchema.nullable(),
    scope: ScopeSchema.nullable(),
  })
  .superRefine((u, ctx) => {
    if (SCHOOL_PROFILES.includes(u.profile) && u.uai === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['uai'],
        message: `le profil ${u.profile} exige un établissement (UAI)`,
      });
    }
    if (TERRITORY_PROFILES.includes(u.profile) && u.scope === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: `le profil ${u.profile} exige un territoire`,
      });
    }
    for (const f of u.functions) {
      if (!FUNCTIONS_BY_PROFILE[u.profile].includes(f)) {
        ctx.addIssue({
          code: 'custom',
          path: ['functions'],
          message: `la fonction ${f} ne convient pas au profil ${u.profile}`,
        });
      }
    }
  });
export type User = z.infer<typeof UserSchema>;

/** "Camille MARTIN": how French schools print a person's name (see `personName` in names.ts). */
export function displayName(u: { firstName: string; lastName: string }): string {
  return personName(u);
}

/**
 * A login from a name: lower case, accents removed, spaces and apostrophes turned into hyphens
 * (`Lou-Anne`, `N'Diaye` → `lou-anne.n-diaye`).
 */
export function loginFromName(firstName: string, lastName: string): string {
  return `${slugify(firstName)}.${slugify(lastName)}`;
}
