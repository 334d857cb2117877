/**
 * Grade book routes (`/api/v1/gradebook/…`): the teacher's class sheet (JSON and CSV), évaluations, marks saved in
 * batches, CSV/pasted-block import with a preview, appréciations, compétences, a student's results, and the
 * établissement's grade book settings. Rules: `@preau/core` (gradebook); access: `policies/gradebook.ts`.
 */
import { z } from '@hono/zod-openapi';
import { APPRECIATION_MAX_LENGTH, gradebookSettingsSchema, parisLocalTime } from '@preau/core';
import type { Area } from '../deps.js';
import { listAppreciations, saveAppreciations } from '../gradebook/appreciations.js';
import { saveCompetences } from '../gradebook/competences.js';
import type { GradebookContext } from '../gradebook/context.js';
import { MAX_IMPORT_CHARS } from '../gradebook/csv.js';
import {
  createEvaluation,
  patchEvaluation,
  readEvaluation,
  removeEvaluation,
} from '../gradebook/evaluations.js';
import { saveMarks } from '../gradebook/marks.js';
import { studentResults } from '../gradebook/results.js';
import { getSheet } from '../gradebook/sheet.js';
import { applyImport, exportSheetCsv, previewImport } from '../gradebook/sheet-csv.js';
import { gradebookSettings, saveGradebookSettings } from '../gradebook/store.js';
import { invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { Id, IdParams, UaiParams } from '../http/schemas.js';
import {
  GRADEBOOK_READ,
  GRADEBOOK_RESULTS,
  GRADEBOOK_SETTINGS_READ,
  GRADEBOOK_SETTINGS_WRITE,
  GRADEBOOK_WRITE,
  requireEtablissement,
} from '../policies/index.js';
import { gradebookSeed } from '../seed/gradebook.js';

import {
  AppreciationsBody,
  ClassParams,
  CompetencesBody,
  EvaluationCreateBody,
  EvaluationOut,
  EvaluationPatchBody,
  ImportBody,
  json,
  jsonBody,
  MarksBody,
  PreviewSchema,
  ResultsSchema,
  Saved,
  SettingsOut,
  SheetQuery,
  SheetSchema,
  StudentParams,
  TAG,
} from './gradebook.schemas.js';

export function registerGradebookRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock } = deps;
  const ctxOf = (viewer: NonNullable<GradebookContext['viewer']>): GradebookContext => {
    const now = clock();
    return { db, viewer, now, today: parisLocalTime(now).date };
  };

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/gradebook/classes/{classId}/sheet',
      tags: TAG,
      summary: 'Feuille de notes d’une classe (élèves × évaluations)',
      description:
        'Élèves, évaluations, notes, moyennes de la matière par élève, statistiques par évaluation et de la classe, appréciations.',
      access: GRADEBOOK_READ,
      request: { params: ClassParams, query: SheetQuery },
      responses: { 200: json(SheetSchema, 'La feuille de notes') },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const { classId } = c.req.valid('param');
      return c.json(await getSheet(ctx, classId, c.req.valid('query')), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/gradebook/classes/{classId}/sheet.csv',
      tags: TAG,
      summary: 'Feuille de notes en CSV (tableur français)',
      description:
        'Séparateur point-virgule, virgule décimale, UTF-8 avec BOM, fins de ligne CRLF ; formules neutralisées.',
      access: GRADEBOOK_READ,
      request: { params: ClassParams, query: SheetQuery },
      responses: { 200: { description: 'Le fichier CSV', content: { 'text/csv': { schema: z.string() } } } },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const { classId } = c.req.valid('param');
      const { filename, csv } = await exportSheetCsv(ctx, classId, c.req.valid('query'));
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/gradebook/classes/{classId}/marks',
      tags: TAG,
      summary: 'Enregistrer des notes par lot (tout ou rien)',
      description:
        'Plusieurs cases en une requête, enregistrées dans une seule transaction. Une case fautive est nommée (`body.marks[3].value`) avec l’élève et l’évaluation, et rien n’est écrit.',
      access: GRADEBOOK_WRITE,
      request: { params: ClassParams, ...jsonBody(MarksBody) },
      responses: { 200: json(Saved, 'Notes enregistrées') },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const { classId } = c.req.valid('param');
      const { marks } = c.req.valid('json');
      return c.json(await saveMarks(ctx, classId, marks), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/gradebook/classes/{classId}/evaluations',
      tags: TAG,
      summary: 'Créer une évaluation',
      access: GRADEBOOK_WRITE,
      request: { params: ClassParams, ...jsonBody(EvaluationCreateBody) },
      responses: { 201: json(EvaluationOut, 'Évaluation créée') },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const { classId } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.classId !== undefined && body.classId !== classId) {
        throw invalid([{ field: 'body.classId', message: 'La classe du corps diffère de celle du chemin.' }]);
      }
      return c.json(await createEvaluation(ctx, { ...body, classId }), 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/gradebook/evaluations/{id}',
      tags: TAG,
      summary: 'Lire une évaluation',
      access: GRADEBOOK_READ,
      request: { params: IdParams },
      responses: { 200: json(EvaluationOut, 'L’évaluation') },
    },
    async (c) => c.json(await readEvaluation(ctxOf(c.get('viewer')!), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/api/v1/gradebook/evaluations/{id}',
      tags: TAG,
      summary: 'Modifier une évaluation',
      description: 'Un barème plus petit que des notes déjà saisies est refusé.',
      access: GRADEBOOK_WRITE,
      request: { params: IdParams, ...jsonBody(EvaluationPatchBody) },
      responses: { 200: json(EvaluationOut, 'Évaluation modifiée') },
    },
    async (c) =>
      c.json(
        await patchEvaluation(ctxOf(c.get('viewer')!), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/gradebook/evaluations/{id}',
      tags: TAG,
      summary: 'Supprimer une évaluation et ses notes',
      access: GRADEBOOK_WRITE,
      request: { params: IdParams },
      responses: { 204: { description: 'Supprimée' } },
    },
    async (c) => {
      await removeEvaluation(ctxOf(c.get('viewer')!), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/gradebook/classes/{classId}/marks/import/preview',
      tags: TAG,
      summary: 'Prévisualiser un import de notes (CSV ou bloc collé)',
      description:
        'Ce qui changerait : notes nouvelles, modifiées, inchangées, et les erreurs ligne par ligne. N’écrit rien.',
      access: GRADEBOOK_WRITE,
      maxBodyBytes: MAX_IMPORT_CHARS * 4 + 4096,
      request: { params: ClassParams, ...jsonBody(ImportBody) },
      responses: { 200: json(PreviewSchema, 'Aperçu de l’import') },
    },
    async (c) =>
      c.json(
        await previewImport(ctxOf(c.get('viewer')!), c.req.valid('param').classId, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/gradebook/classes/{classId}/marks/import',
      tags: TAG,
      summary: 'Importer des notes (tout ou rien)',
      description: 'Une seule erreur dans le fichier et rien n’est importé ; chaque erreur nomme sa ligne.',
      access: GRADEBOOK_WRITE,
      maxBodyBytes: MAX_IMPORT_CHARS * 4 + 4096,
      request: { params: ClassParams, ...jsonBody(ImportBody) },
      responses: {
        200: json(
          z.object({ saved: z.number().int(), summary: PreviewSchema.shape.summary }),
          'Notes importées',
        ),
      },
    },
    async (c) =>
      c.json(
        await applyImport(ctxOf(c.get('viewer')!), c.req.valid('param').classId, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/gradebook/classes/{classId}/appreciations',
      tags: TAG,
      summary: 'Appréciations d’une classe pour une période',
      description:
        'Celles d’une matière (subjectId), ou, sans subjectId, les appréciations générales du professeur principal.',
      access: GRADEBOOK_READ,
      request: {
        params: ClassParams,
        query: z.object({ periodId: Id, subjectId: Id.optional() }),
      },
      responses: {
        200: json(
          z.object({
            periodId: z.string(),
            subjectId: z.string().nullable(),
            students: z.array(z.object({ id: z.string(), lastName: z.string(), firstName: z.string() })),
            appreciations: z.array(
              z.object({ studentId: z.string(), subjectId: z.string().nullable(), text: z.string() }),
            ),
          }),
          'Les appréciations',
        ),
      },
    },
    async (c) => {
      const { periodId, subjectId } = c.req.valid('query');
      return c.json(
        await listAppreciations(ctxOf(c.get('viewer')!), c.req.valid('param').classId, {
          periodId,
          subjectId: subjectId ?? null,
        }),
        200,
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/gradebook/classes/{classId}/appreciations',
      tags: TAG,
      summary: 'Enregistrer des appréciations (matière, ou générale)',
      description: `Au plus ${APPRECIATION_MAX_LENGTH} caractères ; un texte vide efface l’appréciation. L’appréciation générale (subjectId null) est celle du professeur principal.`,
      access: GRADEBOOK_WRITE,
      request: { params: ClassParams, ...jsonBody(AppreciationsBody) },
      responses: { 200: json(Saved, 'Appréciations enregistrées') },
    },
    async (c) =>
      c.json(
        await saveAppreciations(ctxOf(c.get('viewer')!), c.req.valid('param').classId, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/gradebook/classes/{classId}/competences',
      tags: TAG,
      summary: 'Évaluer des compétences (échelle du LSU)',
      description:
        'Niveaux 1 (maîtrise insuffisante) à 4 (très bonne maîtrise) par domaine du socle ; null efface le niveau.',
      access: GRADEBOOK_WRITE,
      request: { params: ClassParams, ...jsonBody(CompetencesBody) },
      responses: { 200: json(Saved, 'Compétences enregistrées') },
    },
    async (c) =>
      c.json(
        await saveCompetences(ctxOf(c.get('viewer')!), c.req.valid('param').classId, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/gradebook/students/{studentId}/results',
      tags: TAG,
      summary: 'Résultats d’un élève pour une période',
      access: GRADEBOOK_RESULTS,
      request: {
        params: StudentParams,
        query: z.object({
          periodId: Id.optional().openapi({
            description:
              'Par défaut : la période en cours si elle a des notes publiées, sinon la dernière qui en a.',
          }),
        }),
      },
      responses: { 200: json(ResultsSchema, 'Les résultats') },
    },
    async (c) => {
      const ctx = ctxOf(c.get('viewer')!);
      const { studentId } = c.req.valid('param');
      return c.json(await studentResults(ctx, studentId, c.req.valid('query').periodId), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/gradebook/etablissements/{uai}/settings',
      tags: TAG,
      summary: 'Réglages du carnet de notes de l’établissement',
      access: GRADEBOOK_SETTINGS_READ,
      request: { params: UaiParams },
      responses: { 200: json(SettingsOut, 'Les réglages') },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      await requireEtablissement({ db, viewer: c.get('viewer')! }, uai);
      return c.json(await gradebookSettings(db, uai), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/gradebook/etablissements/{uai}/settings',
      tags: TAG,
      summary: 'Modifier les réglages du carnet de notes',
      description:
        'Absence non justifiée comptée 0 ou non ; ce que voient élèves et parents (moyennes, moyenne générale, statistiques de classe, rang).',
      access: GRADEBOOK_SETTINGS_WRITE,
      request: { params: UaiParams, ...jsonBody(gradebookSettingsSchema.strict()) },
      responses: { 200: json(SettingsOut, 'Réglages enregistrés') },
    },
    async (c) => {
      const viewer = c.get('viewer')!;
      const { uai } = c.req.valid('param');
      await requireEtablissement({ db, viewer }, uai, ['direction']);
      const settings = c.req.valid('json');
      await saveGradebookSettings(db, uai, settings);
      return c.json(settings, 200);
    },
  );
}

export const gradebookArea: Area = {
  name: 'gradebook',
  routes: [registerGradebookRoutes],
  seed: gradebookSeed,
};
