/**
 * Deterministic dataset rows for the indicator tests (both engines load exactly these). Small enough to check by
 * hand where a test asserts a value, varied enough (nulls, several territories, days, profiles) to catch engine
 * differences.
 */
import { DEPLOYMENT_STATES, USAGE_PROFILES, USAGE_SERVICES } from '@preau/core';
import type { Row, Rows } from './engines.js';

/** Small seeded generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SCHOOLS = [
  {
    uai: '0511085C',
    departement: '051',
    academie: '19',
    region: '44',
    name: 'Collège Robert Schuman',
    students: 520,
  },
  {
    uai: '0511327R',
    departement: '051',
    academie: '19',
    region: '44',
    name: 'Collège Terres Rouges',
    students: 410,
  },
  {
    uai: '0511191T',
    departement: '051',
    academie: '19',
    region: '44',
    name: 'Collège Jean-Baptiste Drouet',
    students: 300,
  },
  {
    uai: '0080001A',
    departement: '008',
    academie: '19',
    region: '44',
    name: 'Collège des Ardennes',
    students: 250,
  },
  {
    uai: '0020090M',
    departement: '002',
    academie: '20',
    region: '32',
    name: 'Collège Charlemagne',
    students: 600,
  },
] as const;

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isoDow = (iso: string) => ((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** States of `n` territories matching `counts` (in DEPLOYMENT_STATES order). */
function spread(counts: readonly number[]): string[] {
  return counts.flatMap((c, i) => Array<string>(c).fill(DEPLOYMENT_STATES[i]!));
}

export function fixtureRows(): Rows {
  const rand = prng(42);
  const place = (s: (typeof SCHOOLS)[number]) => ({
    uai: s.uai,
    departement: s.departement,
    academie: s.academie,
  });
  const rows: Required<Rows> = {
    etablissements: SCHOOLS.map((s, i) => ({
      ...place(s),
      region: s.region,
      name: s.name,
      kind: 'college',
      commune: 'Commune',
      students: i === 3 ? null : s.students,
      ent_status: i < 3 ? 'pilot' : 'none',
      ent_status_since: i < 3 ? '2011-09-30' : null,
      latitude: 49 + i / 10,
      longitude: 4 + i / 10,
    })),
    usage_daily: [],
    usage_weekly: [],
    usage_logins: [],
    usage_hourly: [],
    usage_devices: [],
    usage_visitor_days: [],
    usage_imported: [],
    ent_status: SCHOOLS.slice(0, 3).map((s) => ({ ...place(s), status: 'pilot', valid_from: '2011-09-30' })),
    accounts: [],
    deployment_states: [],
    hardware: [],
  };
  const services = USAGE_SERVICES.slice(0, 8);
  for (let d = 0; d < 40; d++) {
    const day = addDays('2025-09-01', d);
    for (const s of SCHOOLS) {
      for (const profile of USAGE_PROFILES) {
        if (rand() < 0.3) continue;
        for (const service of services) {
          if (rand() < 0.5) continue;
          const visits = 1 + Math.floor(rand() * 40);
          rows.usage_daily.push({
            day,
            ...place(s),
            service,
            profile,
            events: visits * 3,
            visits,
            visitors: Math.max(1, visits - 3),
            duration_s: Math.round(rand() * 3000) + 0.5,
          });
        }
        const logins = Math.floor(rand() * 30);
        rows.usage_logins.push({
          day,
          ...place(s),
          profile,
          classe: profile === 'ELEVE' ? (rand() < 0.5 ? '4e B' : '3e A') : null,
          logins,
          visitors: logins,
        });
        for (const hour of [8, 10, 13, 17, 20]) {
          if (rand() < 0.4) continue;
          rows.usage_hourly.push({
            day,
            weekday: isoDow(day),
            hour,
            ...place(s),
            profile,
            events: Math.floor(rand() * 100),
            visits: Math.floor(rand() * 30),
          });
        }
        for (const [device, os, browser] of [
          ['ordinateur', 'Windows', 'Firefox'],
          ['smartphone', 'Android', 'Chrome'],
          ['tablette', 'iOS', 'Safari'],
        ]) {
          if (rand() < 0.5) continue;
          const v = 1 + Math.floor(rand() * 20);
          rows.usage_devices.push({
            day,
            ...place(s),
            profile,
            device: device!,
            os: os!,
            browser: browser!,
            visits: v,
            visitors: v,
          });
        }
        if (d % 7 === 0) {
          rows.usage_imported.push({
            day,
            ...place(s),
            profile,
            service: 'notes',
            accesses: Math.floor(rand() * 50),
          });
        }
        for (let k = 0; k < 4; k++) {
          if (rand() < 0.5) continue;
          rows.usage_visitor_days.push({
            day,
            ...place(s),
            profile,
            visitor: `${s.uai}-${profile}-${Math.floor(rand() * 6)}-${k}`,
            visits: 1 + Math.floor(rand() * 3),
          });
        }
      }
    }
  }
  for (const r of rows.usage_daily) {
    const week = addDays(String(r.day), 1 - isoDow(String(r.day)));
    rows.usage_weekly.push({ ...r, week, day: undefined } as unknown as Row);
  }
  for (const row of rows.usage_weekly) delete row.day;
  for (const s of SCHOOLS) {
    USAGE_PROFILES.forEach((profile, i) => {
      const opened = s.students / (i + 1);
      rows.accounts.push({
        ...place(s),
        profile,
        opened: Math.round(opened),
        activated: Math.round(opened * 0.6),
        as_of: '2025-10-01',
      });
    });
  }
  // Collèges by département: all "en réflexion" in 2008, then the September 2010 figures (27/22/18/22/11).
  const sept2010 = spread([27, 22, 18, 22, 11]);
  for (let i = 0; i < 100; i++) {
    const code = String(i + 1).padStart(3, '0');
    const base = {
      level: 'college',
      territory_kind: 'departement',
      territory_code: code,
      territory_name: `Département ${code}`,
      academie: String(10 + (i % 30)),
    };
    rows.deployment_states.push({ ...base, state: 'reflexion', valid_from: '2008-01-01' });
    rows.deployment_states.push({ ...base, state: sept2010[i]!, valid_from: '2010-09-01' });
  }
  const lycees = spread([7, 11, 7, 4, 1]);
  for (let i = 0; i < 30; i++) {
    const code = String(10 + i);
    rows.deployment_states.push({
      level: 'lycee',
      territory_kind: 'academie',
      territory_code: code,
      territory_name: `Académie ${code}`,
      academie: code,
      state: lycees[i]!,
      valid_from: '2010-09-01',
    });
  }
  // Hardware: hand-checkable lots.
  const lot = (
    s: (typeof SCHOOLS)[number],
    category: string,
    count: number,
    acquired_on: string,
    cost_eur: number,
    funding = 'departement',
  ) => ({
    ...place(s),
    category,
    count,
    acquired_on,
    warranty_end: addDays(acquired_on, 4 * 365),
    cost_eur,
    funding,
  });
  rows.hardware.push(
    lot(SCHOOLS[0], 'fixed_pc', 48, '2021-09-01', 38_400),
    lot(SCHOOLS[0], 'laptop', 12, '2022-01-15', 9_600, 'feder'),
    lot(SCHOOLS[1], 'fixed_pc', 24, '2019-06-01', 19_200),
    lot(SCHOOLS[1], 'video_projector', 10, '2019-06-01', 6_000),
    lot(SCHOOLS[2], 'fixed_pc', 30, '2023-03-01', 24_000),
    lot(SCHOOLS[4], 'laptop', 20, '2021-11-01', 16_000, 'region'),
  );
  return rows;
}
