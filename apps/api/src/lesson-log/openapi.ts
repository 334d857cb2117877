/**
 * The cahier de textes' answers as OpenAPI schemas (the reference page and the element's contract). They mirror
 * the view types of `@preau/core` (lesson-log/views.ts); requests use core's zod schemas directly.
 */
import { z } from '@hono/zod-openapi';
import { CLASS_KINDS, WORK_TYPES } from '@preau/core';

/** A JSON answer, and a required JSON body, as route declarations write them. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

const Instant = z.string().openapi({ example: '2026-11-16T07:00:00.000Z' });
const Day = z.string().openapi({ example: '2026-11-16' });

const ClassRef = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(CLASS_KINDS) })
  .openapi('LessonClassRef');
const Person = z.object({ id: z.string(), name: z.string() }).openapi('PersonRef');
const SubjectRef = z.object({ id: z.string(), code: z.string(), name: z.string() });
const Link = z.object({ url: z.string(), label: z.string() });

const Attachment = z
  .object({
    id: z.string(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    workId: z.string().nullable(),
    href: z.string().openapi({ example: '/api/v1/files/3q2…' }),
  })
  .openapi('LessonAttachment');

const WorkFields = {
  id: z.string().openapi({ description: 'Stable : l’UID de calendrier en dépend.' }),
  type: z.enum(WORK_TYPES),
  title: z.string(),
  instructionsHtml: z.string().openapi({ description: 'HTML nettoyé par le serveur.' }),
  givenOn: Day,
  dueOn: Day,
  estimatedMinutes: z.number().int(),
  target: ClassRef,
};

export const WorkOut = z
  .object({
    ...WorkFields,
    entryId: z.string(),
    attachments: z.array(Attachment),
    version: z.number().int(),
  })
  .openapi('LessonWork');

const Snapshot = z
  .object({
    title: z.string(),
    contentHtml: z.string(),
    links: z.array(Link),
    publishAt: Instant,
    work: z.array(z.object(WorkFields)),
    attachments: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .openapi('LessonSnapshot');

export const VisaOut = z
  .object({
    id: z.string(),
    classId: z.string(),
    upTo: Day.openapi({ description: 'Les entrées datées jusqu’à ce jour inclus sont verrouillées.' }),
    comment: z.string(),
    visaedAt: Instant,
    visaedBy: Person,
  })
  .openapi('LessonVisa');

export const EntryOut = z
  .object({
    id: z.string(),
    uai: z.string(),
    class: ClassRef,
    subject: SubjectRef,
    teacher: Person,
    seanceId: z.string().nullable(),
    date: Day,
    startsAt: Instant.nullable(),
    endsAt: Instant.nullable(),
    title: z.string(),
    contentHtml: z.string().openapi({ description: 'HTML nettoyé par le serveur (liste blanche).' }),
    links: z.array(Link),
    attachments: z.array(Attachment),
    work: z.array(WorkOut),
    publishAt: Instant,
    published: z.boolean(),
    locked: z
      .boolean()
      .openapi({ description: 'Sous un visa : une modification devient une rectification visible.' }),
    amendments: z.array(
      z.object({
        at: Instant,
        by: Person,
        reason: z.string().nullable(),
        visaUpTo: Day,
        previous: Snapshot.nullable(),
      }),
    ),
    privateNote: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Présent pour l’auteur seulement.' }),
    canEdit: z.boolean(),
    version: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .openapi('LessonEntry');

export const ClassLogOut = z
  .object({
    class: ClassRef.extend({ uai: z.string(), level: z.string().nullable(), schoolYear: z.number().int() }),
    from: Day,
    to: Day,
    entries: z.array(EntryOut),
    seances: z.array(
      z.object({
        id: z.string(),
        subjectId: z.string(),
        subjectName: z.string(),
        teacher: Person,
        startsAt: Instant,
        endsAt: Instant,
        room: z.string().nullable(),
        entryId: z.string().nullable(),
      }),
    ),
    visas: z.array(VisaOut),
    lockedUntil: Day.nullable(),
  })
  .openapi('ClassLessonLog');

export const AgendaOut = z
  .object({
    student: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }),
    today: Day,
    nextClassDay: Day.nullable().openapi({ description: 'Le travail dû ce jour-là est « pour demain ».' }),
    from: Day,
    to: Day,
    work: z.array(
      WorkOut.extend({
        subject: SubjectRef,
        teacher: Person,
        entryTitle: z.string(),
        entryDate: Day,
        done: z.boolean(),
        doneAt: Instant.nullable(),
      }),
    ),
    canTick: z.boolean(),
  })
  .openapi('StudentAgenda');

export const TickOut = z
  .object({ workId: z.string(), done: z.boolean(), doneAt: Instant.nullable() })
  .openapi('WorkTick');

const DayLoad = z.object({
  date: Day,
  minutes: z.number().int(),
  count: z.number().int(),
  overLimit: z.boolean(),
});

export const WorkloadOut = z
  .object({
    class: ClassRef,
    date: Day,
    weekStart: Day,
    days: z.array(DayLoad),
    day: DayLoad,
    weekMinutes: z.number().int(),
    limits: z.object({ dailyMinutes: z.number().int(), weeklyMinutes: z.number().int() }),
    overLimit: z.boolean(),
    bySubject: z.array(
      z.object({ subjectId: z.string(), subjectName: z.string(), minutes: z.number().int() }),
    ),
    items: z.array(
      z.object({
        workId: z.string(),
        entryId: z.string(),
        subject: z.object({ id: z.string(), name: z.string() }),
        type: z.enum(WORK_TYPES),
        title: z.string(),
        dueOn: Day,
        estimatedMinutes: z.number().int(),
        target: ClassRef,
        share: z.number(),
        published: z.boolean(),
      }),
    ),
  })
  .openapi('ClassWorkload', {
    description:
      'Minutes dues par jour et sur la semaine pour l’élève le plus chargé (le travail d’un groupe ne pèse que sur ' +
      'ses élèves), limites de l’établissement et alerte.',
  });

export const ContextOut = z
  .object({
    today: Day,
    nextClassDay: Day.nullable(),
    schoolYear: z.number().int(),
    teaching: z.array(ClassRef.extend({ subjects: z.array(SubjectRef) })),
    students: z.array(
      z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), classes: z.array(ClassRef) }),
    ),
    etablissements: z.array(z.object({ uai: z.string(), name: z.string() })),
  })
  .openapi('LessonLogContext');

export const OverviewOut = z
  .object({
    uai: z.string(),
    classes: z.array(
      ClassRef.extend({
        level: z.string().nullable(),
        entries: z.number().int(),
        lastEntryDate: Day.nullable(),
        visa: VisaOut.nullable(),
        entriesSinceVisa: z.number().int(),
        amendments: z.number().int(),
      }),
    ),
  })
  .openapi('LessonVisaOverview');

export const SettingsOut = z
  .object({ dailyWorkloadLimitMinutes: z.number().int(), weeklyWorkloadLimitMinutes: z.number().int() })
  .openapi('LessonLogSettings');

const FeedFields = {
  id: z.string(),
  kind: z.enum(['student', 'guardian', 'teacher']),
  student: Person.nullable(),
  createdAt: Instant,
  lastUsedAt: Instant.nullable(),
};
export const FeedOut = z.object(FeedFields).openapi('LessonFeed');
export const FeedCreatedOut = z
  .object({
    ...FeedFields,
    url: z.string().openapi({ description: 'Adresse secrète, montrée cette fois seulement.' }),
    webcalUrl: z.string(),
  })
  .openapi('LessonFeedCreated');
