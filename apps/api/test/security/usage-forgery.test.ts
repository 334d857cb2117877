import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStoredEvent } from '../../src/events/ingest.js';
import { closeUsageService, usageServiceFor } from '../../src/events/service.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import type { TestClient } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { recordProbe } from '../support/probe-report.js';

/**
 * A signed-in student tries to move the Ministry's audience figures (DNMA export) with forged usage events:
 * made-up visit ids, dates long past or far ahead, more volume than a person makes, an account that has not
 * chosen its password yet. The export must not move.
 */
const PAST_WEEK = ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-13'];
const EXPORT = '/api/v1/usage/dnma.csv?jeu=profils&from=1999-01-01&to=2031-12-31';

let t: TestApp;
let analyst: TestClient;

/** A visit token from the server when it issues them, else a made-up one (as the attacker would send). */
async function visitOf(client: TestClient): Promise<string> {
  const res = await client.post('/api/v1/events/visits');
  if (res.status !== 200) return 'visit-legit-0001';
  return ((await res.json()) as { visitId: string }).visitId;
}

const event = (time: string, visitId: string) => ({ time, service: 'notes', action: 'view', visitId });

beforeAll(async () => {
  t = await buildTestApp();
  analyst = await t.as(t.fixture.analysts.academie);
  // Real figures of the past week, as the store holds them: 206 visits of the établissement's students.
  const usage = await usageServiceFor(t.config.dataDir);
  const origin = {
    uai: t.fixture.schools.a.uai,
    profile: 'ELEVE' as const,
    visitor: 'a'.repeat(64),
    classe: '4e A',
    families: { device: 'ordinateur' as const, os: 'Windows', browser: 'Firefox' },
  };
  await usage.queue.submit(
    Array.from({ length: 206 }, (_, i) =>
      toStoredEvent(event(`${PAST_WEEK[i % 4]}T0${7 + (i % 3)}:15:00Z`, `real-visit-${i}`), origin),
    ),
  );
});
afterAll(async () => {
  await closeUsageService(t.config.dataDir);
  await t.close();
});

const dnma = async () => {
  const res = await analyst.get(EXPORT);
  expect(res.status).toBe(200);
  return res.text();
};
/** The sum of the export's `visites_globales` column, found by its header. */
const visitsOf = (csv: string) => {
  const [header, ...lines] = csv.trim().split('\r\n');
  const column = header!.split(';').indexOf('visites_globales');
  expect(column).toBeGreaterThan(0);
  return lines.reduce((sum, line) => sum + Number(line.split(';')[column]), 0);
};

describe(`forged usage events cannot move the DNMA export (${testEngine})`, () => {
  it('ignores a batch of 10,000 events with made-up visit ids dated 1999, 2031 and last week', async () => {
    const before = await dnma();
    expect(visitsOf(before)).toBe(206);
    const student = await t.as(t.fixture.schools.a.students.s1);
    const dates = ['1999-03-15T10:00:00Z', '2031-06-02T10:00:00Z', ...PAST_WEEK.map((d) => `${d}T10:00:00Z`)];
    const batch = Array.from({ length: 10_000 }, (_, i) =>
      event(dates[i % dates.length]!, `forged-${i}-xxxx`),
    );
    const res = await student.post('/api/v1/events', { json: batch });
    await res.arrayBuffer();
    const after = await dnma();
    recordProbe({
      finding: 'Mesure d’audience falsifiée (lot de 10 000 événements)',
      tried: batch.length,
      failed: visitsOf(after) - visitsOf(before),
      examples: [`visites_globales ${visitsOf(before)} → ${visitsOf(after)}`],
    });
    expect(after).toBe(before);
    // The same student's real visit still counts: one visit, however many events.
    const visitId = await visitOf(student);
    const real = await student.post('/api/v1/events', {
      json: [event(t.clock.now().toISOString(), visitId), event(t.clock.now().toISOString(), visitId)],
    });
    expect(((await real.json()) as { accepted: number }).accepted).toBe(2);
    // Read through the export itself, whichever engine holds the events.
    expect(visitsOf(await dnma())).toBe(visitsOf(before) + 1);
  });

  it('refuses events from an account that must still choose its password, or dated before it existed', async () => {
    const now = t.clock.now().toISOString();
    const newcomer = await t.as(t.fixture.newcomer);
    const fresh = t.fixture.schools.a.students.s2;
    await t.db.query('UPDATE users SET created_at = $2 WHERE id = $1', [
      fresh.id,
      new Date(t.clock.now().getTime() - 3_600_000),
    ]);
    const s2 = await t.as(fresh);
    const early = new Date(t.clock.now().getTime() - 2 * 3_600_000).toISOString();
    const attempts = [
      await newcomer.post('/api/v1/events', { json: [event(now, await visitOf(newcomer))] }),
      await s2.post('/api/v1/events', { json: [event(early, await visitOf(s2))] }),
    ];
    const accepted = [];
    for (const r of attempts) {
      const body = (await r.json()) as { accepted?: number };
      accepted.push(r.status === 200 ? (body.accepted ?? 0) : 0);
    }
    recordProbe({
      finding: 'Événements d’un compte sans mot de passe choisi ou antérieurs au compte',
      tried: attempts.length,
      failed: accepted.filter((n) => n > 0).length,
    });
    expect(accepted).toEqual([0, 0]);
  });

  it('limits the volume one session may send', async () => {
    const student = await t.as(t.fixture.schools.a.students.s3);
    const visitId = await visitOf(student);
    let accepted = 0;
    const sent = 8;
    for (let round = 0; round < sent; round++) {
      const time = new Date(t.clock.now().getTime() - 60_000 + round).toISOString();
      const res = await student.post('/api/v1/events', {
        json: Array.from({ length: 1000 }, () => event(time, visitId)),
      });
      if (res.status === 200) accepted += ((await res.json()) as { accepted: number }).accepted;
      else await res.arrayBuffer();
    }
    recordProbe({
      finding: 'Volume d’événements par session (8 000 en une minute)',
      tried: sent * 1000,
      failed: Math.max(0, accepted - 3000),
    });
    expect(accepted).toBe(3000);
  });
});
