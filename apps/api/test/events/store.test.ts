import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toStoredEvent } from '../../src/events/ingest.js';
import { DuckDbEventStore } from '../../src/events/store.js';

const families = { device: 'ordinateur', os: 'Windows', browser: 'Firefox' } as const;
const origin = (visitor: string, profile: 'ELEVE' | 'ENSEIGNANT' = 'ELEVE') => ({
  uai: '0511085C',
  profile,
  visitor: visitor.repeat(64).slice(0, 64),
  classe: profile === 'ELEVE' ? '4e B' : null,
  families,
});

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir() {
  const d = await mkdtemp(join(tmpdir(), 'preau-events-'));
  dirs.push(d);
  return d;
}

describe('DuckDbEventStore', () => {
  it('keeps appended events across a reopen and rolls them up incrementally', async () => {
    const dir = await tempDir();
    let store = await DuckDbEventStore.open(dir);
    await store.append([
      // 22:30 UTC on 15 March is 23:30 in Paris (winter): local day 15, hour 23
      toStoredEvent(
        { time: '2026-03-15T22:30:00Z', service: 'notes', action: 'view', visitId: 'visit-aaaa' },
        origin('a'),
      ),
      toStoredEvent(
        { time: '2026-03-15T22:40:00Z', service: 'notes', action: 'view', visitId: 'visit-aaaa' },
        origin('a'),
      ),
      toStoredEvent(
        { time: '2026-03-15T22:45:00Z', service: 'absences', action: 'view', visitId: 'visit-aaaa' },
        origin('a'),
      ),
      // 23:30 UTC is already 16 March in Paris
      toStoredEvent(
        { time: '2026-03-15T23:30:00Z', service: 'notes', action: 'view', visitId: 'visit-bbbb' },
        origin('b', 'ENSEIGNANT'),
      ),
    ]);
    expect(await store.refreshRollups()).toEqual({ keys: 2 });
    await store.close();

    store = await DuckDbEventStore.open(dir);
    expect(await store.count()).toBe(4);
    const daily = await store.query(
      `SELECT strftime(day, '%Y-%m-%d') AS day, service, profile, events, visits, visitors, duration_s FROM usage_daily ORDER BY day, service`,
    );
    expect(daily).toEqual([
      {
        day: '2026-03-15',
        service: 'absences',
        profile: 'ELEVE',
        events: 1,
        visits: 1,
        visitors: 1,
        duration_s: 0,
      },
      {
        day: '2026-03-15',
        service: 'notes',
        profile: 'ELEVE',
        events: 2,
        visits: 1,
        visitors: 1,
        duration_s: 600,
      },
      {
        day: '2026-03-16',
        service: 'notes',
        profile: 'ENSEIGNANT',
        events: 1,
        visits: 1,
        visitors: 1,
        duration_s: 0,
      },
    ]);
    const hourly = await store.query(`SELECT hour, weekday FROM usage_hourly ORDER BY day`);
    expect(hourly).toEqual([
      { hour: 23, weekday: 7 },
      { hour: 0, weekday: 1 },
    ]);
    // a second batch on an existing day rebuilds only that day's rows
    await store.append([
      toStoredEvent(
        { time: '2026-03-16T08:00:00Z', service: 'notes', action: 'view', visitId: 'visit-cccc' },
        origin('c'),
      ),
    ]);
    expect(await store.refreshRollups()).toEqual({ keys: 1 });
    expect(await store.refreshRollups()).toEqual({ keys: 0 });
    const logins = await store.query(
      `SELECT strftime(day, '%Y-%m-%d') AS day, profile, classe, logins FROM usage_logins ORDER BY day, profile`,
    );
    expect(logins).toEqual([
      { day: '2026-03-15', profile: 'ELEVE', classe: '4e B', logins: 1 },
      { day: '2026-03-16', profile: 'ELEVE', classe: '4e B', logins: 1 },
      { day: '2026-03-16', profile: 'ENSEIGNANT', classe: null, logins: 1 },
    ]);
    const weekly = await store.query(
      `SELECT strftime(week, '%Y-%m-%d') AS week, sum(visits)::INTEGER AS v FROM usage_weekly GROUP BY week ORDER BY week`,
    );
    expect(weekly).toEqual([
      { week: '2026-03-09', v: 2 },
      { week: '2026-03-16', v: 2 },
    ]);
    await store.close();
  });

  it('applies retention: raw events and visitor days 13 months, statistics 25 months', async () => {
    const store = await DuckDbEventStore.open(':memory:');
    const at = (iso: string, v: string) =>
      toStoredEvent({ time: iso, service: 'notes', action: 'view', visitId: `visit-${v}xxxx` }, origin(v));
    await store.append([
      at('2024-01-10T10:00:00Z', 'a'),
      at('2025-06-10T10:00:00Z', 'b'),
      at('2026-06-10T10:00:00Z', 'c'),
    ]);
    await store.refreshRollups();
    await store.applyRetention('2026-08-01');
    expect(await store.count()).toBe(1);
    const days = await store.query(`SELECT strftime(day, '%Y-%m-%d') AS d FROM usage_daily ORDER BY d`);
    expect(days.map((r) => r.d)).toEqual(['2025-06-10', '2026-06-10']);
    const visitorDays = await store.query(`SELECT strftime(day, '%Y-%m-%d') AS d FROM usage_visitor_days`);
    expect(visitorDays.map((r) => r.d)).toEqual(['2026-06-10']);
    await store.close();
  });

  it('exports hive-partitioned Parquet by month and UAI', async () => {
    const dir = await tempDir();
    const store = await DuckDbEventStore.open(':memory:');
    await store.append([
      toStoredEvent(
        { time: '2026-03-10T10:00:00Z', service: 'notes', action: 'view', visitId: 'visit-aaaa' },
        origin('a'),
      ),
      toStoredEvent(
        { time: '2026-04-10T10:00:00Z', service: 'notes', action: 'view', visitId: 'visit-bbbb' },
        origin('b'),
      ),
    ]);
    expect(await store.exportParquet(join(dir, 'export'))).toEqual({ rows: 2 });
    expect((await readdir(join(dir, 'export'))).sort()).toEqual(['month=2026-03', 'month=2026-04']);
    expect(await readdir(join(dir, 'export', 'month=2026-03'))).toEqual(['uai=0511085C']);
    const back = await store.query(
      `SELECT count(*)::INTEGER AS n, min(month) AS m FROM read_parquet('${join(dir, 'export')}/**/*.parquet', hive_partitioning = true)`,
    );
    expect(back).toEqual([{ n: 2, m: '2026-03' }]);
    await store.close();
  });
});
