import { z } from 'zod';
import { UaiSchema } from './uai.js';

/** School levels, from 6e to terminale. Collèges teach 6e→3e, lycées 2nde→Tle. */
export const COLLEGE_LEVELS = ['6e', '5e', '4e', '3e'] as const;
export const LYCEE_LEVELS = ['2nde', '1re', 'Tle'] as const;
export const LEVELS = [...COLLEGE_LEVELS, ...LYCEE_LEVELS] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, { fr: string; en: string }> = {
  '6e': { fr: 'Sixième', en: 'Year 7 (6e)' },
  '5e': { fr: 'Cinquième', en: 'Year 8 (5e)' },
  '4e': { fr: 'Quatrième', en: 'Year 9 (4e)' },
  '3e': { fr: 'Troisième', en: 'Year 10 (3e)' },
  '2nde': { fr: 'Seconde', en: 'Year 11 (2nde)' },
  '1re': { fr: 'Première', en: 'Year 12 (1re)' },
  Tle: { fr: 'Terminale', en: 'Year 13 (Tle)' },
};

/** A school year by the calendar year it starts in: 2026 is 2026-2027. */
export const SchoolYearSchema = z.number().int().min(2000).max(2100);

/** "2026-2027". */
export function schoolYearLabel(year: number): string {
  return `${year}-${year + 1}`;
}

export const PERIOD_SCHEMES = ['trimestre', 'semestre'] as const;
export type PeriodScheme = (typeof PERIOD_SCHEMES)[number];

/** A classe (division, e.g. 4e B) or a groupe (language group, option) that gathers students of several classes. */
export const CLASS_KINDS = ['classe', 'groupe'] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];

export const SchoolClassSchema = z.object({
  id: z.string().min(1),
  uai: UaiSchema,
  kind: z.enum(CLASS_KINDS),
  name: z.string().min(1).max(60),
  level: z.enum(LEVELS).nullable(),
  schoolYear: SchoolYearSchema,
  periodScheme: z.enum(PERIOD_SCHEMES),
  /** The professeur principal (classes only). */
  headTeacherId: z.string().min(1).nullable(),
});
export type SchoolClass = z.infer<typeof SchoolClassSchema>;

export const EnrolmentSchema = z.object({
  classId: z.string().min(1),
  studentId: z.string().min(1),
});
export type Enrolment = z.infer<typeof EnrolmentSchema>;

export const GUARDIAN_RELATIONS = ['mere', 'pere', 'tuteur', 'responsable'] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];
export const GUARDIAN_RELATION_LABELS: Record<GuardianRelation, { fr: string; en: string }> = {
  mere: { fr: 'Mère', en: 'Mother' },
  pere: { fr: 'Père', en: 'Father' },
  tuteur: { fr: 'Tuteur', en: 'Guardian' },
  responsable: { fr: 'Responsable légal', en: 'Legal guardian' },
};

/** A student has several guardians, each with their own account. */
export const GuardianshipSchema = z.object({
  studentId: z.string().min(1),
  guardianId: z.string().min(1),
  relation: z.enum(GUARDIAN_RELATIONS),
});
export type Guardianship = z.infer<typeof GuardianshipSchema>;

/** A subject as one établissement teaches it, with its weight in the general average. */
export const SubjectSchema = z.object({
  id: z.string().min(1),
  uai: UaiSchema,
  code: z
    .string()
    .regex(/^[A-Z0-9_]{2,12}$/, 'code matière : majuscules, chiffres et _ (2 à 12 caractères, ex. MATHS)'),
  name: z.string().min(1).max(80),
  /** Decimal string, e.g. "1" or "0.5", so that it round-trips exactly. */
  coefficient: z
    .string()
    .regex(/^[0-9]+(\.[0-9]{1,2})?$/, 'coefficient : nombre décimal positif (ex. 1 ou 0.5)')
    .refine((c) => Number(c) > 0, 'le coefficient doit être strictement positif'),
});
export type Subject = z.infer<typeof SubjectSchema>;

/** Teacher × class or group × subject. */
export const TeachingAssignmentSchema = z.object({
  id: z.string().min(1),
  teacherId: z.string().min(1),
  classId: z.string().min(1),
  subjectId: z.string().min(1),
});
export type TeachingAssignment = z.infer<typeof TeachingAssignmentSchema>;

/** The usual collège subjects (codes as school software writes them) with French names and coefficients. */
export const COLLEGE_SUBJECTS = [
  { code: 'FRANC', name: 'Français', coefficient: '3' },
  { code: 'MATHS', name: 'Mathématiques', coefficient: '3' },
  { code: 'HIGEO', name: 'Histoire-géographie et EMC', coefficient: '2' },
  { code: 'ANGL', name: 'Anglais LV1', coefficient: '2' },
  { code: 'ESP', name: 'Espagnol LV2', coefficient: '1.5' },
  { code: 'ALL', name: 'Allemand LV2', coefficient: '1.5' },
  { code: 'ITA', name: 'Italien LV2', coefficient: '1.5' },
  { code: 'SVT', name: 'Sciences de la vie et de la Terre', coefficient: '1.5' },
  { code: 'PHYCH', name: 'Physique-chimie', coefficient: '1.5' },
  { code: 'TECHN', name: 'Technologie', coefficient: '1' },
  { code: 'ARTPL', name: 'Arts plastiques', coefficient: '1' },
  { code: 'EDMUS', name: 'Éducation musicale', coefficient: '1' },
  { code: 'EPS', name: 'Éducation physique et sportive', coefficient: '1' },
] as const;

/** Lycée (voie générale et technologique, tronc commun) subjects. */
export const LYCEE_SUBJECTS = [
  { code: 'FRANC', name: 'Français', coefficient: '3' },
  { code: 'PHILO', name: 'Philosophie', coefficient: '3' },
  { code: 'MATHS', name: 'Mathématiques', coefficient: '3' },
  { code: 'HIGEO', name: 'Histoire-géographie', coefficient: '2' },
  { code: 'ANGL', name: 'Anglais LVA', coefficient: '2' },
  { code: 'ESP', name: 'Espagnol LVB', coefficient: '1.5' },
  { code: 'ALL', name: 'Allemand LVB', coefficient: '1.5' },
  { code: 'SES', name: 'Sciences économiques et sociales', coefficient: '1.5' },
  { code: 'PHYCH', name: 'Physique-chimie', coefficient: '2' },
  { code: 'SVT', name: 'Sciences de la vie et de la Terre', coefficient: '2' },
  { code: 'SNT', name: 'Sciences numériques et technologie', coefficient: '1' },
  { code: 'EMC', name: 'Enseignement moral et civique', coefficient: '0.5' },
  { code: 'EPS', name: 'Éducation physique et sportive', coefficient: '1' },
] as const;

/** Modern languages taught as LV2 (in groups across classes). */
export const LV2_CODES = ['ESP', 'ALL', 'ITA'] as const;
export type Lv2Code = (typeof LV2_CODES)[number];
