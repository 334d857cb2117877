import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { localFileStore } from '../../src/files/store.js';
import { freshDb } from '../support/db.js';

/** The tests' one clock: the sessions and the usage service's retention read it. */
const clock = fixedClock('2026-11-19T09:00:00Z');
let db: Db;
let dataDir: string;
let app: ReturnType<typeof createApp>;
const session: Record<string, { cookie: string; csrf: string }> = {};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-hardware-'));
  db = await freshDb();
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims'), ('20', 'Amiens');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est'), ('002', 'Aisne', '20', '32', 'Hauts-de-France');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES
      ('0511085C', 'Collège Robert Schuman', 'college', 'public', 'Reims', '051'),
      ('0020090M', 'Collège Charlemagne', 'college', 'public', 'Laon', '002');
    INSERT INTO users (id, login, first_name, last_name, profile, scope_kind, scope_code, must_change_password) VALUES
      ('a-02', 'aisne', 'A', 'A', 'analyst', 'departement', '002', false);
    INSERT INTO users (id, login, first_name, last_name, profile, functions, uai, must_change_password) VALUES
      ('d-1', 'principal', 'P', 'D', 'direction', '{principal}', '0511085C', false),
      ('t-1', 'prof', 'P', 'T', 'teacher', '{}', '0511085C', false);
  `);
  app = createApp({ db, config: { ...loadConfig({}), dataDir }, files: localFileStore(dataDir), clock });
  for (const id of ['a-02', 'd-1', 't-1']) {
    const s = await createSession(db, id, clock(), 3600);
    session[id] = { cookie: `preau_session=${s.token}`, csrf: s.csrfToken };
  }
});
afterAll(async () => {
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

function call(method: string, path: string, who: string, body?: unknown, type = 'application/json') {
  return app.request(path, {
    method,
    headers: {
      cookie: session[who]!.cookie,
      'x-csrf-token': session[who]!.csrf,
      origin: 'http://localhost:8787',
      'content-type': type,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const lot = {
  category: 'fixed_pc',
  count: 24,
  acquiredOn: '2024-09-01',
  warrantyEnd: '2028-09-01',
  costCents: 1_920_000,
  funding: 'departement',
};

describe('hardware of an établissement', () => {
  it('lets the direction create, read, update and delete its own lots', async () => {
    const created = await call('POST', '/api/v1/etablissements/0511085C/hardware', 'd-1', lot);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const updated = await call('PUT', `/api/v1/hardware/${id}`, 'd-1', { ...lot, count: 30 });
    expect((await updated.json()).count).toBe(30);
    const list = await (await call('GET', '/api/v1/etablissements/0511085C/hardware', 'd-1')).json();
    expect(list).toEqual([{ id, uai: '0511085C', ...lot, count: 30, note: null }]);
    expect((await call('DELETE', `/api/v1/hardware/${id}`, 'd-1')).status).toBe(204);
    expect(await (await call('GET', '/api/v1/etablissements/0511085C/hardware', 'd-1')).json()).toEqual([]);
  });

  it('refuses bad lots by field, other établissements (404) and other profiles (403)', async () => {
    const bad = await call('POST', '/api/v1/etablissements/0511085C/hardware', 'd-1', {
      ...lot,
      category: 'tablet',
      warrantyEnd: '2020-01-01',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toContain('body.category');
    expect((await call('GET', '/api/v1/etablissements/0020090M/hardware', 'd-1')).status).toBe(404);
    expect((await call('GET', '/api/v1/etablissements/0511085C/hardware', 'a-02')).status).toBe(404);
    expect((await call('GET', '/api/v1/etablissements/0511085C/hardware', 't-1')).status).toBe(403);
  });

  it('answers malformed JSON, missing fields, wrong types and unknown ids with named problems, writing nothing', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hardware_assets');
    const malformed = await call('POST', '/api/v1/etablissements/0511085C/hardware', 'd-1', '{"category": ');
    expect(malformed.status).toBe(400);
    const missing = await call('POST', '/api/v1/etablissements/0511085C/hardware', 'd-1', {
      category: 'laptop',
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.count', 'body.acquiredOn', 'body.costCents', 'body.funding']),
    );
    const wrongType = await call('POST', '/api/v1/etablissements/0511085C/hardware', 'd-1', {
      ...lot,
      count: '24',
    });
    expect((await wrongType.json()).errors.map((e: { field: string }) => e.field)).toEqual(['body.count']);
    expect((await call('PUT', '/api/v1/hardware/hw_inconnu', 'd-1', lot)).status).toBe(404);
    expect((await call('DELETE', '/api/v1/hardware/hw_inconnu', 'd-1')).status).toBe(404);
    expect((await call('GET', '/api/v1/etablissements/0511085X/hardware', 'd-1')).status).toBe(400);
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hardware_assets');
    expect(after).toEqual(before);
  });

  it('imports a CSV inventory: preview reports per-row errors, apply writes all or nothing', async () => {
    const csv = [
      'uai;categorie;nombre;date_acquisition;fin_garantie;cout_ttc;financement',
      '0020090M;PC fixe;48;01/09/2021;01/09/2025;38 400,00;Département',
      '0020090M;TBI;3;2022-01-15;;10500;FEDER',
      '0020090M;tablette;3;2022-01-15;;10500;FEDER',
      '0511085C;serveur;1;2022-01-15;;3000;région',
      '0020090M;portable;x;31/02/2022;;12,345;mécène',
    ].join('\n');
    const preview = await call('POST', '/api/v1/hardware/import?mode=preview', 'a-02', csv, 'text/csv');
    expect(preview.status).toBe(200);
    const report = await preview.json();
    expect(report).toMatchObject({ applied: false, rows: 5, valid: 2, units: 51, costCents: 4_890_000 });
    expect(report.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.line4.categorie',
      'body.line6.nombre',
      'body.line6.date_acquisition',
      'body.line6.cout_ttc',
      'body.line6.financement',
      'body.line5.uai',
    ]);
    const refused = await call('POST', '/api/v1/hardware/import?mode=apply', 'a-02', csv, 'text/csv');
    expect(refused.status).toBe(400);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hardware_assets');
    expect(n).toBe(0);
    const good = csv.split('\n').slice(0, 3).join('\n');
    const applied = await call('POST', '/api/v1/hardware/import?mode=apply', 'a-02', good, 'text/csv');
    expect(applied.status).toBe(200);
    expect((await applied.json()).applied).toBe(true);
    const rows = await db.query<{ category: string; cost_cents: string; funding: string }>(
      'SELECT category, cost_cents::text, funding FROM hardware_assets ORDER BY category',
    );
    expect(rows).toEqual([
      { category: 'fixed_pc', cost_cents: '3840000', funding: 'departement' },
      { category: 'interactive_whiteboard', cost_cents: '1050000', funding: 'feder' },
    ]);
  });
});

describe('ENT project status, accounts and deployment', () => {
  it('keeps a dated status history and account counts', async () => {
    expect(
      (
        await call('POST', '/api/v1/etablissements/0511085C/ent/status', 'd-1', {
          validFrom: '2011-09-30',
          status: 'pilot',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/api/v1/etablissements/0511085C/ent/status', 'd-1', {
          validFrom: '2012-09-03',
          status: 'generalised',
        })
      ).status,
    ).toBe(201);
    const accounts = [{ profile: 'ELEVE', asOf: '2026-11-01', opened: 500, activated: 430 }];
    expect((await call('PUT', '/api/v1/etablissements/0511085C/ent/accounts', 'd-1', accounts)).status).toBe(
      200,
    );
    const bad = await call('PUT', '/api/v1/etablissements/0511085C/ent/accounts', 'd-1', [
      { ...accounts[0], activated: 501 },
    ]);
    expect(bad.status).toBe(400);
    const ent = await (await call('GET', '/api/v1/etablissements/0511085C/ent', 'd-1')).json();
    expect(ent.history.map((h: { status: string }) => h.status)).toEqual(['pilot', 'generalised']);
    expect(ent.accounts).toEqual(accounts);
  });

  it('dates deployment states of territories inside the analyst’s own, and reads them at a date', async () => {
    const post = (territoryCode: string, state: string, validFrom: string) =>
      call('POST', '/api/v1/deployment', 'a-02', {
        level: 'college',
        territoryKind: 'departement',
        territoryCode,
        state,
        validFrom,
      });
    expect((await post('002', 'experimentation', '2008-09-01')).status).toBe(201);
    expect((await post('002', 'generalisation_50_plus', '2010-09-01')).status).toBe(201);
    expect((await post('051', 'experimentation', '2011-09-30')).status).toBe(404);
    const at = async (asOf: string) =>
      (await (await call('GET', `/api/v1/deployment?asOf=${asOf}`, 'a-02')).json()).map(
        (r: { state: string }) => r.state,
      );
    expect(await at('2009-06-01')).toEqual(['experimentation']);
    expect(await at('2010-09-30')).toEqual(['generalisation_50_plus']);
    expect((await call('GET', '/api/v1/deployment', 'd-1')).status).toBe(403);
  });
});
