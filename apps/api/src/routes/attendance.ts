/**
 * Attendance routes (`/api/v1/attendance/…`): roll calls per séance (batch save, close, late corrections with
 * history, entries marked erroneous), a student's record, justifications (families) and their decision (CPE),
 * the vie scolaire's week grid, tallies with CSV export, and the live stream of notices (server-sent events).
 * Rules: `@preau/core` (attendance); access: `policies.ts` (attendance section).
 */
import { z } from '@hono/zod-openapi';
import {
  ATTENDANCE_STATUSES,
  dateRangeSchema,
  JUSTIFICATION_STATES,
  justificationDecisionSchema,
  justificationInputSchema,
  markErroneousSchema,
  parisLocalTime,
  ROLL_CALL_STATES,
  rollCallBatchSchema,
} from '@preau/core';
import Papa from 'papaparse';
import { NoticeHub } from '../attendance/notices.js';
import {
  type AttendanceContext,
  attendanceTallies,
  currentSeanceId,
  decideJustification,
  entryHistory,
  getRollCall,
  JUSTIFICATION_FILE_KIND,
  JUSTIFICATION_MEDIA_TYPES,
  justificationQueue,
  markErroneous,
  saveRollCall,
  studentAttendance,
  submitJustification,
  weekGrid,
} from '../attendance/service.js';
import { openNoticeStream, parseLastEventId } from '../attendance/stream.js';
import { invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { Id, IdParams } from '../http/schemas.js';
import {
  ATTENDANCE_JUSTIFY,
  ATTENDANCE_OFFICE_ONLY,
  ATTENDANCE_OVERVIEW,
  ATTENDANCE_ROLL_CALL,
  ATTENDANCE_STREAM,
  ATTENDANCE_STUDENT,
  requireStudent,
  type Viewer,
} from '../policies.js';

const TAG = ['Absences'];

// ---- schemas (answers; requests come from @preau/core) --------------------------------------------------------

const Status = z.enum(ATTENDANCE_STATUSES);
const Instant = z.string().openapi({ example: '2026-11-16T07:00:00.000Z' });

const SeanceOut = z
  .object({
    id: z.string(),
    classId: z.string(),
    className: z.string(),
    uai: z.string(),
    subject: z.string(),
    teacherId: z.string(),
    teacherName: z.string(),
    startsAt: Instant,
    endsAt: Instant,
    room: z.string().nullable(),
  })
  .openapi('AttendanceSeance');

const StudentRefOut = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

const EntryOut = z
  .object({
    id: z.string(),
    studentId: z.string(),
    status: Status,
    lateMinutes: z.number().int().nullable(),
    note: z.string().nullable(),
    erroneous: z.boolean(),
    version: z.number().int(),
    recordedAt: Instant,
  })
  .openapi('AttendanceEntry');

const RollCallOut = z
  .object({
    seance: SeanceOut,
    state: z.enum(ROLL_CALL_STATES),
    closedAt: Instant.nullable(),
    students: z.array(StudentRefOut),
    entries: z.array(EntryOut),
  })
  .openapi('RollCall');

const HistoryOut = z
  .array(
    z.object({
      version: z.number().int(),
      status: Status,
      lateMinutes: z.number().int().nullable(),
      note: z.string().nullable(),
      erroneous: z.boolean(),
      recordedAt: Instant,
      recordedBy: z.string(),
      changedAt: Instant.nullable(),
      changedBy: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  )
  .openapi('AttendanceEntryHistory');

const JustificationOut = z
  .object({
    id: z.string(),
    studentId: z.string(),
    studentName: z.string(),
    className: z.string().nullable(),
    state: z.enum(JUSTIFICATION_STATES),
    motif: z.string(),
    motifLabel: z.string(),
    comment: z.string(),
    fileId: z.string().nullable(),
    fileMediaType: z.string().nullable(),
    submittedAt: Instant,
    submittedBy: z.string(),
    entryIds: z.array(z.string()),
    regularisee: z.boolean(),
    decidedAt: Instant.nullable(),
    decisionComment: z.string().nullable(),
  })
  .openapi('AbsenceJustification');

const MonthTallyOut = z.object({
  month: z.string(),
  absentHalfDays: z.number().int(),
  unjustifiedHalfDays: z.number().int(),
  alert: z.boolean(),
});

const StudentTallyFields = {
  studentId: z.string(),
  absentHalfDays: z.number().int(),
  unjustifiedHalfDays: z.number().int(),
  absences: z.number().int(),
  lateCount: z.number().int(),
  lateMinutes: z.number().int(),
  unjustifiedLateCount: z.number().int(),
  earlyDepartures: z.number().int(),
  exclusions: z.number().int(),
  months: z.array(MonthTallyOut),
  alert: z.boolean(),
};
const StudentTallyOut = z.object(StudentTallyFields).openapi('StudentAttendanceTally');

const MotifOut = z.object({
  code: z.string(),
  label: z.string(),
  labelEn: z.string().optional(),
  justifies: z.boolean(),
});

const StudentAttendanceOut = z
  .object({
    student: StudentRefOut.extend({ className: z.string().nullable() }),
    from: z.string(),
    to: z.string(),
    entries: z.array(
      EntryOut.extend({
        seanceId: z.string(),
        subject: z.string(),
        startsAt: Instant,
        endsAt: Instant,
        justificationId: z.string().nullable(),
        justificationState: z.enum(JUSTIFICATION_STATES).nullable(),
        regularisee: z.boolean(),
      }),
    ),
    justifications: z.array(JustificationOut),
    motifs: z.array(MotifOut),
    tally: StudentTallyOut,
    alertThreshold: z.number().int(),
  })
  .openapi('StudentAttendance');

const TalliesOut = z
  .object({
    scope: z.enum(['student', 'class', 'etablissement']),
    id: z.string(),
    from: z.string(),
    to: z.string(),
    alertThreshold: z.number().int(),
    students: z.array(
      z.object({
        ...StudentTallyFields,
        firstName: z.string(),
        lastName: z.string(),
        className: z.string().nullable(),
      }),
    ),
    total: z.object({
      students: z.number().int(),
      absentHalfDays: z.number().int(),
      unjustifiedHalfDays: z.number().int(),
      lateCount: z.number().int(),
      lateMinutes: z.number().int(),
      studentsInAlert: z.number().int(),
    }),
  })
  .openapi('AttendanceTallies');

const WeekOut = z
  .object({
    weekStart: z.string(),
    days: z.array(z.string()),
    slots: z.array(z.string()),
    students: z.array(z.object({ id: z.string(), name: z.string(), className: z.string().nullable() })),
    cells: z.array(
      z.tuple([
        z.number().int(),
        z.number().int(),
        z.number().int(),
        Status,
        z.number().int().nullable(),
        z.union([z.literal(0), z.literal(1)]),
        z.string(),
      ]),
    ),
  })
  .openapi('AttendanceWeek', {
    description:
      'Cellules : [indice élève, jour 0–4, créneau 0–7, statut, minutes de retard, régularisée (1/0), id de la saisie].',
  });

const DateRangeQuery = z.object({
  from: z
    .string()
    .openapi({ example: '2026-11-01', description: 'Premier jour (AAAA-MM-JJ, heure de Paris).' }),
  to: z.string().openapi({ example: '2026-11-30', description: 'Dernier jour inclus.' }),
});

/** Checks a date range with the core rule; a bad one is a 400 naming the query field. */
function checkRange(q: { from: string; to: string }): { from: string; to: string } {
  const r = dateRangeSchema.safeParse(q);
  if (!r.success) {
    throw invalid(r.error.issues.map((i) => ({ field: `query.${i.path.join('.')}`, message: i.message })));
  }
  return r.data;
}

const SeanceParams = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

/** The default period of a student's record: the current school year so far. */
function defaultRange(now: Date): { from: string; to: string } {
  const y = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return { from: `${y}-09-01`, to: `${y + 1}-08-31` };
}

/** French spreadsheets: `;` separators, decimal comma, UTF-8 BOM, CRLF, formulas neutralised. */
export function talliesCsv(t: Awaited<ReturnType<typeof attendanceTallies>>): string {
  const rows = t.students.map((s) => [
    s.lastName,
    s.firstName,
    s.className ?? '',
    s.absentHalfDays,
    s.unjustifiedHalfDays,
    s.lateCount,
    s.lateMinutes,
    s.earlyDepartures,
    s.exclusions,
    s.alert ? 'oui' : 'non',
  ]);
  return `\uFEFF${Papa.unparse(
    {
      fields: [
        'Nom',
        'Prénom',
        'Classe',
        "Demi-journées d'absence",
        'Demi-journées non justifiées',
        'Retards',
        'Minutes de retard',
        'Départs anticipés',
        'Exclusions de cours',
        `Alerte (≥ ${t.alertThreshold} demi-journées non justifiées dans un mois)`,
      ],
      data: rows,
    },
    { delimiter: ';', newline: '\r\n', escapeFormulae: true, quotes: false },
  )}\r\n`;
}

export function registerAttendanceRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, fileKinds } = deps;
  /** Wakes the open streams of a user after a commit. One hub per app. */
  const hub = new NoticeHub();
  const ctxOf = (viewer: Viewer): AttendanceContext => ({ db, viewer, wake: (ids) => hub.wake(ids) });

  fileKinds.register({
    recordType: JUSTIFICATION_FILE_KIND,
    label: "justificatif d'absence",
    mediaTypes: JUSTIFICATION_MEDIA_TYPES,
    mayUpload: (v) => v.profile === 'guardian' || v.profile === 'vie_scolaire',
    canRead: async (ctx, justificationId) => {
      const [row] = await ctx.db.query<{ student_id: string; uai: string }>(
        'SELECT student_id, uai FROM absence_justifications WHERE id = $1',
        [justificationId],
      );
      if (!row) return false;
      try {
        await requireStudent(ctx, row.student_id);
        // A student's teachers see the absences, not the families' documents.
        return ctx.viewer.profile !== 'teacher';
      } catch {
        return false;
      }
    },
  });

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/seances/{id}/roll-call',
      tags: TAG,
      summary: "L'appel d'une séance",
      description: 'Les élèves de la classe ou du groupe, par ordre alphabétique, et ce qui a été saisi.',
      access: ATTENDANCE_ROLL_CALL,
      request: { params: SeanceParams },
      responses: {
        200: { description: "L'appel", content: { 'application/json': { schema: RollCallOut } } },
      },
    },
    async (c) => c.json(await getRollCall(ctxOf(c.get('viewer')!), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/classes/{id}/roll-call',
      tags: TAG,
      summary: "L'appel du moment pour une classe",
      description:
        'La séance de la classe (et de la matière) en cours, sinon la suivante (du jour donné, ou de la semaine à ' +
        "venir), sinon la dernière passée : ce qu'une " +
        'page « Mes classes » affiche sans connaître l’emploi du temps. Un enseignant ne trouve que ses séances.',
      access: ATTENDANCE_ROLL_CALL,
      request: {
        params: IdParams,
        query: z.object({
          subjectId: Id.optional(),
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ')
            .optional()
            .openapi({ description: 'Un jour précis (heure de Paris) ; par défaut : maintenant.' }),
        }),
      },
      responses: {
        200: { description: "L'appel", content: { 'application/json': { schema: RollCallOut } } },
      },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const q = c.req.valid('query');
      const now = deps.clock();
      const seanceId = await currentSeanceId(ctx, {
        classId: c.req.valid('param').id,
        subjectId: q.subjectId,
        date: q.date,
        now,
      });
      return c.json(await getRollCall(ctx, seanceId), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/attendance/seances/{id}/roll-call',
      tags: TAG,
      summary: "Enregistrer (et clore) l'appel",
      description:
        'Tout ou rien : chaque ligne fautive est nommée et rien n’est écrit. Une correction après la clôture garde ' +
        "l'ancienne valeur dans l'historique ; les familles des élèves absents ou en retard sont prévenues en direct.",
      access: ATTENDANCE_ROLL_CALL,
      request: {
        params: SeanceParams,
        body: { required: true, content: { 'application/json': { schema: rollCallBatchSchema } } },
      },
      responses: {
        200: { description: "L'appel enregistré", content: { 'application/json': { schema: RollCallOut } } },
      },
    },
    async (c) =>
      c.json(await saveRollCall(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/attendance/entries/{id}/erroneous',
      tags: TAG,
      summary: 'Marquer une saisie comme erronée',
      description: "La saisie n'est jamais supprimée : elle cesse de compter et son historique la garde.",
      access: ATTENDANCE_ROLL_CALL,
      request: {
        params: IdParams,
        body: { required: true, content: { 'application/json': { schema: markErroneousSchema } } },
      },
      responses: { 200: { description: 'La saisie', content: { 'application/json': { schema: EntryOut } } } },
    },
    async (c) =>
      c.json(
        await markErroneous(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json').reason),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/entries/{id}/history',
      tags: TAG,
      summary: "L'historique d'une saisie",
      access: ATTENDANCE_ROLL_CALL,
      request: { params: IdParams },
      responses: {
        200: {
          description: 'Chaque valeur, de la plus ancienne à l’actuelle',
          content: { 'application/json': { schema: HistoryOut } },
        },
      },
    },
    async (c) => c.json(await entryHistory(ctxOf(c.get('viewer')!), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/students/{id}',
      tags: TAG,
      summary: "Absences et retards d'un élève",
      description:
        'Avec l’état de chaque justification, les motifs de l’établissement et les décomptes par demi-journée. ' +
        'Période par défaut : l’année scolaire en cours.',
      access: ATTENDANCE_STUDENT,
      request: { params: IdParams, query: DateRangeQuery.partial() },
      responses: {
        200: { description: 'Le relevé', content: { 'application/json': { schema: StudentAttendanceOut } } },
      },
    },
    async (c) => {
      const q = c.req.valid('query');
      const period =
        q.from || q.to ? checkRange({ from: q.from ?? '', to: q.to ?? '' }) : defaultRange(deps.clock());
      return c.json(await studentAttendance(ctxOf(c.get('viewer')!), c.req.valid('param').id, period), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/attendance/justifications',
      tags: TAG,
      summary: 'Justifier une absence ou un retard',
      description:
        'Motif de l’établissement, commentaire, pièce jointe facultative déposée avant par POST /api/v1/files ' +
        `(usage « ${JUSTIFICATION_FILE_KIND} » : PDF, PNG ou JPEG reconnus d’après le contenu, taille limitée).`,
      access: ATTENDANCE_JUSTIFY,
      request: {
        body: { required: true, content: { 'application/json': { schema: justificationInputSchema } } },
      },
      responses: {
        201: {
          description: 'La justification, en attente',
          content: { 'application/json': { schema: JustificationOut } },
        },
      },
    },
    async (c) => {
      return c.json(await submitJustification(ctxOf(c.get('viewer')!), c.req.valid('json')), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/justifications',
      tags: TAG,
      summary: 'La file des justifications',
      description: 'Celles de l’établissement, en attente d’abord.',
      access: ATTENDANCE_OFFICE_ONLY,
      request: { query: z.object({ state: z.enum(JUSTIFICATION_STATES).optional() }) },
      responses: {
        200: {
          description: 'Les justifications',
          content: { 'application/json': { schema: z.array(JustificationOut) } },
        },
      },
    },
    async (c) => c.json(await justificationQueue(ctxOf(c.get('viewer')!), c.req.valid('query')), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/attendance/justifications/{id}/decision',
      tags: TAG,
      summary: 'Valider ou refuser une justification',
      description:
        'Une seule fois ; validée avec un motif qui justifie, l’absence est régularisée. La famille est prévenue.',
      access: ATTENDANCE_OFFICE_ONLY,
      request: {
        params: IdParams,
        body: { required: true, content: { 'application/json': { schema: justificationDecisionSchema } } },
      },
      responses: {
        200: {
          description: 'La justification',
          content: { 'application/json': { schema: JustificationOut } },
        },
      },
    },
    async (c) =>
      c.json(
        await decideJustification(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/week',
      tags: TAG,
      summary: 'La semaine de la vie scolaire',
      description:
        'Élèves d’une classe (ou de tout l’établissement) × 5 jours × 8 créneaux : absences et retards.',
      access: ATTENDANCE_OVERVIEW,
      request: {
        query: z.object({
          week: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'date au format AAAA-MM-JJ')
            .optional()
            .openapi({
              example: '2026-11-16',
              description: "Un jour de la semaine ; par défaut aujourd'hui.",
            }),
          classId: Id.optional(),
        }),
      },
      responses: { 200: { description: 'La semaine', content: { 'application/json': { schema: WeekOut } } } },
    },
    async (c) => {
      const q = c.req.valid('query');
      const week = q.week ?? parisLocalTime(deps.clock()).date;
      return c.json(await weekGrid(ctxOf(c.get('viewer')!), { classId: q.classId, week }), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/tallies',
      tags: TAG,
      summary: 'Décomptes par élève, classe ou établissement',
      description:
        'Demi-journées d’absence, non justifiées, retards, alertes (seuil de l’établissement, 4 par défaut). ' +
        '`format=csv` : fichier pour tableur (séparateur `;`, UTF-8 avec BOM).',
      access: ATTENDANCE_OVERVIEW,
      request: {
        query: DateRangeQuery.extend({
          scope: z.enum(['student', 'class', 'etablissement']),
          id: Id,
          format: z.enum(['json', 'csv']).default('json'),
        }),
      },
      responses: {
        200: {
          description: 'Les décomptes',
          content: { 'application/json': { schema: TalliesOut }, 'text/csv': { schema: z.string() } },
        },
      },
    },
    async (c) => {
      const q = c.req.valid('query');
      const range = checkRange(q);
      const t = await attendanceTallies(ctxOf(c.get('viewer')!), { scope: q.scope, id: q.id, ...range });
      if (q.format === 'csv') {
        return c.body(talliesCsv(t), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="absences-${q.scope}-${q.from}-${q.to}.csv"`,
        });
      }
      return c.json(t, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/stream',
      tags: TAG,
      summary: 'Avis en direct (server-sent events)',
      description:
        'Un événement par avis (`attendance.entry`, `attendance.correction`, `attendance.justification-submitted`, ' +
        '`attendance.justification-decided`), avec un `id` : à la reconnexion, `Last-Event-ID` (ou `?after=`) fait ' +
        'renvoyer ce qui a été manqué. Commentaires de maintien toutes les 20 s.',
      access: ATTENDANCE_STREAM,
      request: {
        query: z.object({
          after: z
            .string()
            .regex(/^\d{1,15}$/, 'nombre entier')
            .optional(),
          follow: z.enum(['true', 'false']).default('true').openapi({
            description: '`false` : envoie les avis en attente puis termine (relève ponctuelle).',
          }),
        }),
      },
      responses: {
        200: { description: 'Le flux', content: { 'text/event-stream': { schema: z.string() } } },
      },
    },
    async (c) => {
      const viewer = c.get('viewer')!;
      const query = c.req.valid('query');
      const lastEventId = parseLastEventId(c.req.header('Last-Event-ID')) ?? parseLastEventId(query.after);
      const stream = openNoticeStream({
        db,
        hub,
        userId: viewer.id,
        lastEventId,
        signal: c.req.raw.signal,
        follow: query.follow === 'true',
      });
      return c.body(stream, 200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      });
    },
  );
}
