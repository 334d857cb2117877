// The grade book routes' OpenAPI schemas (request and response shapes), apart from the routes themselves.
import { z } from '@hono/zod-openapi';
import {
  APPRECIATION_MAX_LENGTH,
  distinctRows,
  EVALUATION_KINDS,
  EVALUATION_TYPES,
  evaluationInputSchema,
  evaluationPatchSchema,
  gradebookSettingsSchema,
  MARK_ANNOTATIONS,
  SOCLE_DOMAINS,
} from '@preau/core';
import { MAX_IMPORT_CHARS } from '../gradebook/csv.js';
import { MAX_CELLS_PER_BATCH } from '../gradebook/marks.js';
import { Id, label, text } from '../http/schemas.js';

export const TAG = ['Carnet de notes'];

// ---- schemas -------------------------------------------------------------------------------------------------

export const MarkValueOut = z.union([z.number(), z.enum(MARK_ANNOTATIONS)]).openapi('MarkValue', {
  description: 'Une note (nombre dans le barème, deux décimales au plus) ou Abs, Disp, NN.',
});

export const StatsSchema = z
  .object({ count: z.number().int(), average: z.number(), min: z.number(), max: z.number() })
  .openapi('GradeStats', {
    description: 'Moyenne, minimum, maximum (deux décimales, arrondi au plus proche).',
  });

export const EvaluationOut = z
  .object({
    id: z.string(),
    classId: z.string(),
    subjectId: z.string(),
    periodId: z.string(),
    title: z.string(),
    date: z.string().openapi({ example: '2026-10-01' }),
    coefficient: z.number(),
    outOf: z.number().openapi({ description: 'Barème' }),
    rescaleTo20: z.boolean(),
    publishOn: z.string().openapi({ description: 'Visible des élèves et des parents à partir de ce jour.' }),
    type: z.enum(EVALUATION_TYPES),
    kind: z.enum(EVALUATION_KINDS),
  })
  .openapi('Evaluation');

export const SettingsOut = gradebookSettingsSchema;

export const PeriodsOut = z
  .array(z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() }))
  .openapi({ description: 'Les périodes de la classe, dans l’ordre, pour passer de l’une à l’autre.' });

export const SheetSchema = z
  .object({
    class: z.object({ id: z.string(), name: z.string() }),
    subject: z.object({ id: z.string(), code: z.string(), name: z.string(), coefficient: z.number() }),
    period: z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() }),
    settings: SettingsOut,
    canEdit: z.boolean(),
    evaluations: z.array(EvaluationOut),
    students: z.array(z.object({ id: z.string(), lastName: z.string(), firstName: z.string() })),
    marks: z.array(z.object({ evaluationId: z.string(), studentId: z.string(), value: MarkValueOut })),
    averages: z.array(
      z.object({ studentId: z.string(), average: z.number().nullable(), counted: z.array(z.string()) }),
    ),
    evaluationStats: z.array(z.object({ evaluationId: z.string(), stats: StatsSchema.nullable() })),
    classStats: StatsSchema.nullable(),
    appreciations: z.array(z.object({ studentId: z.string(), text: z.string() })),
    generalAppreciations: z
      .array(z.object({ studentId: z.string(), text: z.string() }))
      .optional()
      .openapi({
        description: 'Les appréciations générales : seulement pour le professeur principal et la direction.',
      }),
    periods: PeriodsOut,
    links: z.object({ marks: z.string(), evaluations: z.string() }),
  })
  .openapi('GradebookSheet');

export const LevelOut = z.object({
  domain: z.enum(SOCLE_DOMAINS),
  level: z.number().int().min(1).max(4).nullable(),
});

export const ResultsSchema = z
  .object({
    student: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
    class: z.object({ id: z.string(), name: z.string() }).nullable(),
    period: z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() }),
    periods: PeriodsOut,
    subjects: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        coefficient: z.number(),
        evaluations: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            date: z.string(),
            type: z.enum(EVALUATION_TYPES),
            kind: z.enum(EVALUATION_KINDS),
            coefficient: z.number(),
            outOf: z.number(),
            rescaleTo20: z.boolean(),
            publishOn: z.string(),
            mark: MarkValueOut.nullable(),
            classStats: StatsSchema.nullable().optional(),
          }),
        ),
        average: z.number().nullable().optional(),
        classStats: StatsSchema.nullable().optional(),
        appreciation: z.string().nullable(),
        competences: z.array(LevelOut),
      }),
    ),
    generalAverage: z.number().nullable().optional(),
    rank: z.object({ position: z.number().int(), of: z.number().int() }).nullable().optional(),
    appreciation: z.string().nullable(),
    competences: z.array(LevelOut),
  })
  .openapi('StudentResults', {
    description:
      "Pour un élève ou ses parents : évaluations publiées seulement ; moyennes, statistiques de classe et rang absents quand l'établissement les masque.",
  });

export const PreviewSchema = z
  .object({
    delimiter: z.string(),
    columns: z.array(z.object({ header: z.string(), evaluationId: z.string().nullable() })),
    changes: z.array(
      z.object({
        line: z.number().int(),
        studentId: z.string(),
        student: z.string(),
        evaluationId: z.string(),
        evaluation: z.string(),
        before: MarkValueOut.nullable(),
        after: MarkValueOut,
        status: z.enum(['new', 'changed', 'unchanged']),
      }),
    ),
    errors: z.array(z.object({ line: z.number().int(), column: z.string().optional(), message: z.string() })),
    summary: z.object({
      new: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      errors: z.number().int(),
    }),
  })
  .openapi('GradebookImportPreview');

export const Saved = z.object({ saved: z.number().int() }).openapi('Saved');

export const ClassParams = z.object({ classId: Id.openapi({ param: { name: 'classId', in: 'path' } }) });
export const StudentParams = z.object({
  studentId: Id.openapi({ param: { name: 'studentId', in: 'path' } }),
});

export const SheetQuery = z.object({
  subjectId: Id.optional().openapi({
    description: "Facultatif quand l'enseignant n'a qu'une matière dans la classe.",
  }),
  periodId: Id.optional().openapi({
    description: 'Par défaut : la période en cours si elle a des notes, sinon la dernière qui en a.',
  }),
});

export const MarksBody = z
  .object({
    marks: z
      .array(
        z.object({
          evaluationId: Id,
          studentId: Id,
          // Checked cell by cell against the évaluation's barème, so that each bad cell is named with its student.
          value: z
            .unknown()
            .openapi({ description: 'Nombre, "Abs", "Disp", "NN", ou null pour vider la case.' }),
        }),
      )
      .min(1)
      .max(MAX_CELLS_PER_BATCH)
      .superRefine(distinctRows((m) => `${m.evaluationId}|${m.studentId}`, { what: 'Cette case' })),
  })
  .strict();

// The core schema, with the API's guards on what reaches the database (identifiers, no control characters).
export const EvaluationCreateBody = evaluationInputSchema
  .extend({ classId: Id.optional(), subjectId: Id, periodId: Id, title: label(120) })
  .strict();
export const EvaluationPatchBody = evaluationPatchSchema
  .extend({ periodId: Id.optional(), title: label(120).optional() })
  .strict();

export const ImportBody = z
  .object({
    subjectId: Id,
    periodId: Id,
    text: z.string().min(1).max(MAX_IMPORT_CHARS).openapi({
      description:
        'Contenu CSV (; ou ,) ou bloc collé depuis un tableur (tabulations), ligne d’en-tête comprise.',
    }),
  })
  .strict();

export const AppreciationsBody = z
  .object({
    periodId: Id,
    subjectId: Id.nullable().openapi({
      description: "null : l'appréciation générale du professeur principal.",
    }),
    items: z
      .array(
        z.object({
          studentId: Id,
          text: text(APPRECIATION_MAX_LENGTH).transform((s) => s.trim()),
        }),
      )
      .min(1)
      .max(200)
      .superRefine(distinctRows((a) => a.studentId, { what: 'Cet élève', field: 'studentId' })),
  })
  .strict();

export const CompetencesBody = z
  .object({
    subjectId: Id,
    periodId: Id,
    assessments: z
      .array(
        z.object({
          studentId: Id,
          domain: z.enum(SOCLE_DOMAINS),
          level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(),
          evaluationId: Id.nullable().default(null),
        }),
      )
      .min(1)
      .max(2000)
      .superRefine(
        distinctRows((a) => `${a.studentId}|${a.domain}|${a.evaluationId ?? ''}`, {
          what: 'Cette compétence (élève, domaine, évaluation)',
        }),
      ),
  })
  .strict();

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

// ---- routes --------------------------------------------------------------------------------------------------
