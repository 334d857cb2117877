/**
 * Compétences: the LSU's four-level scale and the 8 domains of the socle commun de connaissances, de compétences
 * et de culture. A level is always shown with its label or short code, never by colour alone.
 */
import { z } from 'zod';
import { SOCLE_DOMAINS } from './lsu.js';

export * from './lsu.js';

export const lsuLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** One compétence assessment of a student: a domain, a level, in a period (optionally tied to an évaluation). */
export const competenceAssessmentInputSchema = z.object({
  studentId: z.string().min(1),
  domain: z.enum(SOCLE_DOMAINS),
  level: lsuLevelSchema,
  evaluationId: z.string().min(1).nullable().default(null),
});
export type CompetenceAssessmentInput = z.input<typeof competenceAssessmentInputSchema>;
