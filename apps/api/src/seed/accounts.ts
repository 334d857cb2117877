import type { Profile, UserFunction } from '@preau/core';

/** The one password of every demo login (shown by the server at start-up, never used outside demo data). */
export const DEMO_PASSWORD = 'preau-demo';

/**
 * The access code of every other generated account: a first sign-in with it asks for a new password. Shared so
 * that seeding hashes it once (scrypt is deliberately slow); demo data only.
 */
export const DEMO_ACCESS_CODE = 'code-acces-demo';

export interface DemoAccount {
  login: string;
  profile: Profile;
  functions: UserFunction[];
  label: { fr: string; en: string };
}

/** One demo login per profile, for the server's start-up banner and the end-to-end tests. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    login: 'eleve.demo',
    profile: 'student',
    functions: [],
    label: {
      fr: 'Élève de 4e, collège Robert Schuman (Reims)',
      en: '4e student, Collège Robert Schuman (Reims)',
    },
  },
  {
    login: 'parent.demo',
    profile: 'guardian',
    functions: [],
    label: {
      fr: "Parent de l'élève et de son frère ou sa sœur",
      en: 'Parent of the student and of a sibling',
    },
  },
  {
    login: 'prof.demo',
    profile: 'teacher',
    functions: ['professeur_principal'],
    label: {
      fr: "Enseignant, professeur principal de la classe de l'élève",
      en: "Teacher, the student's form tutor",
    },
  },
  {
    login: 'cpe.demo',
    profile: 'vie_scolaire',
    functions: ['cpe'],
    label: { fr: "Conseiller principal d'éducation (CPE)", en: 'Senior education adviser (CPE)' },
  },
  {
    login: 'principal.demo',
    profile: 'direction',
    functions: ['principal'],
    label: { fr: 'Principal du collège', en: 'Head of the collège' },
  },
  {
    login: 'adjoint.demo',
    profile: 'direction',
    functions: ['adjoint'],
    label: { fr: 'Principal adjoint', en: 'Deputy head' },
  },
  {
    login: 'analyste.reims',
    profile: 'analyst',
    functions: [],
    label: { fr: 'Analyste du rectorat, académie de Reims', en: 'Rectorat analyst, académie de Reims' },
  },
  {
    login: 'analyste.amiens',
    profile: 'analyst',
    functions: [],
    label: {
      fr: "Analyste du rectorat, académie d'Amiens (dont l'Aisne)",
      en: 'Rectorat analyst, académie d’Amiens (incl. the Aisne)',
    },
  },
  {
    login: 'analyste.marne',
    profile: 'analyst',
    functions: [],
    label: { fr: 'Analyste du département de la Marne', en: 'Analyst, département de la Marne' },
  },
  {
    login: 'analyste.national',
    profile: 'analyst',
    functions: [],
    label: { fr: 'Analyste national (ministère)', en: 'National analyst (Ministry)' },
  },
  {
    login: 'inspecteur.reims',
    profile: 'inspector',
    functions: [],
    label: { fr: 'Inspecteur, académie de Reims', en: 'Inspector, académie de Reims' },
  },
];
