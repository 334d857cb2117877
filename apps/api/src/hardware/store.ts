/** Hardware's SQL: equipment lots, ENT project status and accounts of établissements, territories' deployment. */
import type { DeploymentState, UsageProfile } from '@preau/core';
import type { Db } from '../db/types.js';
import type { HardwareInput } from './csv.js';

/** A lot as stored: its input and its id. */
export interface HardwareRow extends HardwareInput {
  id: string;
}

const HW_COLUMNS = `id, uai, category, count, to_char(acquired_on, 'YYYY-MM-DD') AS "acquiredOn",
  to_char(warranty_end, 'YYYY-MM-DD') AS "warrantyEnd", cost_cents::float8 AS "costCents", funding, note`;

/** New lots, a thousand per statement; returns their ids in order. */
export async function insertHardware(db: Db, rows: readonly HardwareInput[], ids: readonly string[]) {
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
}

export async function hardwareById(db: Db, id: string): Promise<HardwareRow | undefined> {
  const [row] = await db.query<HardwareRow>(`SELECT ${HW_COLUMNS} FROM hardware_assets WHERE id = $1`, [id]);
  return row;
}

export async function hardwareOf(db: Db, uai: string): Promise<HardwareRow[]> {
  return db.query<HardwareRow>(
    `SELECT ${HW_COLUMNS} FROM hardware_assets WHERE uai = $1 ORDER BY acquired_on, id`,
    [uai],
  );
}

export async function updateHardware(
  db: Db,
  id: string,
  h: Omit<HardwareInput, 'uai'>,
): Promise<HardwareRow | undefined> {
  const [row] = await db.query<HardwareRow>(
    `UPDATE hardware_assets SET category = $2, count = $3, acquired_on = $4, warranty_end = $5, cost_cents = $6,
       funding = $7, note = $8, updated_at = now() WHERE id = $1 RETURNING ${HW_COLUMNS}`,
    [id, h.category, h.count, h.acquiredOn, h.warrantyEnd, h.costCents, h.funding, h.note],
  );
  return row;
}

export async function deleteHardware(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM hardware_assets WHERE id = $1', [id]);
}

export const ENT_STATUSES = ['none', 'study', 'pilot', 'generalised'] as const;
export type EntStatus = (typeof ENT_STATUSES)[number];

export interface EntStatusRow {
  validFrom: string;
  status: EntStatus;
  note: string | null;
}

export interface EntAccountsRow {
  profile: UsageProfile;
  asOf: string;
  opened: number;
  activated: number;
}

export async function entHistory(db: Db, uai: string): Promise<EntStatusRow[]> {
  return db.query<EntStatusRow>(
    `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", status, note FROM ent_project_status
      WHERE uai = $1 ORDER BY valid_from`,
    [uai],
  );
}

export async function entAccounts(db: Db, uai: string): Promise<EntAccountsRow[]> {
  return db.query<EntAccountsRow>(
    `SELECT profile, to_char(as_of, 'YYYY-MM-DD') AS "asOf", opened, activated FROM ent_accounts
      WHERE uai = $1 ORDER BY as_of DESC, profile`,
    [uai],
  );
}

/** One status per day: a second one the same day replaces the first. */
export async function upsertEntStatus(db: Db, uai: string, s: EntStatusRow): Promise<void> {
  await db.query(
    `INSERT INTO ent_project_status (uai, valid_from, status, note) VALUES ($1, $2, $3, $4)
     ON CONFLICT (uai, valid_from) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note`,
    [uai, s.validFrom, s.status, s.note],
  );
}

/** Accounts per profile and day, in one statement: a profile given twice the same day keeps its last figures. */
export async function upsertEntAccounts(db: Db, uai: string, rows: readonly EntAccountsRow[]): Promise<void> {
  await db.query(
    `INSERT INTO ent_accounts (uai, profile, as_of, opened, activated)
     SELECT DISTINCT ON (r.v->>'profile', r.v->>'as_of') $1, r.v->>'profile', (r.v->>'as_of')::date,
            (r.v->>'opened')::integer, (r.v->>'activated')::integer
       FROM jsonb_array_elements($2::text::jsonb) WITH ORDINALITY AS r(v, n)
      ORDER BY r.v->>'profile', r.v->>'as_of', r.n DESC
     ON CONFLICT (uai, profile, as_of) DO UPDATE SET opened = EXCLUDED.opened, activated = EXCLUDED.activated`,
    [
      uai,
      JSON.stringify(
        rows.map((r) => ({ profile: r.profile, as_of: r.asOf, opened: r.opened, activated: r.activated })),
      ),
    ],
  );
}

export interface DeploymentRow {
  level: 'college' | 'lycee';
  territoryKind: 'departement' | 'academie' | 'region';
  territoryCode: string;
  territoryName: string;
  academie: string | null;
  state: DeploymentState;
  validFrom: string;
}

/** The latest state on `asOf` of each territory, narrowed to a territory (none: every one). */
export async function deploymentAsOf(
  db: Db,
  q: { asOf: string; level: 'college' | 'lycee' | null; scope: { academie?: string; departement?: string } },
): Promise<DeploymentRow[]> {
  return db.query<DeploymentRow>(
    `SELECT DISTINCT ON (level, territory_kind, territory_code) level, territory_kind AS "territoryKind",
       territory_code AS "territoryCode", territory_name AS "territoryName", academie_code AS academie, state,
       to_char(valid_from, 'YYYY-MM-DD') AS "validFrom"
     FROM deployment_states
     WHERE valid_from <= $1 AND ($2::text IS NULL OR level = $2)
       AND ($3::text IS NULL OR academie_code = $3)
       AND ($4::text IS NULL OR (territory_kind = 'departement' AND territory_code = $4))
     ORDER BY level, territory_kind, territory_code, valid_from DESC`,
    [q.asOf, q.level, q.scope.academie ?? null, q.scope.departement ?? null],
  );
}

/** A territory's name and académie, or undefined when it does not exist. */
export async function territoryPlace(
  db: Db,
  kind: 'departement' | 'academie',
  code: string,
): Promise<{ name: string; academie: string } | undefined> {
  const [row] = await db.query<{ name: string; academie: string }>(
    kind === 'departement'
      ? 'SELECT name, academie_code AS academie FROM departements WHERE code = $1'
      : 'SELECT name, code AS academie FROM academies WHERE code = $1',
    [code],
  );
  return row;
}

/** One state per territory and day: a second one the same day replaces the first. */
export async function upsertDeploymentState(db: Db, d: DeploymentRow): Promise<void> {
  await db.query(
    `INSERT INTO deployment_states (level, territory_kind, territory_code, territory_name, academie_code, state, valid_from, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'saisie')
     ON CONFLICT (level, territory_kind, territory_code, valid_from) DO UPDATE SET state = EXCLUDED.state`,
    [d.level, d.territoryKind, d.territoryCode, d.territoryName, d.academie, d.state, d.validFrom],
  );
}
