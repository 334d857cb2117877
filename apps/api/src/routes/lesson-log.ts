/**
 * Cahier de textes routes (`/api/v1/lesson-log/…`): a class's entries and séances, writing entries (content,
 * links, files, work, private note, scheduled publication, duplication), a student's agenda and ticks, a class's
 * workload, visas and the direction's overview, the year's PDF archive, settings, and calendar feeds at secret
 * addresses. Rules: `@preau/core` (lesson-log); access: `policies/lesson-log.ts`; work: `lesson-log/`.
 */
import { z } from '@hono/zod-openapi';
import {
  daysBetween,
  lessonDuplicateSchema,
  lessonEntryInputSchema,
  lessonEntryUpdateSchema,
  lessonLogSettingsSchema,
  lessonVisaInputSchema,
  workDoneSchema,
} from '@preau/core';
import { htmlToText } from '../content/rich-text.js';
import type { Area } from '../deps.js';
import type { FileKind } from '../files/uploads.js';
import { invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { Id, IdParams, IsoDate, UaiParams } from '../http/schemas.js';
import { classWorkload, studentAgenda, tickWork } from '../lesson-log/agenda.js';
import { classArchive } from '../lesson-log/archive.js';
import {
  classLessonLog,
  classVisas,
  createVisa,
  lessonLogContext,
  todayOf,
  visaOverview,
} from '../lesson-log/cahier.js';
import { duplicateEntry } from '../lesson-log/duplicate.js';
import {
  createEntry,
  LESSON_FILE_KIND,
  LESSON_MEDIA_TYPES,
  type LessonLogContext,
  readEntry,
  removeEntry,
  updateEntryContent,
} from '../lesson-log/entries.js';
import {
  AgendaOut,
  body,
  ClassLogOut,
  ContextOut,
  EntryOut,
  json,
  OverviewOut,
  SettingsOut,
  TickOut,
  VisaOut,
  WorkloadOut,
} from '../lesson-log/openapi.js';
import { lessonLogSettings, saveLessonLogSettings } from '../lesson-log/store.js';
import { requireEtablissement, type Viewer } from '../policies/index.js';
import {
  LESSON_LOG_ARCHIVE,
  LESSON_LOG_CONTEXT,
  LESSON_LOG_OVERVIEW,
  LESSON_LOG_READ,
  LESSON_LOG_SETTINGS_READ,
  LESSON_LOG_SETTINGS_WRITE,
  LESSON_LOG_STUDENT,
  LESSON_LOG_TICK,
  LESSON_LOG_VISA,
  LESSON_LOG_WRITE,
  mayReadEntry,
  sameNotFound,
} from '../policies/lesson-log.js';
import { lessonLogSeed } from '../seed/lesson-log.js';
import { registerLessonLogFeedRoutes } from './lesson-log-feeds.js';

const TAG = ['Cahier de textes'];

const RangeQuery = z.object({
  from: IsoDate.optional().openapi({ description: 'Premier jour (heure de Paris).' }),
  to: IsoDate.optional().openapi({ description: 'Dernier jour inclus.' }),
});

/** At most a year and a few days between `from` and `to`, and in order. */
function checkRange(q: { from?: string; to?: string }): void {
  if (q.from && q.to) {
    if (q.to < q.from) throw invalid([{ field: 'query.to', message: 'La fin précède le début.' }]);
    if (daysBetween(q.from, q.to) > 400) {
      throw invalid([{ field: 'query.to', message: 'Période de 400 jours au plus.' }]);
    }
  }
}

const Deleted = { 204: { description: 'Fait' } };

export function registerLessonLogRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock, files, live } = deps;
  const ctxOf = (viewer: Viewer): LessonLogContext => ({ db, viewer, now: clock(), files, live });

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/me',
      tags: TAG,
      summary: 'Ce que je peux ouvrir dans le cahier de textes',
      description:
        'Enseignant : ses classes et groupes avec ses matières ; élève : lui-même ; parent : ses enfants (avec ' +
        'classes et groupes) ; direction et inspecteurs : les établissements. Avec aujourd’hui et « demain » ' +
        '(le prochain jour de classe).',
      access: LESSON_LOG_CONTEXT,
      responses: { 200: json(ContextOut, 'Le contexte') },
    },
    async (c) => c.json(await lessonLogContext(ctxOf(c.get('viewer')!)), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/classes/{id}/entries',
      tags: TAG,
      summary: 'Le cahier de textes d’une classe ou d’un groupe',
      description:
        'Les entrées datées dans la période (par défaut la semaine en cours), les séances de l’emploi du temps ' +
        'avec l’entrée qui les remplit, les visas. Élèves et parents : entrées publiées seulement ; la note privée ' +
        'n’est envoyée qu’à son auteur.',
      access: LESSON_LOG_READ,
      request: { params: IdParams, query: RangeQuery.extend({ subjectId: Id.optional() }) },
      responses: { 200: json(ClassLogOut, 'Le cahier') },
    },
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(await classLessonLog(ctxOf(c.get('viewer')!), c.req.valid('param').id, q), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/lesson-log/entries',
      tags: TAG,
      summary: 'Écrire une entrée (séance et travail à faire)',
      description:
        'Contenu en HTML nettoyé par le serveur, liens http(s), fichiers déposés avant par POST /api/v1/files ' +
        `(usage « ${LESSON_FILE_KIND} »), travail à faire pour la classe ou l’un de vos groupes, note privée, ` +
        'publication programmée (`publishAt`, sinon le réglage de l’établissement). Une entrée datée sous un visa ' +
        'est une rectification visible. Une seule entrée par séance (409).',
      access: LESSON_LOG_WRITE,
      request: body(lessonEntryInputSchema),
      responses: { 201: json(EntryOut, 'L’entrée') },
    },
    async (c) => c.json(await createEntry(ctxOf(c.get('viewer')!), c.req.valid('json')), 201),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/entries/{id}',
      tags: TAG,
      summary: 'Une entrée',
      access: LESSON_LOG_READ,
      request: { params: IdParams },
      responses: { 200: json(EntryOut, 'L’entrée') },
    },
    async (c) => c.json(await readEntry(ctxOf(c.get('viewer')!), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/lesson-log/entries/{id}',
      tags: TAG,
      summary: 'Modifier une entrée',
      description:
        'L’entrée entière (un travail garde son `id`, donc son UID de calendrier). `version` : 409 si l’entrée a ' +
        'changé entre-temps. Sous un visa, la modification devient une rectification visible (`reason`) et ' +
        'l’état précédent est conservé.',
      access: LESSON_LOG_WRITE,
      request: { params: IdParams, ...body(lessonEntryUpdateSchema) },
      responses: { 200: json(EntryOut, 'L’entrée') },
    },
    async (c) =>
      c.json(
        await updateEntryContent(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/lesson-log/entries/{id}',
      tags: TAG,
      summary: 'Supprimer une entrée',
      description: 'Son auteur, tant qu’aucun visa ne la couvre (409 sinon : elle se rectifie).',
      access: LESSON_LOG_WRITE,
      request: { params: IdParams },
      responses: Deleted,
    },
    async (c) => {
      await removeEntry(ctxOf(c.get('viewer')!), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/lesson-log/entries/{id}/duplicate',
      tags: TAG,
      summary: 'Dupliquer une entrée dans une autre classe',
      description:
        'Une autre de vos classes dans la même matière : contenu, liens, fichiers (copiés), note privée et travail ' +
        '(donné à la nouvelle classe, dates décalées d’autant de jours que l’entrée).',
      access: LESSON_LOG_WRITE,
      request: { params: IdParams, ...body(lessonDuplicateSchema) },
      responses: { 201: json(EntryOut, 'La copie') },
    },
    async (c) =>
      c.json(
        await duplicateEntry(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json')),
        201,
      ),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/classes/{id}/workload',
      tags: TAG,
      summary: 'Charge de travail d’une classe',
      description:
        'Le jour donné (par défaut aujourd’hui) et sa semaine, en minutes, toutes matières, avec les limites de ' +
        'l’établissement ; élèves et parents : travail publié seulement.',
      access: LESSON_LOG_READ,
      request: { params: IdParams, query: z.object({ date: IsoDate.optional() }) },
      responses: { 200: json(WorkloadOut, 'La charge') },
    },
    async (c) => {
      const viewer = c.get('viewer')!;
      const ctx = ctxOf(viewer);
      const date = c.req.valid('query').date ?? todayOf(ctx.now);
      return c.json(await classWorkload(ctx, c.req.valid('param').id, date), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/students/{id}/work',
      tags: TAG,
      summary: 'Le travail à faire d’un élève',
      description:
        'Travail publié donné à sa classe et à ses groupes, par date d’échéance (par défaut d’aujourd’hui à la fin ' +
        'de la semaine prochaine), coché ou non ; `nextClassDay` dit ce qui est « pour demain ».',
      access: LESSON_LOG_STUDENT,
      request: { params: IdParams, query: RangeQuery },
      responses: { 200: json(AgendaOut, 'L’agenda') },
    },
    async (c) => {
      const q = c.req.valid('query');
      checkRange(q);
      return c.json(await studentAgenda(ctxOf(c.get('viewer')!), c.req.valid('param').id, q), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/lesson-log/work/{id}/done',
      tags: TAG,
      summary: 'Cocher un travail fait (ou le décocher)',
      access: LESSON_LOG_TICK,
      request: { params: IdParams, ...body(workDoneSchema) },
      responses: { 200: json(TickOut, 'La coche') },
    },
    async (c) =>
      c.json(await tickWork(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json').done), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/classes/{id}/visas',
      tags: TAG,
      summary: 'Les visas du cahier d’une classe',
      access: LESSON_LOG_READ,
      request: { params: IdParams },
      responses: { 200: json(z.array(VisaOut), 'Les visas, du plus ancien au plus récent') },
    },
    async (c) => c.json(await classVisas(ctxOf(c.get('viewer')!), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/lesson-log/classes/{id}/visas',
      tags: TAG,
      summary: 'Viser le cahier d’une classe jusqu’à une date',
      description:
        'Les entrées datées jusqu’à ce jour inclus sont verrouillées : une modification par leur auteur devient ' +
        'une rectification visible. Un visa porte sur le passé de l’année ; 409 si le cahier est déjà visé ' +
        'jusqu’à cette date ou au-delà.',
      access: LESSON_LOG_VISA,
      request: { params: IdParams, ...body(lessonVisaInputSchema) },
      responses: { 201: json(VisaOut, 'Le visa') },
    },
    async (c) =>
      c.json(await createVisa(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/etablissements/{uai}/classes',
      tags: TAG,
      summary: 'Les cahiers de textes d’un établissement et leurs visas',
      access: LESSON_LOG_OVERVIEW,
      request: { params: UaiParams },
      responses: { 200: json(OverviewOut, 'Les classes et groupes de l’année') },
    },
    async (c) => c.json(await visaOverview(ctxOf(c.get('viewer')!), c.req.valid('param').uai), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/classes/{id}/archive',
      tags: TAG,
      summary: 'Archive PDF du cahier de l’année',
      description:
        'Toutes les entrées de l’année scolaire de la classe, avec leur travail, leurs rectifications et les visas ; paginée.',
      access: LESSON_LOG_ARCHIVE,
      request: { params: IdParams },
      responses: {
        200: {
          description: 'Le PDF',
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
    },
    async (c) => {
      const { bytes, fileName } = await classArchive(
        ctxOf(c.get('viewer')!),
        c.req.valid('param').id,
        htmlToText,
      );
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Length': String(bytes.byteLength),
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'private, no-store',
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/etablissements/{uai}/settings',
      tags: TAG,
      summary: 'Réglages du cahier de textes',
      access: LESSON_LOG_SETTINGS_READ,
      request: { params: UaiParams },
      responses: { 200: json(SettingsOut, 'Les réglages') },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      await sameNotFound(requireEtablissement({ db, viewer: c.get('viewer')! }, uai));
      return c.json(await lessonLogSettings(db, uai), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/lesson-log/etablissements/{uai}/settings',
      tags: TAG,
      summary: 'Modifier les réglages du cahier de textes',
      description:
        'Limites de charge de travail (minutes par jour et par semaine) au-delà desquelles l’éditeur avertit.',
      access: LESSON_LOG_SETTINGS_WRITE,
      request: { params: UaiParams, ...body(lessonLogSettingsSchema.strict()) },
      responses: { 200: json(SettingsOut, 'Réglages enregistrés') },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      await sameNotFound(requireEtablissement({ db, viewer: c.get('viewer')! }, uai, ['direction']));
      const settings = c.req.valid('json');
      await saveLessonLogSettings(db, uai, settings);
      return c.json(settings, 200);
    },
  );
}

/** Files of an entry or its work: read by whoever may read the entry, once it is published. */
const lessonFileKind = ({ clock }: RouteDeps): FileKind => ({
  recordType: LESSON_FILE_KIND,
  label: 'document du cahier de textes',
  mediaTypes: LESSON_MEDIA_TYPES,
  mayUpload: (v) => v.profile === 'teacher',
  canRead: (ctx, entryId) => mayReadEntry(ctx, entryId, clock()),
});

export const lessonLogArea: Area = {
  name: 'lesson-log',
  routes: [registerLessonLogRoutes, registerLessonLogFeedRoutes],
  fileKinds: (deps) => [lessonFileKind(deps)],
  seed: lessonLogSeed,
};
