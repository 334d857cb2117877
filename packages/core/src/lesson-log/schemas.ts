import { z } from 'zod';
import { addDays } from '../attendance/half-days.js';
import { IsoDateSchema } from '../iso-dates.js';
import {
  DEFAULT_DAILY_WORKLOAD_MINUTES,
  DEFAULT_WEEKLY_WORKLOAD_MINUTES,
  LESSON_LIMITS as L,
  WORK_TYPES,
} from './work-types.js';

/**
 * Zod schemas of the cahier de textes requests, shared by the API (validation, OpenAPI) and any client that wants
 * them. Rich text arrives as HTML and is sanitized by the server; these schemas only bound its size.
 */

const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'identifiant invalide');

/** Free text a person typed: line breaks and tabs allowed, other control characters refused. */
const freeText = (max: number) =>
  z
    .string()
    .max(max, `${max} caractères au plus`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'caractères de contrôle interdits');

const title = z
  .string()
  .trim()
  .min(1, 'titre requis')
  .max(L.title, `${L.title} caractères au plus`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a title is one line
  .regex(/^[^\x00-\x1f\x7f]*$/, 'caractères de contrôle interdits');

/** Whether a string is an absolute http or https URL with a host (no javascript:, data:, file:…). */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

export const lessonLinkSchema = z.object({
  url: z
    .string()
    .trim()
    .max(L.linkUrl, `${L.linkUrl} caractères au plus`)
    .refine(isHttpUrl, 'adresse web en http:// ou https:// attendue')
    .transform((u) => new URL(u).href),
  label: freeText(L.linkLabel).trim().default(''),
});
export type LessonLinkInput = z.input<typeof lessonLinkSchema>;

const attachmentIds = z.array(id).max(L.attachments, `${L.attachments} fichiers au plus`);

/** Rejects the same identifier twice in a list, naming the second occurrence. */
const unique =
  (what: string) =>
  (ids: readonly string[] | undefined, ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    ids?.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `${what} en double` });
      seen.add(v);
    });
  };

/** One piece of travail à faire, given in an entry. `id` names an existing one (its calendar UID stays). */
export const lessonWorkInputSchema = z
  .object({
    id: id.optional(),
    type: z.enum(WORK_TYPES),
    title,
    instructionsHtml: z
      .string()
      .max(L.instructionsHtml, `${L.instructionsHtml} caractères au plus`)
      .default(''),
    /** Default: the entry's date. */
    givenOn: IsoDateSchema.optional(),
    dueOn: IsoDateSchema,
    estimatedMinutes: z.number().int().min(0).max(L.estimatedMinutes),
    /** The whole class (default: the entry's class or group) or one of the teacher's groups. */
    targetClassId: id.optional(),
    attachmentIds: attachmentIds.default([]).superRefine(unique('fichier')),
  })
  .strict();
export type LessonWorkInput = z.input<typeof lessonWorkInputSchema>;

const entryFields = {
  /** The day of the séance. */
  date: IsoDateSchema,
  /** The timetable slot the entry fills, if any (one entry per séance). */
  seanceId: id.nullish(),
  title,
  contentHtml: z.string().max(L.contentHtml, `${L.contentHtml} caractères au plus`).default(''),
  links: z.array(lessonLinkSchema).max(L.links, `${L.links} liens au plus`).default([]),
  /** Files uploaded beforehand (POST /api/v1/files, kind `lesson_entry`) or already attached. */
  attachmentIds: attachmentIds.default([]).superRefine(unique('fichier')),
  /** Seen by the author only. */
  privateNote: freeText(L.privateNote).nullish(),
  /** Students and parents see the entry from then on; absent: the établissement's default. */
  publishAt: z.iso.datetime({ offset: true }).nullish(),
  work: z.array(lessonWorkInputSchema).max(L.work, `${L.work} travaux au plus`).default([]),
  /** Why an entry already under a visa is changed (shown with the amendment). */
  reason: freeText(L.comment).trim().nullish(),
};

/** Checks across fields: work given on or after… due after given, within a year; no work id twice. */
function checkWork(
  e: { date: string; work: { id?: string; givenOn?: string; dueOn: string }[] },
  ctx: z.RefinementCtx,
): void {
  const ids = new Set<string>();
  e.work.forEach((w, i) => {
    const given = w.givenOn ?? e.date;
    if (w.dueOn < given) {
      ctx.addIssue({
        code: 'custom',
        path: ['work', i, 'dueOn'],
        message: 'à rendre avant d’avoir été donné',
      });
    } else if (w.dueOn > addDays(given, L.dueWithinDays)) {
      ctx.addIssue({ code: 'custom', path: ['work', i, 'dueOn'], message: 'échéance à plus d’un an' });
    }
    if (w.id) {
      if (ids.has(w.id))
        ctx.addIssue({ code: 'custom', path: ['work', i, 'id'], message: 'travail en double' });
      ids.add(w.id);
    }
  });
}

export const lessonEntryInputSchema = z
  .object({ classId: id, subjectId: id, ...entryFields })
  .strict()
  .superRefine(checkWork);
export type LessonEntryInput = z.input<typeof lessonEntryInputSchema>;

/** The whole entry again (class and subject never change); `version` guards against a lost update. */
export const lessonEntryUpdateSchema = z
  .object({ ...entryFields, version: z.number().int().min(1).optional() })
  .strict()
  .superRefine(checkWork);
export type LessonEntryUpdate = z.input<typeof lessonEntryUpdateSchema>;

export const lessonDuplicateSchema = z
  .object({
    classId: id,
    /** Default: the original's date. */
    date: IsoDateSchema.optional(),
    seanceId: id.nullish(),
    publishAt: z.iso.datetime({ offset: true }).nullish(),
  })
  .strict();
export type LessonDuplicateInput = z.input<typeof lessonDuplicateSchema>;

export const lessonVisaInputSchema = z
  .object({ upTo: IsoDateSchema, comment: freeText(L.comment).trim().default('') })
  .strict();
export type LessonVisaInput = z.input<typeof lessonVisaInputSchema>;

export const workDoneSchema = z.object({ done: z.boolean() }).strict();

export const lessonFeedInputSchema = z
  .object({
    /** A parent's feed is for one child. */
    studentId: id.optional(),
  })
  .strict();

export const lessonLogSettingsSchema = z.object({
  dailyWorkloadLimitMinutes: z.number().int().min(0).max(1440).default(DEFAULT_DAILY_WORKLOAD_MINUTES),
  weeklyWorkloadLimitMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 1440)
    .default(DEFAULT_WEEKLY_WORKLOAD_MINUTES),
});
export type LessonLogSettings = z.output<typeof lessonLogSettingsSchema>;

/** Reads `etablissements.settings.lessonLog`, falling back to the defaults for anything missing or invalid. */
export function resolveLessonLogSettings(raw: unknown): LessonLogSettings {
  const parsed = lessonLogSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : lessonLogSettingsSchema.parse({});
}
