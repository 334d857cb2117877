/**
 * Hardware and deployment (routes → service → store): equipment lots of an établissement and their CSV import,
 * its ENT project status and accounts, the deployment state of territories. Who: `policies/hardware.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { DeploymentState } from '@preau/core';
import { type FieldError, invalid, notFound } from '../http/problem.js';
import {
  type PolicyContext,
  requireEtablissement,
  requireTerritory,
  withinReach,
} from '../policies/index.js';
import { type HardwareInput, parseHardwareCsv } from './csv.js';
import {
  type DeploymentRow,
  deleteHardware,
  deploymentAsOf,
  type EntAccountsRow,
  type EntStatusRow,
  entAccounts,
  entHistory,
  type HardwareRow,
  hardwareById,
  hardwareOf,
  insertHardware,
  territoryPlace,
  updateHardware,
  upsertDeploymentState,
  upsertEntAccounts,
  upsertEntStatus,
} from './store.js';

const MANAGERS = ['analyst', 'direction'] as const;

/** The établissement's direction, or an analyst of its territory: 404 outside reach, 403 for other roles. */
const requireManager = (ctx: PolicyContext, uai: string) => requireEtablissement(ctx, uai, MANAGERS);

/** The lot, once the viewer may act on its établissement. */
async function requireLot(ctx: PolicyContext, id: string): Promise<HardwareRow> {
  const row = await hardwareById(ctx.db, id);
  if (!row) throw notFound('Ce matériel n’existe pas ou ne vous est pas accessible.');
  await requireManager(ctx, row.uai);
  return row;
}

export async function listHardware(ctx: PolicyContext, uai: string): Promise<HardwareRow[]> {
  await requireManager(ctx, uai);
  return hardwareOf(ctx.db, uai);
}

export async function addHardware(ctx: PolicyContext, input: HardwareInput): Promise<HardwareRow> {
  await requireManager(ctx, input.uai);
  const id = `hw_${randomUUID()}`;
  await insertHardware(ctx.db, [input], [id]);
  return (await hardwareById(ctx.db, id))!;
}

export async function changeHardware(
  ctx: PolicyContext,
  id: string,
  input: Omit<HardwareInput, 'uai'>,
): Promise<HardwareRow> {
  await requireLot(ctx, id);
  return (await updateHardware(ctx.db, id, input))!;
}

export async function removeHardware(ctx: PolicyContext, id: string): Promise<void> {
  await requireLot(ctx, id);
  await deleteHardware(ctx.db, id);
}

export interface ImportReport {
  applied: boolean;
  rows: number;
  valid: number;
  units: number;
  costCents: number;
  errors: FieldError[];
  preview: Omit<HardwareRow, 'id'>[];
}

/**
 * Reads an inventory CSV: every row checked, each UAI within the viewer's reach. `preview` writes nothing;
 * `apply` writes all or nothing (one bad row and nothing is recorded, every error named by line and column).
 */
export async function importHardware(
  ctx: PolicyContext,
  csv: string,
  mode: 'preview' | 'apply',
): Promise<ImportReport> {
  const { rows, errors } = parseHardwareCsv(csv);
  const uais = [...new Set(rows.flatMap((r) => (r.value ? [r.value.uai] : [])))];
  const reachable = new Set<string>();
  for (const uai of uais) if (await withinReach(ctx.db, ctx.viewer, uai)) reachable.add(uai);
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
  const report: ImportReport = {
    applied: false,
    rows: rows.length,
    valid: valid.length,
    units: valid.reduce((s, v) => s + v.count, 0),
    costCents: valid.reduce((s, v) => s + v.costCents, 0),
    errors: allErrors.slice(0, 500),
    preview: valid.slice(0, 50),
  };
  if (mode === 'preview') return report;
  if (allErrors.length || rows.length === 0) {
    const n = allErrors.length;
    throw invalid(
      n ? allErrors.slice(0, 500) : [{ field: 'body', message: 'Aucune ligne à importer.' }],
      `Import refusé : ${n} erreur${n > 1 ? 's' : ''} ; rien n’a été enregistré.`,
    );
  }
  const ids = valid.map(() => `hw_${randomUUID()}`);
  await ctx.db.transaction((tx) => insertHardware(tx, valid, ids));
  return { ...report, applied: true };
}

export async function entProject(
  ctx: PolicyContext,
  uai: string,
): Promise<{ history: EntStatusRow[]; accounts: EntAccountsRow[] }> {
  await requireManager(ctx, uai);
  const [history, accounts] = await Promise.all([entHistory(ctx.db, uai), entAccounts(ctx.db, uai)]);
  return { history, accounts };
}

export async function dateEntStatus(ctx: PolicyContext, uai: string, s: EntStatusRow): Promise<EntStatusRow> {
  await requireManager(ctx, uai);
  await upsertEntStatus(ctx.db, uai, s);
  return s;
}

export async function recordEntAccounts(
  ctx: PolicyContext,
  uai: string,
  rows: EntAccountsRow[],
): Promise<EntAccountsRow[]> {
  await requireManager(ctx, uai);
  await upsertEntAccounts(ctx.db, uai, rows);
  return rows;
}

/** Each territory of the analyst's own, in its latest state on `asOf`. */
export async function deploymentStates(
  ctx: PolicyContext,
  q: { asOf: string; level?: 'college' | 'lycee' },
): Promise<DeploymentRow[]> {
  const { scopeKind, scopeCode } = ctx.viewer;
  if (!scopeKind) return [];
  const scope =
    scopeKind === 'academie'
      ? { academie: scopeCode ?? '' }
      : scopeKind === 'departement'
        ? { departement: scopeCode ?? '' }
        : {};
  return deploymentAsOf(ctx.db, { asOf: q.asOf, level: q.level ?? null, scope });
}

/** Dates a territory's state; the territory must lie within the analyst's own. */
export async function dateDeploymentState(
  ctx: PolicyContext,
  d: {
    level: 'college' | 'lycee';
    territoryKind: 'departement' | 'academie';
    territoryCode: string;
    state: DeploymentState;
    validFrom: string;
  },
): Promise<DeploymentRow> {
  await requireTerritory(ctx, { kind: d.territoryKind, code: d.territoryCode });
  const place = await territoryPlace(ctx.db, d.territoryKind, d.territoryCode);
  if (!place) throw notFound('Territoire inconnu.');
  const row: DeploymentRow = { ...d, territoryName: place.name, academie: place.academie };
  await upsertDeploymentState(ctx.db, row);
  return row;
}
