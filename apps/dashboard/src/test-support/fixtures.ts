/**
 * Arrow IPC fixtures with the contract's schemas (@preau/analytics datasets.ts), for the dashboard's browser
 * tests: the deployment history reproducing the Ministry's September 2010 counts, a few établissements with
 * hardware, and a small usage rollup.
 */
import { DATASETS, type DatasetName, datasetTable, encodeIpc, isoToEpochDay } from '@preau/analytics';
import { DEPLOYMENT_STATES } from '@preau/core';
import type { FranceMap } from '../geo/geo.js';

/** September 2010, collèges by département: ≥50 %, <50 %, expérimentation, étude, réflexion. */
export const COLLEGES_2010 = [27, 22, 18, 22, 11];
/** September 2010, lycées by académie. */
export const LYCEES_2010 = [7, 11, 7, 4, 1];

function spread(counts: number[], codes: string[]): string[] {
  const out: string[] = [];
  counts.forEach((n, i) => {
    for (let k = 0; k < n; k++) out.push(DEPLOYMENT_STATES[i]!);
  });
  if (out.length !== codes.length)
    throw new Error(`fixture: ${out.length} states for ${codes.length} territories`);
  return out;
}

/** Deployment history: everything "réflexion" in 2008, the 2010 counts from 2010-09-01. */
export function deploymentIpc(france: FranceMap): Uint8Array {
  // 100 départements in 2010: Mayotte (976) became one in 2011.
  const deps = france.departements.map((f) => f.properties.code).filter((c) => c !== '976');
  // 30 lycée territories: the 30 académies on the map.
  const acas = france.academies.map((f) => f.properties.code);
  const rows: {
    level: string;
    kind: string;
    code: string;
    name: string;
    aca: string | null;
    state: string;
    from: string;
  }[] = [];
  const colleges = spread(COLLEGES_2010, deps);
  deps.forEach((code, i) => {
    const name = france.departementName.get(code)!;
    const aca = france.academieOf.get(code)!;
    rows.push({
      level: 'college',
      kind: 'departement',
      code,
      name,
      aca,
      state: 'reflexion',
      from: '2008-09-01',
    });
    rows.push({
      level: 'college',
      kind: 'departement',
      code,
      name,
      aca,
      state: colleges[i]!,
      from: '2010-09-01',
    });
  });
  const lycees = spread(LYCEES_2010, acas);
  acas.forEach((code, i) => {
    const name = france.academieName.get(code)!;
    rows.push({
      level: 'lycee',
      kind: 'academie',
      code,
      name,
      aca: code,
      state: 'reflexion',
      from: '2008-09-01',
    });
    rows.push({
      level: 'lycee',
      kind: 'academie',
      code,
      name,
      aca: code,
      state: lycees[i]!,
      from: '2010-09-01',
    });
  });
  return ipc('deployment_states', {
    level: rows.map((r) => r.level),
    territory_kind: rows.map((r) => r.kind),
    territory_code: rows.map((r) => r.code),
    territory_name: rows.map((r) => r.name),
    academie: rows.map((r) => r.aca),
    state: rows.map((r) => r.state),
    valid_from: rows.map((r) => isoToEpochDay(r.from)),
  });
}

export const SCHOOLS = [
  {
    uai: '0511327R',
    name: 'Collège Terres Rouges',
    commune: 'Épernay',
    dep: '051',
    students: 500,
    status: 'pilot',
  },
  {
    uai: '0511085C',
    name: 'Collège Robert Schuman',
    commune: 'Reims',
    dep: '051',
    students: 600,
    status: 'pilot',
  },
  {
    uai: '0511191T',
    name: 'Collège J.-B. Drouet',
    commune: 'Sainte-Menehould',
    dep: '051',
    students: 300,
    status: 'pilot',
  },
  { uai: '0510012A', name: 'Collège A', commune: 'Châlons', dep: '051', students: 400, status: 'study' },
  { uai: '0510013B', name: 'Collège B', commune: 'Vitry', dep: '051', students: 450, status: 'study' },
  { uai: '0510014C', name: 'Collège C', commune: 'Reims', dep: '051', students: 350, status: 'study' },
  { uai: '0080001D', name: 'Collège D', commune: 'Sedan', dep: '008', students: 420, status: 'generalised' },
  // Without an ENT project (e.g. a private collège): no comparison for a pilot.
  { uai: '0510015E', name: 'Collège privé E', commune: 'Reims', dep: '051', students: 300, status: 'none' },
].map((s) => ({ ...s, aca: '19' }));

export function etablissementsIpc(): Uint8Array {
  const s = SCHOOLS;
  return ipc('etablissements', {
    uai: s.map((x) => x.uai),
    departement: s.map((x) => x.dep),
    academie: s.map((x) => x.aca),
    region: s.map(() => '44'),
    name: s.map((x) => x.name),
    kind: s.map(() => 'college'),
    commune: s.map((x) => x.commune),
    students: s.map((x) => x.students),
    ent_status: s.map((x) => x.status),
    ent_status_since: s.map((x) => isoToEpochDay(x.status === 'pilot' ? '2025-11-03' : '2020-09-01')),
    latitude: s.map(() => 49),
    longitude: s.map(() => 4),
  });
}

/** Weekly visits from 2025-09-01 for 20 weeks; pilots get +30 visits a week from 2025-11-03 on. */
export function usageWeeklyIpc(): Uint8Array {
  const cols: Record<string, (string | number)[]> = {};
  for (const k of [
    'week',
    'uai',
    'departement',
    'academie',
    'service',
    'profile',
    'events',
    'visits',
    'visitors',
    'duration_s',
  ])
    cols[k] = [];
  const start = isoToEpochDay('2025-09-01');
  const pilotStart = isoToEpochDay('2025-11-03');
  SCHOOLS.forEach((s, i) => {
    for (let w = 0; w < 20; w++) {
      const week = start + 7 * w;
      const visits = 100 + 10 * i + (w % 3) + (s.status === 'pilot' && week >= pilotStart ? 30 : 0);
      const row = [
        week,
        s.uai,
        s.dep,
        s.aca,
        'notes',
        'ELEVE',
        visits * 3,
        visits,
        Math.round(visits / 2),
        visits * 600,
      ];
      Object.keys(cols).forEach((k, j) => {
        cols[k]!.push(row[j]!);
      });
    }
  });
  return ipc('usage_weekly', cols);
}

export function hardwareIpc(): Uint8Array {
  const lots = [
    { uai: '0511327R', cat: 'fixed_pc', n: 40, on: '2022-09-01', cost: 32000, funding: 'departement' },
    { uai: '0511327R', cat: 'laptop', n: 10, on: '2023-09-01', cost: 9000, funding: 'feder' },
    { uai: '0511085C', cat: 'fixed_pc', n: 60, on: '2021-09-01', cost: 48000, funding: 'departement' },
    {
      uai: '0511085C',
      cat: 'video_projector',
      n: 12,
      on: '2021-09-01',
      cost: 6000.5,
      funding: 'departement',
    },
  ];
  return ipc('hardware', {
    uai: lots.map((l) => l.uai),
    departement: lots.map(() => '051'),
    academie: lots.map(() => '19'),
    category: lots.map((l) => l.cat),
    count: lots.map((l) => l.n),
    acquired_on: lots.map((l) => isoToEpochDay(l.on)),
    warranty_end: lots.map((l) => isoToEpochDay(l.on) + 4 * 365),
    cost_eur: lots.map((l) => l.cost),
    funding: lots.map((l) => l.funding),
  });
}

function ipc(name: DatasetName, columns: Record<string, (string | number | null)[]>): Uint8Array {
  return encodeIpc(datasetTable(name, columns));
}

/** DuckDB-wasm files as web-test-runner serves them. */
export const TEST_ENGINE_BASE = '/node_modules/@duckdb/duckdb-wasm/dist/';
export const TEST_GEO_URL = '/apps/dashboard/src/geo/france.topojson';

/** A week of usage in one collège: daily rollup, hours, devices, visitors, accounts. */
export function usageWeekIpcs(): Partial<Record<DatasetName, Uint8Array>> {
  const days = ['2025-09-08', '2025-09-09', '2025-09-10', '2025-09-11', '2025-09-12'].map(isoToEpochDay);
  const place = (n: number) => ({
    uai: Array(n).fill('0511085C'),
    departement: Array(n).fill('051'),
    academie: Array(n).fill('19'),
  });
  const services = ['notes', 'cahier_textes', 'absences'];
  const daily = days.flatMap((day) => services.map((service, i) => ({ day, service, visits: 30 - 10 * i })));
  const hourly = days.flatMap((day, d) =>
    [8, 18].map((hour) => ({ day, weekday: d + 1, hour, visits: hour === 18 ? 40 : 10 })),
  );
  return {
    usage_daily: ipc('usage_daily', {
      day: daily.map((r) => r.day),
      ...place(daily.length),
      service: daily.map((r) => r.service),
      profile: daily.map(() => 'ELEVE'),
      events: daily.map((r) => r.visits * 3),
      visits: daily.map((r) => r.visits),
      visitors: daily.map((r) => r.visits),
      duration_s: daily.map((r) => r.visits * 300),
    }),
    usage_hourly: ipc('usage_hourly', {
      day: hourly.map((r) => r.day),
      weekday: hourly.map((r) => r.weekday),
      hour: hourly.map((r) => r.hour),
      ...place(hourly.length),
      profile: hourly.map(() => 'ELEVE'),
      events: hourly.map((r) => r.visits * 3),
      visits: hourly.map((r) => r.visits),
    }),
    usage_devices: ipc('usage_devices', {
      day: [days[0]!, days[0]!],
      ...place(2),
      profile: ['ELEVE', 'PARENT'],
      device: ['smartphone', 'ordinateur'],
      os: ['Android', 'Windows'],
      browser: ['Chrome', 'Firefox'],
      visits: [75, 25],
      visitors: [60, 20],
    }),
    usage_visitor_days: ipc('usage_visitor_days', {
      day: [days[0]!, days[1]!, days[1]!],
      ...place(3),
      profile: ['ELEVE', 'ELEVE', 'PARENT'],
      visitor: ['a', 'a', 'b'],
      visits: [1, 2, 1],
    }),
    accounts: ipc('accounts', {
      ...place(2),
      profile: ['ELEVE', 'PARENT'],
      opened: [600, 900],
      activated: [540, 450],
      as_of: [days[4]!, days[4]!],
    }),
  };
}

/** ENT project history: the three pilots from 1 March 2025, the collèges with a project generalised 1 July 2025. */
export function entStatusIpc(): Uint8Array {
  const s = SCHOOLS.filter((x) => x.status !== 'none');
  return ipc('ent_status', {
    uai: s.map((x) => x.uai),
    departement: s.map((x) => x.dep),
    academie: s.map((x) => x.aca),
    status: s.map((x) => (x.status === 'pilot' ? 'pilot' : 'generalised')),
    valid_from: s.map((x) => isoToEpochDay(x.status === 'pilot' ? '2025-03-01' : '2025-07-01')),
  });
}

/** A dataset without rows (what the API sends for a territory without data). */
export function emptyIpc(name: DatasetName): Uint8Array {
  return ipc(name, Object.fromEntries(DATASETS[name].columns.map((c) => [c.name, []])));
}
