/**
 * Attendance routes (`/api/v1/attendance/…`): roll calls per séance (batch save, close, late corrections with
 * history, entries marked erroneous), a student's record, justifications (families) and their decision (CPE),
 * the vie scolaire's week grid, tallies with CSV export, a teacher's séances of the day, and the area's live
 * stream (the platform's `live/`, attendance notices only). Service: `attendance/`; rules: `@preau/core`;
 * access: `policies/attendance.ts`.
 */
import { z } from '@hono/zod-openapi';
import {
  dateRangeSchema,
  JUSTIFICATION_STATES,
  justificationDecisionSchema,
  justificationInputSchema,
  markErroneousSchema,
  rollCallBatchSchema,
} from '@preau/core';
import { talliesCsv } from '../attendance/csv.js';
import {
  type AttendanceContext,
  attendanceTallies,
  currentSeanceId,
  decideJustification,
  entryHistory,
  getRollCall,
  JUSTIFICATION_FILE_KIND,
  justificationFileKind,
  justificationQueue,
  markErroneous,
  saveRollCall,
  seancesOfDay,
  studentAttendance,
  submitJustification,
  weekGrid,
} from '../attendance/service.js';
import type { Area } from '../deps.js';
import { invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { Id, IdParams, IsoDate, IsoWeek } from '../http/schemas.js';
import {
  ATTENDANCE_JUSTIFY,
  ATTENDANCE_OFFICE_ONLY,
  ATTENDANCE_OVERVIEW,
  ATTENDANCE_ROLL_CALL,
  ATTENDANCE_SEANCES,
  ATTENDANCE_STREAM,
  ATTENDANCE_STUDENT,
  type Viewer,
} from '../policies/index.js';
import { attendanceSeed } from '../seed/attendance.js';
import {
  EntryOut,
  HistoryOut,
  JustificationOut,
  RollCallOut,
  SeancesOfDayOut,
  StudentAttendanceOut,
  TalliesOut,
  WeekOut,
} from './attendance.schemas.js';
import { StreamQuery, streamResponse } from './live.js';

const TAG = ['Absences'];

const DateRangeQuery = z.object({
  from: IsoDate.openapi({ example: '2026-11-01', description: 'Premier jour (AAAA-MM-JJ, heure de Paris).' }),
  to: IsoDate.openapi({ example: '2026-11-30', description: 'Dernier jour inclus.' }),
});

/** Checks a date range with the core rule (in order, 400 days at most); a bad one is a 400 naming the field. */
function checkRange(q: { from: string; to: string }): { from: string; to: string } {
  const r = dateRangeSchema.safeParse(q);
  if (!r.success) {
    throw invalid(r.error.issues.map((i) => ({ field: `query.${i.path.join('.')}`, message: i.message })));
  }
  return r.data;
}

const SeanceParams = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

export function registerAttendanceRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, live, clock } = deps;
  const ctxOf = (viewer: Viewer): AttendanceContext => ({ db, viewer, live, now: clock() });

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/attendance/seances',
      tags: TAG,
      summary: 'Mes séances du jour',
      description:
        "Les séances de l'enseignant connecté ce jour-là (heure de Paris ; par défaut aujourd'hui), dans l'ordre, " +
        "avec l'état de chaque appel (`todo`, `in_progress`, `done`) et `started` : l'appel n'est possible qu'à " +
        'partir du début de la séance.',
      access: ATTENDANCE_SEANCES,
      request: {
        query: z.object({
          date: IsoDate.optional().openapi({ description: "Le jour (AAAA-MM-JJ) ; par défaut aujourd'hui." }),
        }),
      },
      responses: {
        200: { description: 'Les séances', content: { 'application/json': { schema: SeancesOfDayOut } } },
      },
    },
    async (c) => c.json(await seancesOfDay(ctxOf(c.get('viewer')!), c.req.valid('query').date), 200),
  );

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
        'La séance de la classe (et de la matière) en cours, sinon la dernière commencée ce jour-là, sinon la ' +
        'suivante (du jour donné, ou de la semaine à venir ; son appel se fait à partir de son début), sinon la ' +
        "dernière passée : ce qu'une page « Mes classes » affiche sans connaître l’emploi du temps. Un enseignant " +
        'ne trouve que ses séances.',
      access: ATTENDANCE_ROLL_CALL,
      request: {
        params: IdParams,
        query: z.object({
          subjectId: Id.optional(),
          date: IsoDate.optional().openapi({
            description: 'Un jour précis (AAAA-MM-JJ, heure de Paris) ; par défaut : maintenant.',
          }),
        }),
      },
      responses: {
        200: { description: "L'appel", content: { 'application/json': { schema: RollCallOut } } },
      },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const q = c.req.valid('query');
      const seanceId = await currentSeanceId(ctx, {
        classId: c.req.valid('param').id,
        subjectId: q.subjectId,
        date: q.date,
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
        "l'ancienne valeur dans l'historique ; les familles des élèves absents ou en retard sont prévenues en direct. " +
        'Refusé (409 `seance-not-started`) avant le début de la séance.',
      access: ATTENDANCE_ROLL_CALL,
      request: {
        params: SeanceParams,
        body: { required: true, content: { 'application/json': { schema: rollCallBatchSchema } } },
      },
      responses: {
        200: { description: "L'appel enregistré", content: { 'application/json': { schema: RollCallOut } } },
        409: { description: "La séance n'a pas commencé, ou la saisie a changé entre-temps" },
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
      const period = q.from || q.to ? checkRange({ from: q.from ?? '', to: q.to ?? '' }) : undefined;
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
          week: IsoWeek.optional().openapi({
            example: '2026-11-16',
            description:
              "Une semaine (AAAA-Wss) ou l'un de ses jours (AAAA-MM-JJ) ; par défaut la semaine en cours.",
          }),
          classId: Id.optional(),
        }),
      },
      responses: { 200: { description: 'La semaine', content: { 'application/json': { schema: WeekOut } } } },
    },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await weekGrid(ctxOf(c.get('viewer')!), { classId: q.classId, week: q.week }), 200);
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
        'renvoyer ce qui a été manqué. Commentaires de maintien toutes les 20 s. Les absences et retards du jour ' +
        'arrivent aussitôt, même en heures calmes ; le reste attend leur fin. Tous les domaines : /api/v1/live/stream.',
      access: ATTENDANCE_STREAM,
      request: { query: StreamQuery },
      responses: {
        200: { description: 'Le flux', content: { 'text/event-stream': { schema: z.string() } } },
        429: { description: 'Trop de flux ouverts pour cette session' },
      },
    },
    (c) => streamResponse(deps, c, c.req.valid('query'), ['attendance']),
  );
}

export const attendanceArea: Area = {
  name: 'attendance',
  routes: [registerAttendanceRoutes],
  fileKinds: [justificationFileKind],
  seed: attendanceSeed,
};
