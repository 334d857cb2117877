/**
 * Synthetic usage events written straight into the event store by SQL inside DuckDB (no JS loop per event):
 * - `generateDemoUsage`: a year of realistic rhythms for a set of établissements (school days, weekends and
 *   holidays, hours by profile, services by profile, devices, classes), each from the day its ENT opens;
 * - `generateBenchEvents`: exactly N events spread over établissements and days, for benchmarks (10 M, 100 M).
 * Deterministic: every draw is a hash of the seed and the row's keys.
 */
import { USAGE_SERVICES } from '@preau/core';
import { DuckDbEventStore, type EventStore, type StoredEvent } from './store.js';

export interface DemoSchool {
  uai: string;
  students: number;
  /** First day of ENT use (ISO); adoption ramps up over the following six weeks. */
  startsOn: string;
  /** Usage intensity multiplier (pilots are more mature: 1.3). */
  intensity?: number;
}

export interface DemoDay {
  /** ISO date. */
  day: string;
  /** Share of a class day's activity: 1 on class days, lower on Wednesday afternoons, weekends, holidays. */
  factor: number;
}

export interface DemoUsageOptions {
  schools: readonly DemoSchool[];
  days: readonly DemoDay[];
  seed: number;
  /** Visits per student per class day, all profiles together (default 0.3). */
  visitRate?: number;
}

/* Visits split between profiles, accounts per student, and profile-specific service weights. */
const PROFILES = [
  { profile: 'ELEVE', share: 0.5, accountsPerStudent: 1 },
  { profile: 'PARENT', share: 0.28, accountsPerStudent: 1.5 },
  { profile: 'ENSEIGNANT', share: 0.17, accountsPerStudent: 1 / 12 },
  { profile: 'ADMIN_VIE_SCOL_TECH', share: 0.04, accountsPerStudent: 1 / 40 },
  { profile: 'AUTRE', share: 0.01, accountsPerStudent: 1 / 100 },
] as const;

const SERVICE_WEIGHTS: Record<string, Partial<Record<(typeof USAGE_SERVICES)[number], number>>> = {
  ELEVE: {
    accueil: 10,
    cahier_textes: 25,
    notes: 18,
    messagerie_instantanee: 6,
    courrier_electronique: 5,
    stockage_partage: 4,
    ressource_multimedia: 6,
    manuel_numerique: 8,
    parcours_pedagogique: 4,
    documentation_cdi: 3,
    gestion_temps: 6,
    ressource_accompagnement_entrainement: 5,
  },
  PARENT: {
    accueil: 10,
    notes: 30,
    absences: 15,
    cahier_textes: 15,
    cahier_liaison: 8,
    courrier_electronique: 8,
    actualites: 6,
    gestion_temps: 8,
  },
  ENSEIGNANT: {
    accueil: 8,
    cahier_textes: 25,
    notes: 20,
    absences: 15,
    courrier_electronique: 10,
    gestion_competences: 6,
    stockage_partage: 6,
    production_collaborative: 4,
    visioconference: 2,
    reservation_salles_materiels: 4,
  },
  ADMIN_VIE_SCOL_TECH: {
    accueil: 10,
    absences: 30,
    services_vie_scolaire: 25,
    courrier_electronique: 15,
    gestion_temps: 10,
    actualites: 5,
    reservation_salles_materiels: 5,
  },
  AUTRE: { accueil: 40, actualites: 30, documentation_cdi: 30 },
};
/* Local hour weights per profile (0–23). */
const HOURS: Record<string, number[]> = {
  ELEVE: [0, 0, 0, 0, 0, 0, 1, 4, 8, 6, 6, 7, 9, 8, 6, 6, 9, 14, 16, 15, 12, 8, 3, 1],
  PARENT: [0, 0, 0, 0, 0, 0, 2, 6, 5, 3, 3, 3, 6, 5, 3, 3, 4, 7, 12, 16, 18, 14, 7, 2],
  ENSEIGNANT: [0, 0, 0, 0, 0, 0, 2, 9, 10, 8, 8, 8, 10, 8, 8, 8, 9, 10, 9, 8, 8, 7, 4, 1],
  ADMIN_VIE_SCOL_TECH: [0, 0, 0, 0, 0, 0, 1, 10, 14, 12, 11, 9, 6, 8, 10, 10, 8, 4, 2, 1, 0, 0, 0, 0],
  AUTRE: [0, 0, 0, 0, 0, 0, 0, 5, 10, 10, 10, 10, 5, 10, 10, 10, 10, 5, 3, 2, 0, 0, 0, 0],
};
/* Device, OS, browser combinations per profile, with weights. */
const DEVICES: Record<string, [string, string, string, number][]> = {
  ELEVE: [
    ['smartphone', 'Android', 'Chrome', 34],
    ['smartphone', 'iOS', 'Safari', 22],
    ['ordinateur', 'Windows', 'Chrome', 18],
    ['ordinateur', 'Windows', 'Edge', 6],
    ['ordinateur', 'ChromeOS', 'Chrome', 5],
    ['tablette', 'iOS', 'Safari', 6],
    ['tablette', 'Android', 'Chrome', 4],
    ['ordinateur', 'macOS', 'Safari', 2],
    ['ordinateur', 'Linux', 'Firefox', 1],
    ['autre', 'autre', 'autre', 2],
  ],
  PARENT: [
    ['smartphone', 'Android', 'Chrome', 30],
    ['smartphone', 'iOS', 'Safari', 28],
    ['ordinateur', 'Windows', 'Chrome', 16],
    ['ordinateur', 'Windows', 'Edge', 8],
    ['ordinateur', 'Windows', 'Firefox', 4],
    ['ordinateur', 'macOS', 'Safari', 5],
    ['tablette', 'iOS', 'Safari', 6],
    ['tablette', 'Android', 'Samsung Internet', 2],
    ['autre', 'autre', 'autre', 1],
  ],
  ENSEIGNANT: [
    ['ordinateur', 'Windows', 'Firefox', 30],
    ['ordinateur', 'Windows', 'Chrome', 25],
    ['ordinateur', 'macOS', 'Safari', 8],
    ['ordinateur', 'Linux', 'Firefox', 5],
    ['smartphone', 'Android', 'Chrome', 12],
    ['smartphone', 'iOS', 'Safari', 10],
    ['tablette', 'iOS', 'Safari', 8],
    ['autre', 'autre', 'autre', 2],
  ],
  ADMIN_VIE_SCOL_TECH: [
    ['ordinateur', 'Windows', 'Firefox', 45],
    ['ordinateur', 'Windows', 'Chrome', 35],
    ['ordinateur', 'Windows', 'Edge', 12],
    ['smartphone', 'Android', 'Chrome', 5],
    ['autre', 'autre', 'autre', 3],
  ],
  AUTRE: [
    ['ordinateur', 'Windows', 'Chrome', 60],
    ['smartphone', 'Android', 'Chrome', 40],
  ],
};

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A cumulative-weight lookup table as a VALUES list: (key, item columns…, lo, hi) in [0, 1). */
function cumulative(rows: { key: string; cols: (string | number)[]; w: number }[]): string {
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const out: string[] = [];
  for (const [key, list] of byKey) {
    const total = list.reduce((s, r) => s + r.w, 0);
    let acc = 0;
    for (const r of list) {
      const lo = acc / total;
      acc += r.w;
      const hi = acc / total;
      out.push(
        `(${q(key)}, ${r.cols.map((c) => (typeof c === 'number' ? c : q(c))).join(', ')}, ${lo}, ${hi})`,
      );
    }
  }
  return out.join(', ');
}

/** A uniform draw in [0, 1) from the seed and keys (DuckDB's hash: deterministic for a given DuckDB version). */
const draw = (seed: number, ...keys: string[]) => `(hash(${seed}, ${keys.join(', ')}) % 1000003) / 1000003.0`;

/** Europe/Paris offset in hours of a local day (summer time from the last Sunday of March to that of October). */
const PARIS_OFFSET = (day: string) =>
  `(CASE WHEN ${day} >= (make_date(year(${day}), 3, 31) - CAST(isodow(make_date(year(${day}), 3, 31)) % 7 AS INTEGER)) ` +
  `AND ${day} < (make_date(year(${day}), 10, 31) - CAST(isodow(make_date(year(${day}), 10, 31)) % 7 AS INTEGER)) THEN 2 ELSE 1 END)`;

/**
 * Generates demo usage into the store; returns the number of events written. Another engine than DuckDB receives
 * the events generated in a scratch DuckDB, through its ordinary appends.
 */
export async function generateDemoUsage(store: EventStore, options: DemoUsageOptions): Promise<number> {
  if (store instanceof DuckDbEventStore) return generateDemoUsageInto(store, options);
  const scratch = await DuckDbEventStore.open(':memory:');
  try {
    const n = await generateDemoUsageInto(scratch, options);
    await copyEvents(scratch, store);
    return n;
  } finally {
    await scratch.close();
  }
}

/** Appends every event of a DuckDB store to another store, in day order, 200,000 at a time. */
export async function copyEvents(from: DuckDbEventStore, to: EventStore, batch = 200_000): Promise<number> {
  let copied = 0;
  for (let offset = 0; ; offset += batch) {
    const rows = await from.query(
      `SELECT epoch_ms(time) AS t, CAST(day - DATE '1970-01-01' AS INTEGER) AS d, CAST(hour AS INTEGER) AS h, *
         EXCLUDE (time, day, hour, seq) FROM events ORDER BY day, uai, visit_id, time LIMIT ${batch} OFFSET ${offset}`,
    );
    if (rows.length === 0) return copied;
    await to.append(
      rows.map(
        (r): StoredEvent => ({
          timeMs: Number(r.t),
          day: Number(r.d),
          hour: Number(r.h),
          uai: String(r.uai),
          service: String(r.service),
          type: String(r.type),
          tool: (r.tool as string | null) ?? null,
          profile: String(r.profile),
          action: String(r.action),
          visitId: String(r.visit_id),
          visitor: String(r.visitor),
          device: String(r.device),
          os: String(r.os),
          browser: String(r.browser),
          classe: (r.classe as string | null) ?? null,
        }),
      ),
    );
    copied += rows.length;
  }
}

async function generateDemoUsageInto(store: DuckDbEventStore, options: DemoUsageOptions): Promise<number> {
  const { schools, days, seed } = options;
  if (schools.length === 0 || days.length === 0) return 0;
  const visitRate = options.visitRate ?? 0.3;
  const seq = store.nextSeq();
  const schoolRows = schools
    .map((s) => `(${q(s.uai)}, ${Math.max(50, s.students)}, DATE ${q(s.startsOn)}, ${s.intensity ?? 1})`)
    .join(', ');
  const dayRows = days.map((d) => `(DATE ${q(d.day)}, ${d.factor})`).join(', ');
  const profileRows = PROFILES.map((p) => `(${q(p.profile)}, ${p.share}, ${p.accountsPerStudent})`).join(
    ', ',
  );
  const services = cumulative(
    Object.entries(SERVICE_WEIGHTS).flatMap(([key, ws]) =>
      Object.entries(ws).map(([service, w]) => ({ key, cols: [service], w: w! })),
    ),
  );
  const hours = cumulative(
    Object.entries(HOURS).flatMap(([key, ws]) =>
      ws.map((w, hour) => ({ key, cols: [hour], w })).filter((r) => r.w > 0),
    ),
  );
  const devices = cumulative(
    Object.entries(DEVICES).flatMap(([key, list]) =>
      list.map(([device, os, browser, w]) => ({ key, cols: [device, os, browser], w })),
    ),
  );
  return store.exclusive(async (conn) => {
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE g_schools (uai VARCHAR, students INTEGER, starts_on DATE, intensity DOUBLE);
      INSERT INTO g_schools VALUES ${schoolRows};
      CREATE OR REPLACE TEMP TABLE g_days (day DATE, factor DOUBLE);
      INSERT INTO g_days VALUES ${dayRows};
      CREATE OR REPLACE TEMP TABLE g_profiles (profile VARCHAR, share DOUBLE, per_student DOUBLE);
      INSERT INTO g_profiles VALUES ${profileRows};
      CREATE OR REPLACE TEMP TABLE g_services (profile VARCHAR, service VARCHAR, lo DOUBLE, hi DOUBLE);
      INSERT INTO g_services VALUES ${services};
      CREATE OR REPLACE TEMP TABLE g_hours (profile VARCHAR, hour INTEGER, lo DOUBLE, hi DOUBLE);
      INSERT INTO g_hours VALUES ${hours};
      CREATE OR REPLACE TEMP TABLE g_devices (profile VARCHAR, device VARCHAR, os VARCHAR, browser VARCHAR, lo DOUBLE, hi DOUBLE);
      INSERT INTO g_devices VALUES ${devices};
    `);
    // Visits of each school, day and profile: students × rate × share × day factor × adoption ramp.
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE g_visits AS
      WITH counts AS (
        SELECT s.uai, d.day, p.profile, greatest(1, CAST(s.students * p.per_student AS INTEGER)) AS accounts,
          CAST(round(s.students * ${visitRate} * p.share * d.factor * s.intensity
            * least(1.0, 0.15 + (d.day - s.starts_on) / 42.0 * 0.85)
            * (0.85 + 0.3 * ${draw(seed, 's.uai', 'd.day', 'p.profile')})) AS INTEGER) AS n
        FROM g_schools s CROSS JOIN g_days d CROSS JOIN g_profiles p WHERE d.day >= s.starts_on)
      SELECT uai, day, profile, accounts, k FROM counts, range(n) r(k) WHERE n > 0`);
    const before = await conn.runAndReadAll('SELECT count(*) FROM events');
    await conn.run(`
      INSERT INTO events
      WITH v AS (
        SELECT uai, day, profile, k,
          CAST(${draw(seed, 'uai', 'day', 'profile', 'k', "'visitor'")} * accounts AS INTEGER) AS account,
          ${draw(seed, 'uai', 'day', 'profile', 'k', "'hour'")} AS r_hour,
          ${draw(seed, 'uai', 'day', 'profile', 'k', "'device'")} AS r_device,
          1 + CAST(${draw(seed, 'uai', 'day', 'profile', 'k', "'n'")} * 6 AS INTEGER) AS n_events,
          CAST(${draw(seed, 'uai', 'day', 'profile', 'k', "'minute'")} * 3600 AS INTEGER) AS start_s
        FROM g_visits),
      vh AS (
        SELECT v.*, h.hour, d.device, d.os, d.browser FROM v
        JOIN g_hours h ON h.profile = v.profile AND v.r_hour >= h.lo AND v.r_hour < h.hi
        JOIN g_devices d ON d.profile = v.profile AND v.r_device >= d.lo AND v.r_device < d.hi),
      e AS (
        SELECT vh.*, i, ${draw(seed, 'uai', 'day', 'profile', 'k', 'i', "'service'")} AS r_service,
          CAST(vh.day AS TIMESTAMP) + to_seconds(vh.hour * 3600 + vh.start_s
            + i * (30 + CAST(${draw(seed, 'uai', 'day', 'profile', 'k', 'i', "'gap'")} * 210 AS INTEGER))) AS local_ts
        FROM vh, range(n_events) t(i))
      SELECT ${seq}, e.local_ts - to_hours(${PARIS_OFFSET('CAST(e.local_ts AS DATE)')}),
        CAST(e.local_ts AS DATE), hour(e.local_ts), e.uai, s.service, 'native', NULL, e.profile,
        CASE WHEN e.i = 0 THEN 'login' ELSE 'view' END,
        'v' || substr(md5(concat(${seed}, e.uai, e.day, e.profile, e.k)), 1, 20),
        md5(concat(${seed}, e.uai, e.profile, e.account, strftime(e.day, '%Y-%m')))
          || md5(concat(e.account, e.uai, ${seed}, strftime(e.day, '%Y-%m'), e.profile)),
        e.device, e.os, e.browser,
        CASE WHEN e.profile = 'ELEVE' THEN ['6e', '5e', '4e', '3e'][1 + e.account % 4] || ' ' || chr(65 + (e.account // 4) % 4) END
      FROM e JOIN g_services s ON s.profile = e.profile AND e.r_service >= s.lo AND e.r_service < s.hi`);
    const after = await conn.runAndReadAll('SELECT count(*) FROM events');
    await conn.run('DROP TABLE g_visits');
    return Number(after.getRows()[0]![0]) - Number(before.getRows()[0]![0]);
  });
}

export interface BenchEventsOptions {
  count: number;
  uais: readonly string[];
  /** First day (ISO) and number of days the events spread over. */
  from: string;
  days: number;
  seed?: number;
}

/**
 * Writes exactly `count` events (visits of 4 events in 1–2 services, the first services most used) spread over UAIs
 * and days; returns the count.
 */
export async function generateBenchEvents(
  store: DuckDbEventStore,
  options: BenchEventsOptions,
): Promise<number> {
  const { count, uais, from, days } = options;
  const seed = options.seed ?? 7;
  const seq = store.nextSeq();
  const services = USAGE_SERVICES.map(q).join(', ');
  const uaiList = uais.map(q).join(', ');
  const profiles = `['ELEVE', 'ELEVE', 'PARENT', 'ENSEIGNANT', 'ADMIN_VIE_SCOL_TECH']`;
  const devices = `['smartphone', 'smartphone', 'ordinateur', 'tablette', 'autre']`;
  return store.exclusive(async (conn) => {
    await conn.run(`
      INSERT INTO events
      WITH r AS (SELECT i, i // 4 AS visit FROM range(${Math.trunc(count)}) t(i)),
      v AS (SELECT i, visit,
          [${uaiList}][1 + CAST(hash(${seed}, visit, 'u') % ${uais.length} AS INTEGER)] AS uai,
          -- days in order, as events arrive
          DATE ${q(from)} + CAST((visit * ${days}) // ${Math.max(1, Math.ceil(count / 4))} AS INTEGER) AS day,
          7 + CAST(hash(${seed}, visit, 'h') % 15 AS INTEGER) AS hour,
          CAST(hash(${seed}, visit, 'p') % 5 AS INTEGER) AS p,
          CAST(hash(${seed}, visit, 'a') % 2000 AS INTEGER) AS account
        FROM r)
      SELECT ${seq}, CAST(day AS TIMESTAMP) + to_hours(hour - 1) + to_seconds(CAST((i % 4) * 120 AS INTEGER)), day, hour, uai,
        [${services}][1 + CAST(floor(${USAGE_SERVICES.length} * pow((hash(${seed}, visit, i // 2, 's') % 1000) / 1000.0, 3)) AS INTEGER)],
        'native', NULL,
        ${profiles}[1 + p], CASE WHEN i % 4 = 0 THEN 'login' ELSE 'view' END, 'b' || visit,
        md5(concat(uai, account, p)) || md5(concat(account, uai, p)),
        ${devices}[1 + CAST(hash(${seed}, visit, 'v') % 5 AS INTEGER)], 'Android', 'Chrome',
        CASE WHEN p < 2 THEN '4e ' || chr(65 + account % 4) END
      FROM v`);
    return Math.trunc(count);
  });
}
