import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATASET_NAMES, DATASETS, decodeIpc, epochDayToIso } from '@preau/analytics';
import { fixedClock } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { toStoredEvent } from '../../src/events/ingest.js';
import { closeUsageService, usageServiceFor } from '../../src/events/service.js';
import { localFileStore } from '../../src/files/store.js';
import { freshDb } from '../support/db.js';

/** The tests' one clock: the sessions and the usage service's retention read it. */
const clock = fixedClock('2026-11-19T09:00:00Z');
let db: Db;
let dataDir: string;
let app: ReturnType<typeof createApp>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-analytics-'));
  db = await freshDb();
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims'), ('20', 'Amiens');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est'), ('008', 'Ardennes', '19', '44', 'Grand Est'),
      ('002', 'Aisne', '20', '32', 'Hauts-de-France');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code, student_count) VALUES
      ('0511085C', 'Collège Robert Schuman', 'college', 'public', 'Reims', '051', 520),
      ('0080001A', 'Collège des Ardennes', 'college', 'public', 'Charleville', '008', 300),
      ('0020090M', 'Collège Charlemagne', 'college', 'public', 'Laon', '002', 600);
    INSERT INTO users (id, login, first_name, last_name, profile, scope_kind, scope_code, must_change_password) VALUES
      ('a-nat', 'nat', 'N', 'A', 'analyst', 'national', NULL, false),
      ('a-19', 'rectorat', 'R', 'A', 'analyst', 'academie', '19', false),
      ('a-051', 'marne', 'M', 'A', 'analyst', 'departement', '051', false);
    INSERT INTO users (id, login, first_name, last_name, profile, uai, must_change_password)
      VALUES ('t-1', 'prof', 'P', 'R', 'teacher', '0511085C', false);
    INSERT INTO hardware_assets (id, uai, category, count, acquired_on, warranty_end, cost_cents, funding) VALUES
      ('h1', '0511085C', 'fixed_pc', 24, '2024-09-01', '2028-09-01', 1920000, 'departement'),
      ('h2', '0020090M', 'laptop', 10, '2023-01-10', NULL, 800000, 'feder');
    INSERT INTO deployment_states (level, territory_kind, territory_code, territory_name, academie_code, state, valid_from) VALUES
      ('college', 'departement', '051', 'Marne', '19', 'experimentation', '2011-09-30'),
      ('college', 'departement', '002', 'Aisne', '20', 'generalisation_50_plus', '2010-09-01');
  `);
  app = createApp({ db, config: { ...loadConfig({}), dataDir }, files: localFileStore(dataDir), clock });
  for (const id of ['a-nat', 'a-19', 'a-051', 't-1']) {
    cookies[id] = `preau_session=${(await createSession(db, id, clock(), 3600)).token}`;
  }
  const usage = await usageServiceFor(dataDir, clock);
  const origin = (uai: string) => ({
    uai,
    profile: 'ELEVE' as const,
    visitor: 'a'.repeat(64),
    classe: '4e B',
    families: { device: 'ordinateur' as const, os: 'Windows', browser: 'Firefox' },
  });
  await usage.store.append(
    ['0511085C', '0080001A', '0020090M'].flatMap((uai, k) => [
      toStoredEvent(
        { time: '2026-03-16T08:00:00Z', service: 'notes', action: 'view', visitId: `visit-${k}-aaaa` },
        origin(uai),
      ),
      toStoredEvent(
        { time: '2026-03-20T08:00:00Z', service: 'absences', action: 'view', visitId: `visit-${k}-bbbb` },
        origin(uai),
      ),
    ]),
  );
});
afterAll(async () => {
  await closeUsageService(dataDir);
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

const get = (path: string, who?: string) =>
  app.request(path, { headers: who ? { cookie: cookies[who]! } : {} });
async function table(path: string, who: string) {
  const res = await get(path, who);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
  return decodeIpc(new Uint8Array(await res.arrayBuffer()));
}

describe('GET /api/v1/analytics/datasets/<dataset>.arrow', () => {
  it('serves every dataset with exactly the contract columns', async () => {
    for (const name of DATASET_NAMES) {
      const t = await table(`/api/v1/analytics/datasets/${name}.arrow`, 'a-nat');
      expect(t.schema.fields.map((f) => f.name)).toEqual(DATASETS[name].columns.map((c) => c.name));
    }
  });

  it('narrows to the analyst territory: académie, département, national', async () => {
    const uais = async (who: string, query = '') =>
      [
        ...new Set(
          (await table(`/api/v1/analytics/datasets/usage_daily.arrow${query}`, who))
            .getChild('uai')!
            .toArray(),
        ),
      ].sort();
    expect(await uais('a-nat')).toEqual(['0020090M', '0080001A', '0511085C']);
    expect(await uais('a-19')).toEqual(['0080001A', '0511085C']);
    expect(await uais('a-051')).toEqual(['0511085C']);
    expect(await uais('a-19', '?territory=departement:008')).toEqual(['0080001A']);
    const hw = await table('/api/v1/analytics/datasets/hardware.arrow', 'a-19');
    expect(hw.numRows).toBe(1);
    expect(hw.getChild('cost_eur')!.get(0)).toBe(19_200);
    expect(epochDayToIso(Number(hw.getChild('acquired_on')!.get(0)) / 86_400_000)).toBe('2024-09-01');
  });

  it('gives every analyst the national deployment map, and nothing per établissement beyond their territory', async () => {
    for (const who of ['a-nat', 'a-19', 'a-051']) {
      const states = await table('/api/v1/analytics/datasets/deployment_states.arrow', who);
      expect([...states.getChild('territory_code')!.toArray()].sort(), who).toEqual(['002', '051']);
    }
    const schools = await table('/api/v1/analytics/datasets/etablissements.arrow', 'a-051');
    expect([...schools.getChild('uai')!.toArray()]).toEqual(['0511085C']);
  });

  it('filters by dates', async () => {
    const t = await table(
      '/api/v1/analytics/datasets/usage_daily.arrow?from=2026-03-17&to=2026-03-31',
      'a-nat',
    );
    expect(t.numRows).toBe(3);
    expect([...t.getChild('service')!.toArray()]).toEqual(['absences', 'absences', 'absences']);
  });

  it('answers 404 outside the territory, 403 to other profiles, 401 without session, 400 for bad input', async () => {
    const outside = [
      ['academie:20', 'a-19'],
      ['departement:008', 'a-051'],
      ['uai:0020090M', 'a-19'],
      ['national', 'a-19'],
    ] as const;
    for (const [territory, who] of outside) {
      const res = await get(`/api/v1/analytics/datasets/usage_daily.arrow?territory=${territory}`, who);
      expect(res.status, `${who} asking for ${territory}`).toBe(404);
    }
    expect((await get('/api/v1/analytics/datasets/usage_daily.arrow', 't-1')).status).toBe(403);
    expect((await get('/api/v1/analytics/datasets/usage_daily.arrow')).status).toBe(401);
    const fields = async (path: string) => {
      const res = await get(path, 'a-nat');
      expect(res.status).toBe(400);
      return (await res.json()).errors.map((e: { field: string }) => e.field);
    };
    expect(await fields('/api/v1/analytics/datasets/users.arrow')).toEqual(['params.file']);
    expect(await fields('/api/v1/analytics/datasets/usage_daily.arrow?from=2026-02-30')).toEqual([
      'query.from',
    ]);
    expect(await fields('/api/v1/analytics/datasets/usage_daily.arrow?territory=pays:fr')).toEqual([
      'query.territory',
    ]);
  });
});
