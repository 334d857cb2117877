import { decodeIpc, epochDayToIso } from '@preau/analytics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { datasetIpc, type TerritoryFilter } from '../../src/events/datasets.js';
import { freshDb } from '../support/db.js';

/*
 * Hand computation of the `justification_delays` dataset (Europe/Paris months):
 * - e1: s1 absent at 2026-01-31 23:30 UTC = 1 February 00:30 in Paris (February, not January), justified
 *   2026-02-03 23:30 UTC: 3 days.
 * - e2: s1 absent 10 February 08:00 UTC, two justifications (11 February 20:00 and 15 February): the first counts,
 *   1.5 days.
 * - e3: s2 absent 10 February, never justified. e4: s2 absent 12 February but marked erroneous: not counted.
 *   e5: s1 late on 12 February: not an absence.
 * - e6: s2 absent 2 March 08:00, justification sent 1 March (announced beforehand): delay 0.
 * February: 3 absences, 2 justified, 4.5 days (mean 2.25). March: 1, 1, 0.
 * Imported history: February 2026 of 0511085C (replaced by Préau's own records of that month), December 2025 of
 * 0511085C (kept) and of 0080001A (Ardennes: outside the Marne).
 */
let db: Db;

beforeAll(async () => {
  db = await freshDb();
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est'), ('008', 'Ardennes', '19', '44', 'Grand Est');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code, student_count) VALUES
      ('0511085C', 'Collège Robert Schuman', 'college', 'public', 'Reims', '051', 520),
      ('0080001A', 'Collège des Ardennes', 'college', 'public', 'Charleville', '008', 300);
    INSERT INTO users (id, login, first_name, last_name, profile, uai, must_change_password) VALUES
      ('t1', 'prof', 'P', 'R', 'teacher', '0511085C', false),
      ('s1', 'eleve1', 'A', 'A', 'student', '0511085C', false),
      ('s2', 'eleve2', 'B', 'B', 'student', '0511085C', false),
      ('g1', 'parent1', 'C', 'C', 'guardian', '0511085C', false);
    INSERT INTO classes (id, uai, kind, name, school_year) VALUES ('c1', '0511085C', 'classe', '4e B', 2025);
    INSERT INTO subjects (id, uai, code, name) VALUES ('m', '0511085C', 'MATHS', 'Mathématiques');
    INSERT INTO seances (id, class_id, subject_id, teacher_id, starts_at, ends_at) VALUES
      ('se1', 'c1', 'm', 't1', '2026-01-31T23:30:00Z', '2026-02-01T00:25:00Z'),
      ('se2', 'c1', 'm', 't1', '2026-02-10T08:00:00Z', '2026-02-10T08:55:00Z'),
      ('se3', 'c1', 'm', 't1', '2026-02-12T08:00:00Z', '2026-02-12T08:55:00Z'),
      ('se4', 'c1', 'm', 't1', '2026-03-02T08:00:00Z', '2026-03-02T08:55:00Z');
    INSERT INTO attendance_entries (id, seance_id, student_id, uai, starts_at, status, late_minutes, erroneous, recorded_by) VALUES
      ('e1', 'se1', 's1', '0511085C', '2026-01-31T23:30:00Z', 'absent', NULL, false, 't1'),
      ('e2', 'se2', 's1', '0511085C', '2026-02-10T08:00:00Z', 'absent', NULL, false, 't1'),
      ('e3', 'se2', 's2', '0511085C', '2026-02-10T08:00:00Z', 'absent', NULL, false, 't1'),
      ('e4', 'se3', 's2', '0511085C', '2026-02-12T08:00:00Z', 'absent', NULL, true, 't1'),
      ('e5', 'se3', 's1', '0511085C', '2026-02-12T08:00:00Z', 'retard', 10, false, 't1'),
      ('e6', 'se4', 's2', '0511085C', '2026-03-02T08:00:00Z', 'absent', NULL, false, 't1');
    INSERT INTO absence_justifications (id, uai, student_id, submitted_by, submitted_at, motif, state) VALUES
      ('j1', '0511085C', 's1', 'g1', '2026-02-03T23:30:00Z', 'maladie', 'validee'),
      ('j2', '0511085C', 's1', 'g1', '2026-02-11T20:00:00Z', 'maladie', 'refusee'),
      ('j3', '0511085C', 's1', 'g1', '2026-02-15T10:00:00Z', 'maladie', 'validee'),
      ('j4', '0511085C', 's2', 'g1', '2026-03-01T08:00:00Z', 'rendez_vous_medical', 'en_attente');
    INSERT INTO absence_justification_entries VALUES ('j1', 'e1'), ('j2', 'e2'), ('j3', 'e2'), ('j4', 'e6');
    INSERT INTO justification_history VALUES
      ('0511085C', '2026-02-01', 10, 8, 40),
      ('0511085C', '2025-12-01', 100, 80, 320.5),
      ('0080001A', '2025-12-01', 50, 40, 100);
  `);
});
afterAll(async () => {
  await db.close();
});

async function rows(territory: TerritoryFilter, dates: { from?: string; to?: string } = {}) {
  const { bytes } = await datasetIpc('justification_delays', { territory, ...dates }, { db } as never);
  return decodeIpc(bytes)
    .toArray()
    .map((r) => {
      const o = r.toJSON() as Record<string, unknown>;
      return { ...o, month: epochDayToIso(Number(o.month) / 86_400_000) } as Record<string, unknown>;
    });
}
const marne: TerritoryFilter = { kind: 'departement', code: '051' };
const place = { uai: '0511085C', departement: '051', academie: '19' };

describe('justification_delays dataset', () => {
  it('counts absences, justified ones and their delay per établissement and Paris month, as computed by hand', async () => {
    expect(await rows(marne)).toEqual([
      { month: '2025-12-01', ...place, absences: 100, justified: 80, delay_days: 320.5, source: 'import' },
      { month: '2026-02-01', ...place, absences: 3, justified: 2, delay_days: 4.5, source: 'preau' },
      { month: '2026-03-01', ...place, absences: 1, justified: 1, delay_days: 0, source: 'preau' },
    ]);
  });

  it('keeps whole months within the dates and the rows of the territory', async () => {
    const feb = await rows(marne, { from: '2026-02-15', to: '2026-02-28' });
    expect(feb.map((r) => r.month)).toEqual(['2026-02-01']);
    const academie = await rows({ kind: 'academie', code: '19' }, { to: '2025-12-31' });
    expect(academie.map((r) => [r.uai, r.delay_days])).toEqual([
      ['0080001A', 100],
      ['0511085C', 320.5],
    ]);
  });
});
