/**
 * Grade book vocabulary and schemas: évaluations, marks, appréciations, the établissement's settings.
 * Shared by the API (validation, OpenAPI) and the `<preau-gradebook>` element (types only).
 */
import { z } from 'zod';
import { IsoDateSchema } from '../iso-dates.js';
import {
  APPRECIATION_MAX_LENGTH,
  EVALUATION_KINDS,
  hasAtMostDecimals,
  MARK_ANNOTATIONS,
  MARK_DECIMALS,
} from './marks.js';

export * from './marks.js';

export const EVALUATION_TYPES = [
  'devoir_surveille',
  'interrogation',
  'devoir_maison',
  'oral',
  'travaux_pratiques',
  'projet',
  'autre',
] as const;
export type EvaluationType = (typeof EVALUATION_TYPES)[number];

/** Labels of the évaluation types, French first. */
export const EVALUATION_TYPE_LABELS: Record<EvaluationType, { fr: string; en: string }> = {
  devoir_surveille: { fr: 'Devoir surveillé', en: 'Supervised test' },
  interrogation: { fr: 'Interrogation', en: 'Quiz' },
  devoir_maison: { fr: 'Devoir maison', en: 'Homework' },
  oral: { fr: 'Oral', en: 'Oral' },
  travaux_pratiques: { fr: 'Travaux pratiques', en: 'Practical work' },
  projet: { fr: 'Projet', en: 'Project' },
  autre: { fr: 'Autre', en: 'Other' },
};

const positiveDecimal = (max: number) =>
  z
    .number()
    .positive()
    .max(max)
    .refine((n) => hasAtMostDecimals(n, 2), { message: 'Deux décimales au plus' });

/** Fields a teacher sets on an évaluation (creation). */
export const evaluationInputSchema = z.object({
  title: z.string().trim().min(1).max(120),
  /** The day it took place (ISO date). */
  date: IsoDateSchema,
  subjectId: z.string().min(1),
  /** A classe or a groupe. */
  classId: z.string().min(1),
  periodId: z.string().min(1),
  /** 0.5, 1, 2… */
  coefficient: positiveDecimal(100).default(1),
  /** Barème: the maximum mark (10, 20, 40, 15…). */
  outOf: positiveDecimal(1000).default(20),
  /**
   * `true` (default): the mark counts as mark/barème × 20 with the évaluation's coefficient.
   * `false`: the mark keeps the weight of its barème (a /40 weighs twice a /20 of the same coefficient).
   */
  rescaleTo20: z.boolean().default(true),
  /** Students and parents see the évaluation and its marks from this day on (Europe/Paris). */
  publishOn: IsoDateSchema,
  type: z.enum(EVALUATION_TYPES).default('devoir_surveille'),
  kind: z.enum(EVALUATION_KINDS).default('normal'),
});
export type EvaluationInput = z.input<typeof evaluationInputSchema>;

export const evaluationSchema = evaluationInputSchema.extend({ id: z.string().min(1) });
export type Evaluation = z.output<typeof evaluationSchema>;

/** Changes to an évaluation (the class and subject never change). */
export const evaluationPatchSchema = evaluationInputSchema.omit({ classId: true, subjectId: true }).partial();
export type EvaluationPatch = z.input<typeof evaluationPatchSchema>;

/** What the average rules need to know about an évaluation. */
export type EvaluationWeighting = Pick<Evaluation, 'coefficient' | 'outOf' | 'rescaleTo20' | 'kind'>;

/** A cell value as sent over JSON: a number, an annotation, or `null` to clear the cell. */
export const markValueSchema = z.union([
  z
    .number()
    .nonnegative()
    .refine((n) => hasAtMostDecimals(n, MARK_DECIMALS), { message: 'Deux décimales au plus' }),
  z.enum(MARK_ANNOTATIONS),
  z.null(),
]);

/** What students and parents may see; hidden items are not sent to them at all. */
export const gradebookVisibilitySchema = z.object({
  subjectAverages: z.boolean().default(true),
  generalAverage: z.boolean().default(true),
  /** Class average, minimum and maximum (per évaluation and per subject). */
  classStats: z.boolean().default(true),
  rank: z.boolean().default(false),
});
export type GradebookVisibility = z.output<typeof gradebookVisibilitySchema>;

/** The établissement's grade book choices (stored in `etablissements.settings.gradebook`). */
export const gradebookSettingsSchema = z.object({
  /** An `Abs` counts as 0 in averages (normal évaluations only) instead of being left out. */
  unjustifiedAbsenceCountsZero: z.boolean().default(false),
  visibility: gradebookVisibilitySchema.default({
    subjectAverages: true,
    generalAverage: true,
    classStats: true,
    rank: false,
  }),
});
export type GradebookSettings = z.output<typeof gradebookSettingsSchema>;

export const DEFAULT_GRADEBOOK_SETTINGS: GradebookSettings = gradebookSettingsSchema.parse({});

/** An appréciation: per subject and period, or the head teacher's general one (`subjectId` null). */
export const appreciationTextSchema = z.string().trim().max(APPRECIATION_MAX_LENGTH);
