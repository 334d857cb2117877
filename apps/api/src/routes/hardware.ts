/**
 * Hardware, ENT project status and accounts of an établissement, and the deployment state of territories.
 * Service: `hardware/service.ts`; who: the établissement's direction, or analysts of its territory
 * (`policies/hardware.ts`).
 */
import { z } from '@hono/zod-openapi';
import { DEPLOYMENT_STATES, parisLocalTime, USAGE_PROFILES } from '@preau/core';
import type { Area } from '../deps.js';
import { FUNDING_SOURCES, HARDWARE_CATEGORIES } from '../hardware/csv.js';
import {
  addHardware,
  changeHardware,
  dateDeploymentState,
  dateEntStatus,
  deploymentStates,
  entProject,
  importHardware,
  listHardware,
  recordEntAccounts,
  removeHardware,
} from '../hardware/service.js';
import { ENT_STATUSES } from '../hardware/store.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams, IsoDate, text, UaiParams } from '../http/schemas.js';
import {
  DEPLOYMENT_READ,
  DEPLOYMENT_WRITE,
  HARDWARE_READ,
  HARDWARE_WRITE,
  type PolicyContext,
  type Viewer,
} from '../policies/index.js';

const HardwareBody = z
  .object({
    category: z.enum(HARDWARE_CATEGORIES),
    count: z.number().int().min(1).max(100_000),
    acquiredOn: IsoDate,
    warrantyEnd: IsoDate.nullable().optional(),
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

export function registerHardwareRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db } = deps;
  const ctxOf = (viewer: Viewer | null): PolicyContext => ({ db, viewer: viewer! });
  const tags = ['Équipement et déploiement'];
  /** The body of a lot, as the store takes it. */
  const lot = (b: z.infer<typeof HardwareBody>) => ({
    category: b.category,
    count: b.count,
    acquiredOn: b.acquiredOn,
    warrantyEnd: b.warrantyEnd ?? null,
    costCents: b.costCents,
    funding: b.funding,
    note: b.note ?? null,
  });

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
    async (c) => c.json(await listHardware(ctxOf(c.get('viewer')), c.req.valid('param').uai), 200),
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
      const input = { uai: c.req.valid('param').uai, ...lot(c.req.valid('json')) };
      return c.json(await addHardware(ctxOf(c.get('viewer')), input), 201);
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
    async (c) =>
      c.json(
        await changeHardware(ctxOf(c.get('viewer')), c.req.valid('param').id, lot(c.req.valid('json'))),
        200,
      ),
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
      await removeHardware(ctxOf(c.get('viewer')), c.req.valid('param').id);
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
    async (c) =>
      c.json(
        await importHardware(ctxOf(c.get('viewer')), await c.req.text(), c.req.valid('query').mode),
        200,
      ),
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
    async (c) => c.json(await entProject(ctxOf(c.get('viewer')), c.req.valid('param').uai), 200),
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
                validFrom: IsoDate,
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
      const b = c.req.valid('json');
      const status = { validFrom: b.validFrom, status: b.status, note: b.note ?? null };
      return c.json(await dateEntStatus(ctxOf(c.get('viewer')), c.req.valid('param').uai, status), 201);
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
                      asOf: IsoDate,
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
    async (c) =>
      c.json(
        await recordEntAccounts(ctxOf(c.get('viewer')), c.req.valid('param').uai, c.req.valid('json')),
        200,
      ),
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
        query: z.object({ asOf: IsoDate.optional(), level: z.enum(['college', 'lycee']).optional() }),
      },
      responses: {
        200: { description: 'États', content: { 'application/json': { schema: z.array(DeploymentSchema) } } },
      },
    },
    async (c) => {
      const { asOf, level } = c.req.valid('query');
      // "today" of the server's clock in Paris (a UTC date is yesterday's between midnight and 01:00/02:00)
      const day = asOf ?? parisLocalTime(deps.clock()).date;
      return c.json(await deploymentStates(ctxOf(c.get('viewer')), { asOf: day, level }), 200);
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
                validFrom: IsoDate,
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
    async (c) => c.json(await dateDeploymentState(ctxOf(c.get('viewer')), c.req.valid('json')), 201),
  );
}

export const hardwareArea: Area = { name: 'hardware', routes: [registerHardwareRoutes] };
