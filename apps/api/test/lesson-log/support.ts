import type { TestApp } from '../support/app.js';
import { problemOf, type TestClient } from '../support/client.js';
import type { SchoolFixture } from '../support/fixture.js';
import { samplePdf, uploadForm } from '../support/samples.js';

/** What the cahier de textes tests share: entry bodies, extra séances and groups, uploads. */

export const LESSON_KIND = 'lesson_entry';

/** An entry of the maths teacher for 4e A's Monday séance, with one piece of work due on Wednesday. */
export function entryBody(
  school: SchoolFixture,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    classId: school.classes.c4a,
    subjectId: school.subjects.maths,
    date: '2026-11-16',
    seanceId: school.seances.maths4a,
    title: 'Les fractions',
    contentHtml: '<p>Cours : <strong>additionner</strong> des fractions.</p>',
    links: [{ url: 'https://www.lumni.fr/video/les-fractions', label: 'Vidéo Lumni' }],
    work: [
      {
        type: 'exercices',
        title: 'Exercices 3 et 4 p. 52',
        dueOn: '2026-11-18',
        estimatedMinutes: 20,
      },
    ],
    ...over,
  };
}

let serial = 0;

/** Another séance of a class (default: maths 4e A with its teacher), at an instant. */
export async function addSeance(
  t: TestApp,
  school: SchoolFixture,
  startsAt: string,
  over: { classId?: string; subjectId?: string; teacherId?: string } = {},
): Promise<string> {
  const id = `${school.key}_ll_sea_${++serial}`;
  const end = new Date(Date.parse(startsAt) + 55 * 60_000).toISOString();
  await t.db.query(
    'INSERT INTO seances (id, class_id, subject_id, teacher_id, starts_at, ends_at, room) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [
      id,
      over.classId ?? school.classes.c4a,
      over.subjectId ?? school.subjects.maths,
      over.teacherId ?? school.teachers.maths.id,
      startsAt,
      end,
      'B12',
    ],
  );
  return id;
}

/** A group of the établissement with the given students, taught by a teacher in a subject. */
export async function addGroup(
  t: TestApp,
  school: SchoolFixture,
  g: { name: string; studentIds: string[]; teacherId: string; subjectId: string },
): Promise<string> {
  const id = `${school.key}_ll_grp_${++serial}`;
  await t.db.query(
    "INSERT INTO classes (id, uai, kind, name, level, school_year) VALUES ($1, $2, 'groupe', $3, '4e', 2026)",
    [id, school.uai, g.name],
  );
  for (const s of g.studentIds) await t.db.query('INSERT INTO enrolments VALUES ($1, $2)', [id, s]);
  await t.db.query('INSERT INTO teaching_assignments VALUES ($1, $2, $3, $4)', [
    `${id}_ta`,
    g.teacherId,
    id,
    g.subjectId,
  ]);
  return id;
}

/** Lets a teacher also teach a class in a subject. */
export async function assign(
  t: TestApp,
  teacherId: string,
  classId: string,
  subjectId: string,
): Promise<void> {
  await t.db.query('INSERT INTO teaching_assignments VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
    `ll_ta_${++serial}`,
    teacherId,
    classId,
    subjectId,
  ]);
}

/** Uploads a PDF as a pending cahier de textes file; its id. */
export async function uploadPdf(client: TestClient, name = 'Fiche d’exercices.pdf'): Promise<string> {
  const res = await client.post('/api/v1/files', { body: uploadForm(LESSON_KIND, samplePdf(name), name) });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(await problemOf(res))}`);
  return ((await res.json()) as { id: string }).id;
}

export async function json<T = Record<string, unknown>>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Rows of the cahier de textes tables, to prove a refused request wrote nothing. */
export async function lessonRowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = [
    'lesson_entries',
    'lesson_work',
    'lesson_attachments',
    'lesson_private_notes',
    'lesson_entry_revisions',
    'lesson_visas',
    'lesson_work_done',
    'lesson_feeds',
  ];
  const rows = await t.db.query<{ t: string; n: number }>(
    tables.map((name) => `SELECT '${name}' AS t, count(*)::int AS n FROM ${name}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
