/**
 * Imported audience figures older than 25 months are kept per ISO week (docs/privacy.md), on every engine: a
 * fixture of daily rows on both sides of the cut-off, the retention run twice, the weekly sums checked against a
 * hand computation, recent daily rows untouched, the DNMA figures of an old week unchanged.
 */
import { describe, expect, it } from 'vitest';
import { toStoredEvent } from '../../src/events/ingest.js';
import type { AudienceRow, EventStore } from '../../src/events/store.js';
import { datasetRows, type OpenStore, origin, PLACES } from './store-contract.js';

const row = (
  day: string,
  accesses: number,
  profile: AudienceRow['profile'] = 'ELEVE',
  service: AudienceRow['service'] = 'notes',
  uai = '0511085C',
): AudienceRow => ({ day, uai, profile, service, accesses });

/**
 * On 5 August 2026, 25 months back is Friday 5 July 2024: the weeks before Monday 1 July 2024 are summed, that
 * week stays daily until it is whole.
 */
export const TODAY = '2026-08-05';
export const FIXTURE: AudienceRow[] = [
  row('2019-09-02', 130),
  row('2019-09-03', 45, 'PARENT', 'absences'),
  // already weekly (dated on its Monday)
  row('2024-06-17', 100),
  row('2024-06-24', 10),
  row('2024-06-25', 20),
  row('2024-06-30', 5),
  row('2024-06-26', 7, 'PARENT', 'absences'),
  row('2024-06-24', 3, 'ELEVE', 'notes', '0020090M'),
  row('2024-06-27', 4, 'ELEVE', 'notes', '0020090M'),
  // older than 25 months, but their week is not
  row('2024-07-02', 8),
  row('2024-07-05', 9),
  row('2025-03-04', 50),
];
/** The fixture summed by hand: [day, UAI, profile, service, accesses]. */
export const SUMMED = [
  ['2019-09-02', '0511085C', 'ELEVE', 'notes', 130],
  ['2019-09-02', '0511085C', 'PARENT', 'absences', 45],
  ['2024-06-17', '0511085C', 'ELEVE', 'notes', 100],
  ['2024-06-24', '0020090M', 'ELEVE', 'notes', 3 + 4],
  ['2024-06-24', '0511085C', 'ELEVE', 'notes', 10 + 20 + 5],
  ['2024-06-24', '0511085C', 'PARENT', 'absences', 7],
  ['2024-07-02', '0511085C', 'ELEVE', 'notes', 8],
  ['2024-07-05', '0511085C', 'ELEVE', 'notes', 9],
  ['2025-03-04', '0511085C', 'ELEVE', 'notes', 50],
];

/** The imported figures as [day, UAI, profile, service, accesses], sorted. */
export async function importedRows(store: EventStore) {
  return (await datasetRows(store, 'usage_imported'))
    .map((r) => [r.day, r.uai, r.profile, r.service, r.accesses])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Accesses per établissement, ISO week and profile: what is set beside the Ministry's weekly figures. */
const monday = (iso: string) => {
  const t = Date.parse(`${iso}T00:00:00Z`);
  return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
};
async function weeklyTotals(store: EventStore) {
  const totals: Record<string, number> = {};
  for (const [day, uai, profile, , n] of await importedRows(store)) {
    const key = `${monday(String(day))} ${uai} ${profile}`;
    totals[key] = (totals[key] ?? 0) + Number(n);
  }
  return totals;
}

export function importedWeeksContract(engine: string, open: OpenStore): void {
  describe(`imported figures summed per week beyond 25 months: ${engine}`, () => {
    it('sums whole weeks older than the cut-off, leaves recent days alone, and does it once', async () => {
      const store = await open(null);
      await store.setPlaces(PLACES);
      await store.importAudience(FIXTURE);
      const totals = await weeklyTotals(store);
      // 25 June, 30 June, 26 June, 27 June (0020090M) and 3 September 2019 are merged into their Mondays
      expect((await store.applyRetention(TODAY)).importedDays).toBe(5);
      expect(await importedRows(store)).toEqual(SUMMED);
      expect((await store.applyRetention(TODAY)).importedDays).toBe(0);
      expect(await importedRows(store)).toEqual(SUMMED);
      expect(await weeklyTotals(store)).toEqual(totals);
      // A week later the week of 1 July 2024 is whole and older than the cut-off: it is summed in turn.
      expect((await store.applyRetention('2026-08-12')).importedDays).toBe(2);
      const later = await importedRows(store);
      expect(later.filter((r) => String(r[0]).startsWith('2024-07'))).toEqual([
        ['2024-07-01', '0511085C', 'ELEVE', 'notes', 17],
      ]);
      expect(later.at(-1)).toEqual(['2025-03-04', '0511085C', 'ELEVE', 'notes', 50]);
      await store.close();
    });

    it('keeps daily a week whose sum would not fit its column, rather than wrap it or stop the job', async () => {
      const store = await open(null);
      await store.setPlaces(PLACES);
      const huge = ['2023-01-03', '2023-01-04', '2023-01-05'].map((d) =>
        row(d, 2 ** 31 - 1, 'ELEVE', 'gestion_temps'),
      );
      await store.importAudience([...FIXTURE, ...huge]);
      expect((await store.applyRetention(TODAY)).importedDays).toBe(5);
      const rows = await importedRows(store);
      expect(rows.filter((r) => r[3] === 'gestion_temps').map((r) => [r[0], r[4]])).toEqual(
        huge.map((r) => [r.day, r.accesses]),
      );
      expect(rows.filter((r) => r[3] !== 'gestion_temps')).toEqual(SUMMED);
      expect((await store.applyRetention(TODAY)).importedDays).toBe(0);
      await store.close();
    });

    it('leaves the DNMA figures of an old week as they were', async () => {
      const store = await open(null);
      await store.setPlaces(PLACES);
      await store.importAudience(FIXTURE);
      const ev = (time: string, service: string, visitId: string, who: string) =>
        toStoredEvent({ time, service, action: 'view', visitId }, origin(who));
      await store.append([
        ev('2024-06-25T10:00:00Z', 'notes', 'visit-a001', 'a'),
        ev('2024-06-25T10:04:00Z', 'absences', 'visit-a001', 'a'),
        ev('2024-06-27T17:00:00Z', 'notes', 'visit-b001', 'b'),
      ]);
      await store.refreshRollups();
      const week = { territory: { kind: 'national' as const }, from: '2024-06-24', to: '2024-06-30' };
      const before = {
        profils: await store.dnma('profils', week),
        services: await store.dnma('services', week),
      };
      expect(before.profils).toMatchObject([{ week: '2024-06-24', uai: '0511085C', v_0: 2, u_0: 2 }]);
      const totals = await weeklyTotals(store);
      expect(await store.sumImportedWeeks('2024-07-01')).toBe(5);
      expect(await store.sumImportedWeeks('2024-07-01')).toBe(0);
      expect(await store.dnma('profils', week)).toEqual(before.profils);
      expect(await store.dnma('services', week)).toEqual(before.services);
      expect(await weeklyTotals(store)).toEqual(totals);
      await store.close();
    });
  });
}
