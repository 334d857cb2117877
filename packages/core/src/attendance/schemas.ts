import { z } from 'zod';
import { IsoDateSchema, LocalTimeSchema } from '../iso-dates.js';
import {
  ATTENDANCE_STATUSES,
  type AttendanceSettings,
  DEFAULT_ALERT_THRESHOLD,
  DEFAULT_MOTIFS,
  JUSTIFICATION_STATES,
  ROLL_CALL_STATES,
} from './statuses.js';

/** Zod schemas for attendance, shared by the API (validation, OpenAPI) and any client that wants them. */

export const attendanceStatusSchema = z.enum(ATTENDANCE_STATUSES);
export const rollCallStateSchema = z.enum(ROLL_CALL_STATES);
export const justificationStateSchema = z.enum(JUSTIFICATION_STATES);

export const motifSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]{1,40}$/, 'code : lettres minuscules, chiffres et _ (40 au plus)'),
  label: z.string().trim().min(1).max(80),
  labelEn: z.string().trim().min(1).max(80).optional(),
  justifies: z.boolean(),
});

export const attendanceSettingsSchema = z.object({
  alertThreshold: z.number().int().min(1).max(62).default(DEFAULT_ALERT_THRESHOLD),
  afternoonStartsAt: LocalTimeSchema.default('12:00'),
  motifs: z.array(motifSchema).min(1).max(50).optional(),
});

/** Reads `etablissements.settings.attendance`, falling back to the defaults for anything missing or invalid. */
export function resolveAttendanceSettings(raw: unknown): AttendanceSettings {
  const parsed = attendanceSettingsSchema.safeParse(raw ?? {});
  const s = parsed.success ? parsed.data : attendanceSettingsSchema.parse({});
  return {
    alertThreshold: s.alertThreshold,
    afternoonStartsAt: s.afternoonStartsAt,
    motifs: s.motifs ?? DEFAULT_MOTIFS.map((m) => ({ ...m })),
  };
}

/** Free text a person typed: line breaks and tabs allowed, other control characters refused (a NUL byte is hostile). */
const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'caractères de contrôle interdits');

/** One student's line in a roll-call batch. */
export const rollCallMarkSchema = z
  .object({
    studentId: z.string().min(1).max(100),
    status: attendanceStatusSchema,
    /** Minutes late; required for `retard`, refused otherwise. */
    lateMinutes: z.number().int().min(1).max(600).nullish(),
    note: freeText(500).nullish(),
  })
  .superRefine((m, ctx) => {
    if (m.status === 'retard' && m.lateMinutes == null) {
      ctx.addIssue({ code: 'custom', path: ['lateMinutes'], message: 'minutes de retard requises' });
    }
    if (m.status !== 'retard' && m.lateMinutes != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['lateMinutes'],
        message: 'des minutes de retard seulement pour un retard',
      });
    }
  });
export type RollCallMark = z.infer<typeof rollCallMarkSchema>;

/** A roll-call save: every line is checked before anything is written; `close` ends the roll call. */
export const rollCallBatchSchema = z
  .object({
    marks: z.array(rollCallMarkSchema).max(2000),
    close: z.boolean().default(false),
    /** Why a closed roll call is changed (kept in the history). */
    reason: freeText(500).nullish(),
  })
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.marks.forEach((m, i) => {
      const prev = seen.get(m.studentId);
      if (prev !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['marks', i, 'studentId'],
          message: `élève déjà présent à la ligne ${prev + 1}`,
        });
      } else seen.set(m.studentId, i);
    });
  });
export type RollCallBatch = z.infer<typeof rollCallBatchSchema>;

export const markErroneousSchema = z.object({
  reason: freeText(500).min(3, 'motif de la correction requis'),
});

export const justificationInputSchema = z.object({
  studentId: z.string().min(1).max(100),
  /** Entries (absences, lateness) this justification covers. */
  entryIds: z.array(z.string().min(1).max(100)).min(1, 'au moins une absence ou un retard').max(200),
  motif: z.string().min(1).max(40),
  comment: freeText(2000).default(''),
  /** A file sent beforehand through the upload service. */
  fileId: z.string().min(1).max(100).nullish(),
});
export type JustificationInput = z.infer<typeof justificationInputSchema>;

export const justificationDecisionSchema = z.object({
  decision: z.enum(['validee', 'refusee']),
  /** The CPE may correct the motif when validating. */
  motif: z.string().min(1).max(40).optional(),
  comment: freeText(2000).default(''),
});
export type JustificationDecision = z.infer<typeof justificationDecisionSchema>;

export const dateRangeSchema = z
  .object({ from: IsoDateSchema, to: IsoDateSchema })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'la fin précède le début' })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * 86_400_000, {
    path: ['to'],
    message: 'période de 400 jours au plus',
  });

/** A roll call's progress as the séance picker shows it: to do, under way, done (closed). */
export const ROLL_CALL_PROGRESS = ['todo', 'in_progress', 'done'] as const;
export type RollCallProgress = (typeof ROLL_CALL_PROGRESS)[number];

/** `rollCallState` in the séance picker's words. */
export function rollCallProgress(entries: number, closed: boolean): RollCallProgress {
  if (closed) return 'done';
  return entries > 0 ? 'in_progress' : 'todo';
}

/** One séance of a teacher's day (`GET /api/v1/attendance/seances?date=`). */
export const seanceOfDaySchema = z.object({
  id: z.string(),
  /** ISO 8601 instants. */
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  /** "4e B — Mathématiques". */
  label: z.string(),
  classId: z.string(),
  subject: z.string(),
  rollCall: z.enum(ROLL_CALL_PROGRESS),
  /** Has it begun (by the server's clock)? A roll call is refused before. */
  started: z.boolean(),
});
export type SeanceOfDay = z.infer<typeof seanceOfDaySchema>;

/** A teacher's séances of one day (Europe/Paris), in time order: what the séance picker lists. */
export const seancesOfDaySchema = z.object({
  date: IsoDateSchema,
  seances: z.array(seanceOfDaySchema),
});
export type SeancesOfDay = z.infer<typeof seancesOfDaySchema>;
