import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indicator } from '@preau/analytics';
import { type Engine, wasmEngine } from '@preau/analytics/testing/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { datasetIpc } from '../../src/events/datasets.js';
import { closeUsageService, usageServiceFor } from '../../src/events/service.js';
import { seedDemo } from '../../src/seed/index.js';
import { AISNE_FIRST, MARNE_PILOTS, usageSeed } from '../../src/seed/usage.js';
import { freshDb } from '../support/db.js';

const TODAY = '2026-11-20';
let db: Db;
let dataDir: string;
let wasm: Engine;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-usage-seed-'));
  db = await freshDb();
  await seedDemo(db, {
    scale: 'school',
    today: TODAY,
    hashSecret: async (s) => s,
    modules: [usageSeed],
    dataDir,
  });
  const usage = await usageServiceFor(dataDir);
  await usage.syncPlaces(db);
  const national = { territory: { kind: 'national' as const } };
  const ipc = async (
    name: Parameters<typeof datasetIpc>[0],
    q: Parameters<typeof datasetIpc>[1] = national,
  ) => (await datasetIpc(name, q, { db, usage })).bytes;
  wasm = await wasmEngine({
    deployment_states: await ipc('deployment_states'),
    hardware: await ipc('hardware'),
    etablissements: await ipc('etablissements', { territory: { kind: 'academie', code: '19' } }),
    usage_daily: await ipc('usage_daily'),
    usage_logins: await ipc('usage_logins'),
    usage_devices: await ipc('usage_devices'),
    usage_imported: await ipc('usage_imported', { territory: { kind: 'departement', code: '051' } }),
    ent_status: await ipc('ent_status', { territory: { kind: 'departement', code: '051' } }),
  });
}, 240_000);
afterAll(async () => {
  await wasm?.close();
  await closeUsageService(dataDir);
  await db?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('usage, hardware and deployment demo data reproduce the founding figures', () => {
  it('September 2010: collèges 27/22/18/22/11 over 100 départements, lycées 7/11/7/4/1 over 30 territories', async () => {
    const counts = async (level: string) =>
      (await wasm.query(indicator('deployment_counts', { asOf: '2010-09-30', level }).sql)).map(
        (r) => r.territories,
      );
    expect(await counts('college')).toEqual([27, 22, 18, 22, 11]);
    expect(await counts('lycee')).toEqual([7, 11, 7, 4, 1]);
    // 2007: 24 départements working on an ENT
    const y2007 = await wasm.query(
      indicator('deployment_counts', { asOf: '2008-01-01', level: 'college' }).sql,
    );
    expect(y2007.filter((r) => r.state !== 'reflexion').reduce((s, r) => s + Number(r.territories), 0)).toBe(
      24,
    );
  });

  it('the Aisne: exact hardware totals, 5,920,000 € of which 444,000 € FEDER, Charlemagne and Saint-Gobain first', async () => {
    const totals = await wasm.query(
      `SELECT category, CAST(sum(count) AS INTEGER) AS units FROM hardware WHERE departement = '002' GROUP BY category ORDER BY category`,
    );
    expect(Object.fromEntries(totals.map((r) => [r.category, r.units]))).toEqual({
      fixed_pc: 4429,
      interactive_whiteboard: 126,
      laptop: 1973,
      network_printer: 140,
      server: 114,
      video_projector: 528,
    });
    const [money] = await wasm.query(
      `SELECT round(sum(cost_eur), 2) AS total, round(sum(cost_eur) FILTER (WHERE funding = 'feder'), 2) AS feder
         FROM hardware WHERE departement = '002'`,
    );
    expect(money).toEqual({ total: 5_920_000, feder: 444_000 });
    const first = await wasm.query(
      `SELECT uai FROM hardware WHERE departement = '002' GROUP BY uai ORDER BY min(acquired_on), uai LIMIT 2`,
    );
    expect(first.map((r) => r.uai).sort()).toEqual([...AISNE_FIRST].sort());
    const colleges = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM etablissements e WHERE departement_code = '002' AND kind = 'college' AND sector = 'public'
         AND NOT EXISTS (SELECT 1 FROM hardware_assets h WHERE h.uai = e.uai)`,
    );
    expect(colleges[0]!.n).toBe(0);
  });

  it('the Marne: 3 pilots from 30 September 2011 with 12,000 € of equipment, 44 other collèges, usage before and after', async () => {
    const [pilot] = await wasm.query(
      `SELECT CAST(count(DISTINCT uai) AS INTEGER) AS n, sum(cost_eur) AS cost FROM hardware WHERE acquired_on = DATE '2011-09-30'`,
    );
    expect(pilot).toEqual({ n: 3, cost: 12_000 });
    const status = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM ent_project_status WHERE valid_from = '2011-09-30' GROUP BY status ORDER BY status`,
    );
    expect(status).toEqual([
      { status: 'pilot', n: 3 },
      { status: 'study', n: 44 },
    ]);
    // Evaluated in spring 2012, then the 44 others in three waves: 15, 15 and 14 collèges.
    const opened = await db.query<{ d: string; n: number }>(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS d, count(*)::int AS n FROM ent_project_status
        WHERE status = 'generalised' AND uai IN (SELECT uai FROM etablissements WHERE departement_code = '051')
        GROUP BY valid_from ORDER BY valid_from`,
    );
    expect(opened).toEqual([
      { d: '2012-09-03', n: 18 },
      { d: '2013-09-02', n: 15 },
      { d: '2014-09-01', n: 14 },
    ]);
    const pilotRows = await wasm.query(
      `SELECT uai FROM ent_status WHERE status = 'pilot' AND valid_from = DATE '2011-09-30' ORDER BY uai`,
    );
    expect(pilotRows.map((r) => r.uai)).toEqual([...MARNE_PILOTS].sort());
    // Each collège's audience from its first week with an open ENT (imported figures; the opening Monday itself
    // counts nothing yet), then Préau's own for a year.
    const pilots = MARNE_PILOTS.map((u) => `'${u}'`).join(', ');
    const firstWeeks = await wasm.query(
      `SELECT uai IN (${pilots}) AS pilot, strftime(min(day), '%Y-%m-%d') AS first, CAST(count(DISTINCT uai) AS INTEGER) AS n
         FROM usage_imported GROUP BY ALL ORDER BY ALL`,
    );
    expect(firstWeeks).toEqual([
      { pilot: false, first: '2012-09-10', n: 44 },
      { pilot: true, first: '2011-10-03', n: 3 },
    ]);
    const usage = await wasm.query(
      `SELECT uai IN (${pilots}) AS pilot, CAST(count(DISTINCT uai) AS INTEGER) AS schools, strftime(min(day), '%Y-%m-%d') AS first
         FROM usage_daily WHERE departement = '051' GROUP BY ALL ORDER BY ALL`,
    );
    expect(usage).toEqual([
      { pilot: false, schools: 44, first: '2025-11-20' },
      { pilot: true, schools: 3, first: '2025-11-20' },
    ]);
  });

  it('usage follows the school rhythm: weekdays over weekends, evenings busy, devices and classes present', async () => {
    const byDow = await wasm.query(
      `SELECT isodow(day) AS dow, CAST(sum(visits) AS INTEGER) AS v FROM usage_daily GROUP BY 1 ORDER BY 1`,
    );
    const v = Object.fromEntries(byDow.map((r) => [r.dow, Number(r.v)]));
    expect(v[1]!).toBeGreaterThan(2 * v[7]!);
    expect(v[3]!).toBeLessThan(v[2]!);
    const devices = await wasm.query(
      indicator('device_split', { from: '2025-11-20', to: '2026-11-19', by: 'device' }).sql,
    );
    expect(devices.map((d) => d.key).sort()).toEqual(['autre', 'ordinateur', 'smartphone', 'tablette']);
    const classes = await wasm.query(
      indicator('logins_since_september', { asOf: '2026-11-19', by: 'classe' }).sql,
    );
    expect(classes.length).toBeGreaterThan(10);
  });
});
