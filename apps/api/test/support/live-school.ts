import type { Db } from '../../src/db/index.js';

/**
 * A small collège for the live-notice suites: teacher t1 takes 4e B (students s1, s2; guardians g1, g2) in
 * Histoire-géographie on Monday 12 January 2026, séances se1 (8:00–9:00 in Paris) and se2 (9:00–10:00).
 */
export async function seedLiveSchool(db: Db): Promise<void> {
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES
      ('0510001A', 'Collège Jean Moulin', 'college', 'public', 'Reims', '051');
    INSERT INTO users (id, login, first_name, last_name, profile, uai) VALUES
      ('t1', 't1', 'Claire', 'Dubois', 'teacher', '0510001A'),
      ('s1', 's1', 'Léa', 'Martin', 'student', '0510001A'),
      ('s2', 's2', 'Hugo', 'Bernard', 'student', '0510001A'),
      ('g1', 'g1', 'Sophie', 'Martin', 'guardian', '0510001A'),
      ('g2', 'g2', 'Karim', 'Bernard', 'guardian', '0510001A');
    INSERT INTO guardianships VALUES ('s1', 'g1', 'mere'), ('s2', 'g2', 'pere');
    INSERT INTO classes (id, uai, kind, name, school_year) VALUES ('c4b', '0510001A', 'classe', '4e B', 2025);
    INSERT INTO enrolments VALUES ('c4b', 's1'), ('c4b', 's2');
    INSERT INTO subjects (id, uai, code, name) VALUES ('hg', '0510001A', 'HIGEO', 'Histoire-géographie');
    INSERT INTO seances (id, class_id, subject_id, teacher_id, starts_at, ends_at) VALUES
      ('se1', 'c4b', 'hg', 't1', '2026-01-12T07:00:00Z', '2026-01-12T08:00:00Z'),
      ('se2', 'c4b', 'hg', 't1', '2026-01-12T08:00:00Z', '2026-01-12T09:00:00Z');
    UPDATE users SET must_change_password = false;
  `);
}
