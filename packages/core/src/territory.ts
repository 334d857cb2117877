import { z } from 'zod';
import { UaiSchema } from './uai.js';

/** Académie (rectorat), by the Ministry's `code_academie`, e.g. `19` for Reims. */
export const AcademieSchema = z.object({
  code: z.string().regex(/^[0-9]{2}$/, 'code académie : deux chiffres (ex. 19)'),
  name: z.string().min(1),
});
export type Academie = z.infer<typeof AcademieSchema>;

/** Département code as the Ministry writes it: three characters, e.g. `051`, `02A`, `971`. */
export const DepartementCodeSchema = z
  .string()
  .regex(/^(0[0-9][0-9]|0[2][AB]|9[0-9][0-9])$/, 'code département : trois caractères (ex. 051, 02A, 971)');

export const DepartementSchema = z.object({
  code: DepartementCodeSchema,
  name: z.string().min(1),
  academieCode: AcademieSchema.shape.code,
  regionCode: z.string().min(1),
  regionName: z.string().min(1),
});
export type Departement = z.infer<typeof DepartementSchema>;

/** Three-character département code from the usual forms: `51` → `051`, `2A` → `02A`, `971` → `971`. */
export function normalizeDepartementCode(code: string): string {
  const c = code.trim().toUpperCase();
  return c.length >= 3 ? c : c.padStart(3, '0');
}

export const ETABLISSEMENT_KINDS = ['college', 'lycee'] as const;
export type EtablissementKind = (typeof ETABLISSEMENT_KINDS)[number];
export const ETABLISSEMENT_SECTORS = ['public', 'prive'] as const;
export type EtablissementSector = (typeof ETABLISSEMENT_SECTORS)[number];

export const ETABLISSEMENT_KIND_LABELS: Record<EtablissementKind, { fr: string; en: string }> = {
  college: { fr: 'Collège', en: 'Lower secondary school (collège)' },
  lycee: { fr: 'Lycée', en: 'Upper secondary school (lycée)' },
};
export const ETABLISSEMENT_SECTOR_LABELS: Record<EtablissementSector, { fr: string; en: string }> = {
  public: { fr: 'Public', en: 'Public' },
  prive: { fr: 'Privé sous contrat', en: 'Private (state contract)' },
};

/**
 * The deployment state of a territory's ENT project, as the Ministry counts it (DGESCO, September 2010):
 * best first. Collèges are mapped by département, lycées by académie or région.
 */
export const DEPLOYMENT_STATES = [
  'generalisation_50_plus',
  'generalisation_moins_50',
  'experimentation',
  'etude_prealable',
  'reflexion',
] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export const DEPLOYMENT_STATE_LABELS: Record<DeploymentState, { fr: string; en: string }> = {
  generalisation_50_plus: { fr: 'Généralisation à 50 % ou plus', en: 'Rolled out to 50 % or more' },
  generalisation_moins_50: { fr: 'Généralisation à moins de 50 %', en: 'Rolled out to less than 50 %' },
  experimentation: { fr: 'Expérimentation', en: 'Pilot' },
  etude_prealable: { fr: 'Étude préalable', en: 'Preliminary study' },
  reflexion: { fr: 'En réflexion ou pas de projet', en: 'Considering, or no project' },
};

export const EtablissementSchema = z.object({
  uai: UaiSchema,
  name: z.string().min(1),
  kind: z.enum(ETABLISSEMENT_KINDS),
  sector: z.enum(ETABLISSEMENT_SECTORS),
  commune: z.string().min(1),
  departementCode: DepartementCodeSchema,
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  studentCount: z.number().int().nonnegative().nullable(),
});
export type Etablissement = z.infer<typeof EtablissementSchema>;
