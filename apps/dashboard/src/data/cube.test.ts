import { datasetTable, encodeIpc, isoToEpochDay } from '@preau/analytics';
import { expect } from '@open-wc/testing';
import { TEST_ENGINE_BASE } from '../test-support/fixtures.js';
import { devices, heatmap, topServices, weeklyServices, weeklyVisits } from '../views/usage-queries.js';
import { Api } from './api.js';
import type { Row } from './db.js';
import { Store } from './store.js';

/* Four weeks of daily rows over 2 établissements (two départements), 5 profiles and 8 services, values from a
   fixed formula; hourly and device rows likewise. */
const SERVICES = ['notes', 'cahier_textes', 'absences', 'accueil', 'courrier_electronique', 'gestion_temps', 'actualites', 'manuel_numerique'];
const PROFILES = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'ADMIN_VIE_SCOL_TECH', 'AUTRE'];
const PLACES = [
  ['0511085C', '051'],
  ['0080001A', '008'],
] as const;
function fixture() {
  const daily: Record<string, (string | number)[]> = {};
  const hourly: Record<string, (string | number)[]> = {};
  const devs: Record<string, (string | number)[]> = {};
  const push = (t: Record<string, (string | number)[]>, row: Record<string, string | number>) => {
    for (const [k, v] of Object.entries(row)) (t[k] ??= []).push(v);
  };
  for (let d = 0; d < 28; d++) {
    const day = isoToEpochDay('2025-09-01') + d;
    PLACES.forEach(([uai, departement], u) => {
      PROFILES.forEach((profile, p) => {
        const place = { uai, departement, academie: '19' };
        SERVICES.forEach((service, s) => {
          const visits = ((d * 7 + u * 5 + p * 3 + s * 11) % 17) + (s === 0 ? 20 : 0);
          push(daily, { day, ...place, service, profile, events: visits * 3, visits, visitors: visits, duration_s: visits * 61.5 });
        });
        for (const hour of [8, 13, 18])
          push(hourly, { day, weekday: (d % 7) + 1, hour, ...place, profile, events: 3, visits: (d + hour + p) % 5 });
        for (const [k, device] of ['smartphone', 'ordinateur', 'tablette'].entries())
          push(devs, { day, ...place, profile, device, os: 'Android', browser: 'Chrome', visits: (d + k * 4 + p) % 9, visitors: 1 });
      });
    });
  }
  return {
    usage_daily: encodeIpc(datasetTable('usage_daily', daily)),
    usage_hourly: encodeIpc(datasetTable('usage_hourly', hourly)),
    usage_devices: encodeIpc(datasetTable('usage_devices', devs)),
  };
}

async function storeOf(cubeMaxRows?: number) {
  const store = new Store(new Api('/nowhere'), TEST_ENGINE_BASE);
  if (cubeMaxRows !== undefined) store.cubeMaxRows = cubeMaxRows;
  for (const [name, bytes] of Object.entries(fixture())) await store.loadBytes(name as never, bytes);
  return store;
}
const rounded = (rows: Row[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v])));

// Two engines: one answering from the page's cube, one (cube size limit 0) from the engine over the same table.
const [cube, engine] = await Promise.all([storeOf(), storeOf(0)]);

describe('pre-aggregates answered in the page', () => {
  it('give the same rows as the engine over the pre-aggregate and over the filtered rollup, for every filter', async function () {
    this.timeout(60_000);
    const specs = [weeklyVisits, weeklyServices, topServices, heatmap, devices].map((f) => f('2025-09-03', '2025-09-24'));
    const filters = [
      { territory: null, profile: null, service: null },
      { territory: null, profile: 'PARENT', service: null },
      { territory: null, profile: null, service: 'absences' },
      { territory: 'departement:008', profile: 'ELEVE', service: 'notes' },
      { territory: null, profile: null, service: 'visioconference' },
    ];
    for (const f of filters) {
      await cube.setFilters(f as never);
      await engine.setFilters(f as never);
      for (const spec of specs) {
        const a = rounded(await cube.aggregate(spec));
        expect(a, `${spec.dataset} ${JSON.stringify(spec.groupBy)} ${JSON.stringify(f)}`).to.deep.equal(
          rounded(await engine.aggregate(spec)),
        );
        if (f.service === 'visioconference' && spec.dataset === 'usage_daily') expect(a).to.deep.equal([]);
      }
      // The top services, straight from the filtered rollup.
      const direct = await cube.query(
        `SELECT service, CAST(sum(visits) AS DOUBLE) AS visits, CAST(sum(events) AS DOUBLE) AS events,
           sum(duration_s) AS duration_s FROM usage_daily WHERE day BETWEEN DATE '2025-09-03' AND DATE '2025-09-24'
           GROUP BY service ORDER BY visits DESC, service LIMIT 10`,
        ['usage_daily'],
      );
      expect(rounded(await cube.aggregate(specs[2]!))).to.deep.equal(rounded(direct));
    }
    const weekly = await cube.aggregate(specs[1]!);
    expect(new Set(weekly.map((r) => r.service)).size).to.be.at.most(5);
    await Promise.all([cube.close(), engine.close()]);
  });
});
