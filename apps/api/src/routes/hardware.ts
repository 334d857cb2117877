/**
 * Hardware, ENT project status and accounts of an établissement, and the deployment state of territories.
 * Who: the établissement's direction, or analysts of its territory (`HARDWARE_*`, `DEPLOYMENT_*` in policies.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { USAGE_PROFILES, uaiProblem } from '@preau/core';
import type { Db } from '../db/types.js';
import {
  FUNDING_SOURCES,
  HARDWARE_CATEGORIES,
  type HardwareInput,
  parseHardwareCsv,
} from '../hardware/csv.js';
import { type FieldError, invalid, notFound } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams, text } from '../http/schemas.js';
import {
  DEPLOYMENT_READ,
  DEPLOYMENT_WRITE,
  HARDWARE_READ,
  HARDWARE_WRITE,
  requireEtablissement,
  requireTerritory,
  type Viewer,
  withinReach,
} from '../policies.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
  }, 'Date inexistante.');
const Uai = z.string().superRefine((value, ctx) => {
  const problem = uaiProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const UaiParams = z.object({ uai: Uai.openapi({ param: { name: 'uai', in: 'path' }, example: '0511085C' }) });

const HardwareBody = z
  .object({
    category: z.enum(HARDWARE_CATEGORIES),
    count: z.number().int().min(1).max(100_000),
    acquiredOn: isoDate,
    warrantyEnd: isoDate.nullable().optional(),
    costCents: z
      .number()
      .int()
      .min(0)
      .max(1e12)
      .openapi({ description: 'Coût total du lot TTC, en centimes' }),
    funding: z.enum(FUNDING_SOURCES),
    note: text(500).nullable().optional(),
  })
  .refine((h) => !h.warrantyEnd || h.warrantyEnd >= h.acquiredOn, {
    message: 'La garantie finit avant l’acquisition.',
    path: ['warrantyEnd'],
  });

const HardwareSchema = z
  .object({
    id: z.string(),
    uai: z.string(),
    category: z.enum(HARDWARE_CATEGORIES),
    count: z.number().int(),
    acquiredOn: z.string(),
    warrantyEnd: z.string().nullable(),
    costCents: z.number().int(),
    funding: z.enum(FUNDING_SOURCES),
    note: z.string().nullable(),
  })
  .openapi('HardwareAsset');

const ENT_STATUSES = ['none', 'study', 'pilot', 'generalised'] as const;
const DEPLOYMENT_STATES = [
  'generalisation_50_plus',
  'generalisation_moins_50',
  'experimentation',
  'etude_prealable',
  'reflexion',
] as const;

const HW_COLUMNS = `id, uai, category, count, to_char(acquired_on, 'YYYY-MM-DD') AS "acquiredOn",
  to_char(warranty_end, 'YYYY-MM-DD') AS "warrantyEnd", cost_cents::float8 AS "costCents", funding, note`;

type HardwareRow = z.infer<typeof HardwareSchema>;

async function insertHardware(db: Db, rows: readonly HardwareInput[]): Promise<string[]> {
  const ids = rows.map(() => `hw_${randomUUID()}`);
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const params: unknown[] = [];
    const tuples = part.map((r, k) => {
      params.push(
        ids[i + k],
        r.uai,
        r.category,
        r.count,
        r.acquiredOn,
        r.warrantyEnd,
        r.costCents,
        r.funding,
        r.note,
      );
      const b = params.length - 9;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
    });
    await db.query(
      `INSERT INTO hardware_assets (id, uai, category, count, acquired_on, warranty_end, cost_cents, funding, note)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  return ids;
}

/** The asset's établissement, once the viewer may act on it (404 outside reach, 403 for other roles). */
async function requireAsset(db: Db, viewer: Viewer, id: string): Promise<HardwareRow> {
  const row = (
    await db.query<HardwareRow>(`SELECT ${HW_COLUMNS} FROM hardware_assets WHERE id = $1`, [id])
  )[0];
  if (!row) throw notFound('Ce matériel n’existe pas ou ne vous est pas accessible.');
  await requireEtablissement({ db, viewer }, row.uai, ['analyst', 'direction']);
  return row;
}

export function registerHardwareRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db } = deps;
  const tags = ['Équipement et déploiement'];

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/etablissements/{uai}/hardware',
      tags,
      summary: 'Matériel d’un établissement',
      access: HARDWARE_READ,
      request: { params: UaiParams },
      responses: {
        200: {
          description: 'Lots de matériel',
          content: { 'application/json': { schema: z.array(HardwareSchema) } },
        },
      },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      await requireEtablissement({ db, viewer: c.get('viewer')! }, uai, ['analyst', 'direction']);
      const rows = await db.query<HardwareRow>(
        `SELECT ${HW_COLUMNS} FROM hardware_assets WHERE uai = $1 ORDER BY acquired_on, id`,
        [uai],
      );
      return c.json(rows, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/etablissements/{uai}/hardware',
      tags,
      summary: 'Ajouter un lot de matériel',
      access: HARDWARE_WRITE,
      request: {
        params: UaiParams,
        body: { required: true, content: { 'application/json': { schema: HardwareBody } } },
      },
      responses: {
        201: { description: 'Lot ajouté', content: { 'application/json': { schema: HardwareSchema } } },
      },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      const b = c.req.valid('json');
      await requireEtablissement({ db, viewer: c.get('viewer')! }, uai, ['analyst', 'direction']);
      const [id] = await insertHardware(db, [
        {
          uai,
          category: b.category,
          count: b.count,
          acquiredOn: b.acquiredOn,
          warrantyEnd: b.warrantyEnd ?? null,
          costCents: b.costCents,
          funding: b.funding,
          note: b.note ?? null,
        },
      ]);
      const [row] = await db.query<HardwareRow>(`SELECT ${HW_COLUMNS} FROM hardware_assets WHERE id = $1`, [
        id,
      ]);
      return c.json(row!, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/hardware/{id}',
      tags,
      summary: 'Modifier un lot de matériel',
      access: HARDWARE_WRITE,
      request: {
        params: IdParams,
        body: { required: true, content: { 'application/json': { schema: HardwareBody } } },
      },
      responses: {
        200: { description: 'Lot modifié', content: { 'application/json': { schema: HardwareSchema } } },
      },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      await requireAsset(db, c.get('viewer')!, id);
      const [row] = await db.query<HardwareRow>(
        `UPDATE hardware_assets SET category = $2, count = $3, acquired_on = $4, warranty_end = $5, cost_cents = $6,
           funding = $7, note = $8, updated_at = now() WHERE id = $1 RETURNING ${HW_COLUMNS}`,
        [
          id,
          b.category,
          b.count,
          b.acquiredOn,
          b.warrantyEnd ?? null,
          b.costCents,
          b.funding,
          b.note ?? null,
        ],
      );
      return c.json(row!, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/hardware/{id}',
      tags,
      summary: 'Supprimer un lot de matériel',
      access: HARDWARE_WRITE,
      request: { params: IdParams },
      responses: { 204: { description: 'Lot supprimé' } },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      await requireAsset(db, c.get('viewer')!, id);
      await db.query('DELETE FROM hardware_assets WHERE id = $1', [id]);
      return c.body(null, 204);
    },
  );

  const ImportReply = z
    .object({
      applied: z.boolean(),
      rows: z.number().int(),
      valid: z.number().int(),
      units: z.number().int().openapi({ description: 'Unités de matériel des lignes valides' }),
      costCents: z.number().int(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
      preview: z
        .array(HardwareSchema.omit({ id: true }))
        .openapi({ description: 'Les 50 premières lignes lues' }),
    })
    .openapi('HardwareImportReport');

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/hardware/import',
      tags,
      summary: 'Importer un inventaire de matériel (CSV)',
      description:
        'Colonnes : uai;categorie;nombre;date_acquisition;fin_garantie;cout_ttc;financement[;note]. ' +
        '`mode=preview` lit et vérifie sans rien écrire ; `mode=apply` écrit tout ou rien : une seule ligne ' +
        'fautive et rien n’est enregistré (chaque erreur nomme sa ligne et sa colonne).',
      access: HARDWARE_WRITE,
      maxBodyBytes: 5 * 1024 * 1024,
      request: {
        query: z.object({ mode: z.enum(['preview', 'apply']).default('preview') }),
        body: { required: true, content: { 'text/csv': { schema: z.string() } } },
      },
      responses: {
        200: {
          description: 'Rapport (aperçu, ou import appliqué)',
          content: { 'application/json': { schema: ImportReply } },
        },
      },
    },
    async (c) => {
      const { mode } = c.req.valid('query');
      const viewer = c.get('viewer')!;
      const { rows, errors } = parseHardwareCsv(await c.req.text());
      // Each UAI must exist and be within the viewer's reach (direction: their own établissement).
      const uais = [...new Set(rows.flatMap((r) => (r.value ? [r.value.uai] : [])))];
      const reachable = new Set<string>();
      for (const uai of uais) if (await withinReach(db, viewer, uai)) reachable.add(uai);
      const reachErrors: FieldError[] = rows.flatMap((r) =>
        r.value && !reachable.has(r.value.uai)
          ? [
              {
                field: `body.line${r.line}.uai`,
                message: `Établissement ${r.value.uai} inconnu ou hors de votre périmètre.`,
              },
            ]
          : [],
      );
      const allErrors = [...errors, ...reachErrors];
      const valid = rows.filter((r) => r.value && reachable.has(r.value.uai)).map((r) => r.value!);
      const report = {
        rows: rows.length,
        valid: valid.length,
        units: valid.reduce((s, v) => s + v.count, 0),
        costCents: valid.reduce((s, v) => s + v.costCents, 0),
        errors: allErrors.slice(0, 500),
        preview: valid.slice(0, 50).map((v) => ({ ...v, warrantyEnd: v.warrantyEnd, note: v.note })),
      };
      if (mode === 'apply') {
        if (allErrors.length || rows.length === 0) {
          throw invalid(
            allErrors.length
              ? allErrors.slice(0, 500)
              : [{ field: 'body', message: 'Aucune ligne à importer.' }],
            `Import refusé : ${allErrors.length} erreur(s) ; rien n’a été enregistré.`,
          );
        }
        await db.transaction((tx) => insertHardware(tx, valid));
        return c.json({ applied: true, ...report }, 200);
      }
      return c.json({ applied: false, ...report }, 200);
    },
  );

  const StatusSchema = z
    .object({ validFrom: z.string(), status: z.enum(ENT_STATUSES), note: z.string().nullable() })
    .openapi('EntProjectStatus');
  const AccountsSchema = z
    .object({
      profile: z.enum(USAGE_PROFILES),
      asOf: z.string(),
      opened: z.number().int(),
      activated: z.number().int(),
    })
    .openapi('EntAccounts');

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/etablissements/{uai}/ent',
      tags,
      summary: 'Projet ENT d’un établissement : historique du statut et comptes',
      access: HARDWARE_READ,
      request: { params: UaiParams },
      responses: {
        200: {
          description: 'Statut daté (none, study, pilot, generalised) et comptes ouverts/activés par profil',
          content: {
            'application/json': {
              schema: z.object({ history: z.array(StatusSchema), accounts: z.array(AccountsSchema) }),
            },
          },
        },
      },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      await requireEtablissement({ db, viewer: c.get('viewer')! }, uai, ['analyst', 'direction']);
      const history = await db.query<z.infer<typeof StatusSchema>>(
        `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", status, note FROM ent_project_status
          WHERE uai = $1 ORDER BY valid_from`,
        [uai],
      );
      const accounts = await db.query<z.infer<typeof AccountsSchema>>(
        `SELECT profile, to_char(as_of, 'YYYY-MM-DD') AS "asOf", opened, activated FROM ent_accounts
          WHERE uai = $1 ORDER BY as_of DESC, profile`,
        [uai],
      );
      return c.json({ history, accounts }, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/etablissements/{uai}/ent/status',
      tags,
      summary: 'Dater un nouveau statut du projet ENT',
      access: HARDWARE_WRITE,
      request: {
        params: UaiParams,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                validFrom: isoDate,
                status: z.enum(ENT_STATUSES),
                note: text(500).nullable().optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: { description: 'Statut enregistré', content: { 'application/json': { schema: StatusSchema } } },
      },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      const b = c.req.valid('json');
      await requireEtablissement({ db, viewer: c.get('viewer')! }, uai, ['analyst', 'direction']);
      await db.query(
        `INSERT INTO ent_project_status (uai, valid_from, status, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT (uai, valid_from) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note`,
        [uai, b.validFrom, b.status, b.note ?? null],
      );
      return c.json({ validFrom: b.validFrom, status: b.status, note: b.note ?? null }, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/etablissements/{uai}/ent/accounts',
      tags,
      summary: 'Comptes ENT ouverts et activés par profil, à une date',
      access: HARDWARE_WRITE,
      request: {
        params: UaiParams,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .array(
                  z
                    .object({
                      profile: z.enum(USAGE_PROFILES),
                      asOf: isoDate,
                      opened: z.number().int().min(0),
                      activated: z.number().int().min(0),
                    })
                    .refine((a) => a.activated <= a.opened, {
                      message: 'Plus de comptes activés qu’ouverts.',
                      path: ['activated'],
                    }),
                )
                .min(1)
                .max(50),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Comptes enregistrés',
          content: { 'application/json': { schema: z.array(AccountsSchema) } },
        },
      },
    },
    async (c) => {
      const { uai } = c.req.valid('param');
      const rows = c.req.valid('json');
      await requireEtablissement({ db, viewer: c.get('viewer')! }, uai, ['analyst', 'direction']);
      await db.transaction(async (tx) => {
        for (const a of rows) {
          await tx.query(
            `INSERT INTO ent_accounts (uai, profile, as_of, opened, activated) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (uai, profile, as_of) DO UPDATE SET opened = EXCLUDED.opened, activated = EXCLUDED.activated`,
            [uai, a.profile, a.asOf, a.opened, a.activated],
          );
        }
      });
      return c.json(rows, 200);
    },
  );

  const DeploymentSchema = z
    .object({
      level: z.enum(['college', 'lycee']),
      territoryKind: z.enum(['departement', 'academie', 'region']),
      territoryCode: z.string(),
      territoryName: z.string(),
      academie: z.string().nullable(),
      state: z.enum(DEPLOYMENT_STATES),
      validFrom: z.string(),
    })
    .openapi('DeploymentState');

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/deployment',
      tags,
      summary: 'État du déploiement des territoires à une date',
      description:
        'Pour chaque territoire de son périmètre, le dernier état connu à la date `asOf` (par défaut aujourd’hui).',
      access: DEPLOYMENT_READ,
      request: {
        query: z.object({ asOf: isoDate.optional(), level: z.enum(['college', 'lycee']).optional() }),
      },
      responses: {
        200: { description: 'États', content: { 'application/json': { schema: z.array(DeploymentSchema) } } },
      },
    },
    async (c) => {
      const { asOf, level } = c.req.valid('query');
      const viewer = c.get('viewer')!;
      const params: unknown[] = [asOf ?? deps.clock().toISOString().slice(0, 10), level ?? null];
      let scope = 'AND false';
      if (viewer.scopeKind === 'national') scope = '';
      else if (viewer.scopeKind === 'academie') {
        params.push(viewer.scopeCode);
        scope = 'AND academie_code = $3';
      } else if (viewer.scopeKind === 'departement') {
        params.push(viewer.scopeCode);
        scope = "AND territory_kind = 'departement' AND territory_code = $3";
      }
      const rows = await db.query<z.infer<typeof DeploymentSchema>>(
        `SELECT DISTINCT ON (level, territory_kind, territory_code) level, territory_kind AS "territoryKind",
           territory_code AS "territoryCode", territory_name AS "territoryName", academie_code AS academie, state,
           to_char(valid_from, 'YYYY-MM-DD') AS "validFrom"
         FROM deployment_states WHERE valid_from <= $1 AND ($2::text IS NULL OR level = $2) ${scope}
         ORDER BY level, territory_kind, territory_code, valid_from DESC`,
        params,
      );
      return c.json(rows, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/deployment',
      tags,
      summary: 'Dater l’état du déploiement d’un territoire',
      access: DEPLOYMENT_WRITE,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                level: z.enum(['college', 'lycee']),
                territoryKind: z.enum(['departement', 'academie']),
                territoryCode: z.string().regex(/^[0-9A-Z]{2,3}$/, 'Code de territoire invalide.'),
                state: z.enum(DEPLOYMENT_STATES),
                validFrom: isoDate,
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: 'État enregistré',
          content: { 'application/json': { schema: DeploymentSchema } },
        },
      },
    },
    async (c) => {
      const b = c.req.valid('json');
      await requireTerritory(
        { db, viewer: c.get('viewer')! },
        { kind: b.territoryKind, code: b.territoryCode },
      );
      const place =
        b.territoryKind === 'departement'
          ? (
              await db.query<{ name: string; academie: string }>(
                'SELECT name, academie_code AS academie FROM departements WHERE code = $1',
                [b.territoryCode],
              )
            )[0]
          : (
              await db.query<{ name: string; academie: string }>(
                'SELECT name, code AS academie FROM academies WHERE code = $1',
                [b.territoryCode],
              )
            )[0];
      if (!place) throw notFound('Territoire inconnu.');
      await db.query(
        `INSERT INTO deployment_states (level, territory_kind, territory_code, territory_name, academie_code, state, valid_from, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'saisie')
         ON CONFLICT (level, territory_kind, territory_code, valid_from) DO UPDATE SET state = EXCLUDED.state`,
        [b.level, b.territoryKind, b.territoryCode, place.name, place.academie, b.state, b.validFrom],
      );
      return c.json(
        {
          level: b.level,
          territoryKind: b.territoryKind,
          territoryCode: b.territoryCode,
          territoryName: place.name,
          academie: place.academie,
          state: b.state,
          validFrom: b.validFrom,
        },
        201,
      );
    },
  );
}
