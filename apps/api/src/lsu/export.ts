import { createHash } from 'node:crypto';
import { personName } from '@preau/core';
import type { AttendanceContext } from '../attendance/context.js';
import { studentAttendance } from '../attendance/service.js';
import { studentResults } from '../gradebook/results.js';
import { NATIONAL_SUBJECTS } from '../imports/national-subjects.js';
import { escapeXml as x } from '../imports/xml.js';

/**
 * The collège's bilans périodiques for the national LSU (Livret scolaire unique), import format `lsun-bilans`
 * (namespace `urn:fr:edu:scolarite:lsun:bilans:import`, schema 10.0): one class, one period, built from the grade
 * book (subject averages, class averages, appréciations, compétences as positionnement) and attendance
 * (absences in demi-journées, justified or not, and lateness). Students the LSU would refuse (no general
 * appréciation, no subject with a teacher) are left out and listed, never padded with invented text.
 */
export const LSU_NAMESPACE = 'urn:fr:edu:scolarite:lsun:bilans:import';
export const LSU_SCHEMA_VERSION = '10.0';

export interface LsuExport {
  xml: string;
  exported: number;
  skipped: { studentId: string; name: string; reason: string }[];
}

interface ClassRow {
  id: string;
  uai: string;
  name: string;
  school_year: number;
  period_scheme: 'trimestre' | 'semestre';
  head_teacher_id: string | null;
}

export async function exportLsu(
  ctx: AttendanceContext & { today: string },
  classId: string,
  periodNumber: number,
): Promise<LsuExport> {
  const { db } = ctx;
  const cls = (await db.query<ClassRow>('SELECT * FROM classes WHERE id = $1', [classId]))[0]!;
  const period = (
    await db.query<{
      id: string;
      number: number;
      starts_on: string;
      ends_on: string;
      grades_deadline: string;
    }>(
      `SELECT id, number, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              to_char(grades_deadline, 'YYYY-MM-DD') AS grades_deadline
         FROM periods WHERE uai = $1 AND school_year = $2 AND scheme = $3 AND number = $4`,
      [cls.uai, cls.school_year, cls.period_scheme, periodNumber],
    )
  )[0];
  if (!period) return { xml: '', exported: 0, skipped: [] };
  const students = await db.query<{ id: string; first_name: string; last_name: string; be: string | null }>(
    `SELECT u.id, u.first_name, u.last_name,
            (SELECT x.external_id FROM external_ids x WHERE x.record_id = u.id AND x.source = 'siecle' LIMIT 1) AS be
       FROM enrolments e JOIN users u ON u.id = e.student_id
      WHERE e.class_id = $1 AND u.disabled_at IS NULL ORDER BY u.last_name, u.first_name, u.id`,
    [classId],
  );
  const principal = (
    await db.query<{ first_name: string; last_name: string }>(
      `SELECT first_name, last_name FROM users WHERE uai = $1 AND profile = 'direction' AND disabled_at IS NULL
        ORDER BY ('principal' = ANY(functions)) DESC, last_name LIMIT 1`,
      [cls.uai],
    )
  )[0];
  // Teachers of each subject in the class or in the class's students' groups.
  const teaching = await db.query<{
    subject_id: string;
    teacher_id: string;
    first_name: string;
    last_name: string;
    sts: string | null;
  }>(
    `SELECT DISTINCT t.subject_id, t.teacher_id, u.first_name, u.last_name,
            (SELECT x.external_id FROM external_ids x WHERE x.record_id = u.id AND x.source IN ('sts', 'aaf') ORDER BY x.source DESC LIMIT 1) AS sts
       FROM teaching_assignments t JOIN users u ON u.id = t.teacher_id
      WHERE t.class_id = $1
         OR t.class_id IN (SELECT e2.class_id FROM enrolments e1 JOIN enrolments e2 ON e2.student_id = e1.student_id
                            JOIN classes g ON g.id = e2.class_id AND g.kind = 'groupe' WHERE e1.class_id = $1)`,
    [classId],
  );
  const nationals = new Map(
    (
      await db.query<{ record_id: string; external_id: string }>(
        "SELECT record_id, external_id FROM external_ids WHERE source = 'bcn' AND kind = 'subject' AND scope = $1",
        [cls.uai],
      )
    ).map((r) => [r.record_id, r.external_id]),
  );

  const ids = new Refs();
  const teachers = new Map<string, string>();
  const teacherXml: string[] = [];
  for (const t of teaching) {
    if (teachers.has(t.teacher_id)) continue;
    const ref = ids.make('ENS', t.teacher_id);
    teachers.set(t.teacher_id, ref);
    const sts = t.sts && /^[1-9]\d{0,17}$/.test(t.sts) ? t.sts : null;
    teacherXml.push(
      `<enseignant id="${ref}" type="${sts ? 'epp' : 'local'}" id-sts="${sts ?? localNumber(t.teacher_id)}" nom="${x(cut(t.last_name, 100))}" prenom="${x(cut(t.first_name, 100))}"/>`,
    );
  }
  const disciplines = new Map<string, string>();
  const disciplineXml: string[] = [];
  const responsableRef = 'RESP_1';
  const periodRef = 'P_1';
  const bilans: string[] = [];
  const eleves: string[] = [];
  const skipped: LsuExport['skipped'] = [];
  for (const s of students) {
    const name = personName({ firstName: s.first_name, lastName: s.last_name });
    const results = await studentResults({ ...ctx }, s.id, period.id);
    const attendance = await studentAttendance(ctx, s.id, { from: period.starts_on, to: period.ends_on });
    const acquis: string[] = [];
    for (const subject of results.subjects) {
      const teacherRefs = teaching
        .filter((t) => t.subject_id === subject.id)
        .map((t) => teachers.get(t.teacher_id)!);
      if (!teacherRefs.length) continue;
      let ref = disciplines.get(subject.id);
      if (!ref) {
        ref = ids.make('DI', subject.id);
        disciplines.set(subject.id, ref);
        const code =
          nationals.get(subject.id) ??
          NATIONAL_SUBJECTS[subject.code]?.code ??
          localSubjectCode(subject.code);
        disciplineXml.push(
          `<discipline id="${ref}" code="${code}" modalite-election="${subject.code === 'LATIN' ? 'F' : 'S'}" libelle="${x(cut(subject.name, 40))}"/>`,
        );
      }
      const levels = subject.competences
        .map((c) => c.level)
        .filter((l): l is NonNullable<typeof l> => l !== null);
      const positionnement = levels.length
        ? Math.min(4, Math.max(1, Math.round(levels.reduce((a, b) => a + b, 0) / levels.length)))
        : null;
      const attrs = [
        `discipline-ref="${ref}"`,
        `enseignant-refs="${[...new Set(teacherRefs)].join(' ')}"`,
        subject.average != null ? `moyenne-eleve="${mark(subject.average)}"` : 'statut-evaluation-eleve="1"',
        subject.classStats
          ? `moyenne-structure="${mark(subject.classStats.average)}"`
          : 'statut-evaluation-structure="1"',
        positionnement ? `positionnement="${positionnement}"` : '',
      ].filter(Boolean);
      const appreciation = subject.appreciation?.trim();
      acquis.push(
        `<acquis ${attrs.join(' ')}>${appreciation ? `<appreciation>${x(cut(appreciation, 1000))}</appreciation>` : ''}</acquis>`,
      );
    }
    const general = results.appreciation?.trim();
    if (!general) {
      skipped.push({ studentId: s.id, name, reason: 'Appréciation générale non saisie.' });
      continue;
    }
    if (!acquis.length) {
      skipped.push({ studentId: s.id, name, reason: 'Aucune matière avec un enseignant.' });
      continue;
    }
    const eleveRef = ids.make('EL', s.id);
    eleves.push(
      `<eleve id="${eleveRef}" id-be="${x(s.be ?? s.id)}" nom="${x(cut(s.last_name, 100))}" prenom="${x(cut(s.first_name, 100))}" code-division="${x(cut(cls.name, 20))}"/>`,
    );
    const t = attendance.tally;
    const headRef = cls.head_teacher_id ? teachers.get(cls.head_teacher_id) : undefined;
    bilans.push(
      `<bilan-periodique eleve-ref="${eleveRef}" periode-ref="${periodRef}" date-conseil-classe="${period.grades_deadline}" ` +
        `date-scolarite="${period.starts_on}" responsable-etab-ref="${responsableRef}"${headRef ? ` prof-princ-refs="${headRef}"` : ''}>` +
        `<liste-acquis>${acquis.join('')}</liste-acquis>` +
        `<acquis-conseils>${x(cut(general, 1000))}</acquis-conseils>` +
        `<vie-scolaire nb-retards="${Math.min(999, t.lateCount)}" nb-abs-justifiees="${Math.min(999, t.absentHalfDays - t.unjustifiedHalfDays)}" ` +
        `nb-abs-injustifiees="${Math.min(999, t.unjustifiedHalfDays)}"/>` +
        '</bilan-periodique>',
    );
  }
  const nb = cls.period_scheme === 'trimestre' ? 3 : 2;
  const body = [
    `<lsun-bilans xmlns="${LSU_NAMESPACE}" schemaVersion="${LSU_SCHEMA_VERSION}">`,
    `<entete><editeur>Préau</editeur><application>Préau</application><appliVersion>0.1.0</appliVersion><etablissement>${cls.uai}</etablissement></entete>`,
    '<donnees>',
    `<responsables-etab><responsable-etab id="${responsableRef}" libelle="${x(cut(principal ? `${principal.first_name} ${principal.last_name}` : "Chef d'établissement", 100))}"/></responsables-etab>`,
    eleves.length ? `<eleves>${eleves.join('')}</eleves>` : '',
    `<periodes><periode id="${periodRef}" millesime="${cls.school_year}" indice="${period.number}" nb-periodes="${nb}"/></periodes>`,
    disciplineXml.length ? `<disciplines>${disciplineXml.join('')}</disciplines>` : '',
    teacherXml.length ? `<enseignants>${teacherXml.join('')}</enseignants>` : '',
    bilans.length ? `<bilans-periodiques>${bilans.join('')}</bilans-periodiques>` : '',
    '</donnees>',
    '</lsun-bilans>',
  ];
  return {
    xml: `<?xml version="1.0" encoding="UTF-8"?>\n${body.filter(Boolean).join('\n')}\n`,
    exported: bilans.length,
    skipped,
  };
}

/** XML ids (xs:ID) that never start with a digit and never repeat. */
class Refs {
  private readonly seen = new Map<string, string>();
  private count = 0;
  make(prefix: string, key: string): string {
    const k = `${prefix}|${key}`;
    let ref = this.seen.get(k);
    if (!ref) {
      ref = `${prefix}_${++this.count}`;
      this.seen.set(k, ref);
    }
    return ref;
  }
}

const cut = (s: string, max: number) => [...s].slice(0, max).join('');
/** Averages as the schema wants them: 0.00 to 20.00, two decimals at most. */
const mark = (n: number) => (Math.round(Math.min(20, Math.max(0, n)) * 100) / 100).toFixed(2);
/** A stable positive number for a teacher the STS does not know (type « local »). */
const localNumber = (id: string) =>
  String(
    (Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16) % 900_000_000) +
      100_000_000,
  );
/** Six characters for a subject with no national code (the LSU's academic mapping then applies). */
const localSubjectCode = (code: string) =>
  code
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(6, '0')
    .slice(0, 6);
