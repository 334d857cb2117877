/**
 * A student's results for a period, as students and parents receive them: published évaluations only, and without
 * what the établissement hides (the hidden numbers are never computed into the response); staff receive everything.
 */
import {
  defaultPeriodId,
  domainLevel,
  type Evaluation,
  evaluationStats,
  type LsuLevel,
  type MarkValue,
  type Ratio,
  type ResultEvaluationView,
  type ResultSubjectView,
  ranks,
  SOCLE_DOMAINS,
  type SocleDomain,
  type Stats,
  type StudentResultsView,
  statsOf,
  subjectAverageDetail,
  weightedMean,
} from '@preau/core';
import type { Db } from '../db/index.js';
import { invalid } from '../http/problem.js';
import { requireResultsReader } from '../policies/index.js';
import { entriesFor, type GradebookContext, indexMarks } from './context.js';
import {
  appreciationsOf,
  competencesOf,
  type EvaluationRow,
  evaluationsOf,
  getPeriod,
  gradebookSettings,
  marksOf,
  periodsOfClass,
  periodsWithStudentMarks,
  type SubjectRow,
} from './store.js';

export interface ResultEvaluation extends ResultEvaluationView {
  id: string;
  title: string;
  date: string;
  type: Evaluation['type'];
  kind: Evaluation['kind'];
  coefficient: number;
  outOf: number;
  rescaleTo20: boolean;
  publishOn: string;
  mark: MarkValue | null;
  /** Only when the établissement shows class statistics. */
  classStats?: Stats | null;
}

export interface ResultSubject extends ResultSubjectView {
  id: string;
  code: string;
  name: string;
  coefficient: number;
  evaluations: ResultEvaluation[];
  /** Only when the établissement shows subject averages; null when no mark counts. */
  average?: number | null;
  /** Only when the établissement shows class statistics. */
  classStats?: Stats | null;
  appreciation: string | null;
  competences: { domain: SocleDomain; level: LsuLevel | null }[];
}

export interface StudentResults extends StudentResultsView {
  student: { id: string; firstName: string; lastName: string };
  class: { id: string; name: string } | null;
  period: { id: string; label: string; startsOn: string; endsOn: string };
  periods: { id: string; label: string; startsOn: string; endsOn: string }[];
  subjects: ResultSubject[];
  /** Only when shown: the general average. */
  generalAverage?: number | null;
  /** Only when shown: the rank among the students of the class who have a general average. */
  rank?: { position: number; of: number } | null;
  /** The head teacher's general appréciation. */
  appreciation: string | null;
  /** Level per domain of the socle over all subjects (rounded mean of the period's assessments). */
  competences: { domain: SocleDomain; level: LsuLevel | null }[];
}

/** A student's main class of the latest school year (its periods are the student's). */
async function mainClassOf(db: Db, studentId: string): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    `SELECT c.id FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE e.student_id = $1 ORDER BY c.school_year DESC, c.kind = 'classe' DESC LIMIT 1`,
    [studentId],
  );
  return rows[0]?.id ?? null;
}

/**
 * A student's results for a period. Students and guardians receive published évaluations only, and only what the
 * établissement shows; school staff receive everything.
 */
export async function studentResults(
  ctx: GradebookContext,
  studentId: string,
  periodIdOrCurrent?: string,
): Promise<StudentResults> {
  const { student, restricted } = await requireResultsReader(ctx, studentId);
  const { db } = ctx;
  const classId = await mainClassOf(db, studentId);
  const periods = classId ? await periodsOfClass(db, classId) : [];
  // With no period asked for: the one in course if it has marks (published ones, for the family), else the latest.
  const withMarks = periodIdOrCurrent
    ? new Set<string>()
    : await periodsWithStudentMarks(db, studentId, restricted ? ctx.today : undefined);
  const periodId = periodIdOrCurrent ?? defaultPeriodId(periods, ctx.today, (id) => withMarks.has(id));
  if (!periodId)
    throw invalid([{ field: 'query.periodId', message: 'Aucune période pour cet élève : précisez-la.' }]);
  const period = await getPeriod(db, periodId);
  if (!period || period.uai !== student.uai)
    throw invalid([{ field: 'query.periodId', message: `Période inconnue pour cet élève : ${periodId}.` }]);
  const settings = await gradebookSettings(db, student.uai);
  const show = restricted
    ? settings.visibility
    : { subjectAverages: true, generalAverage: true, classStats: true, rank: true };

  // The student's classes and groups of that school year, and their main classe.
  const myClasses = await db.query<{ id: string; name: string; kind: string }>(
    `SELECT c.id, c.name, c.kind FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE e.student_id = $1 AND c.school_year = $2 ORDER BY c.kind, c.name`,
    [studentId, period.schoolYear],
  );
  const mainClass = myClasses.find((c) => c.kind === 'classe') ?? null;
  // Everyone who shares a class or group with the student, and the groups of the main classe's students (rank).
  const peerRows = await db.query<{ studentId: string; classId: string }>(
    `SELECT DISTINCT e2.student_id AS "studentId", e2.class_id AS "classId"
       FROM enrolments e2 JOIN classes c ON c.id = e2.class_id AND c.school_year = $3
      WHERE e2.student_id IN (
        SELECT e.student_id FROM enrolments e WHERE e.class_id = ANY($1::text[])
        UNION SELECT e.student_id FROM enrolments e WHERE e.class_id = $2)`,
    [myClasses.map((c) => c.id), mainClass?.id ?? null, period.schoolYear],
  );
  const classesOf = new Map<string, Set<string>>();
  for (const r of peerRows) {
    const set = classesOf.get(r.studentId) ?? new Set<string>();
    set.add(r.classId);
    classesOf.set(r.studentId, set);
  }
  const allClassIds = [...new Set(peerRows.map((r) => r.classId))];
  const evaluations = await evaluationsOf(db, {
    classIds: allClassIds,
    periodId,
    publishedBy: restricted ? ctx.today : undefined,
  });
  const marks = await marksOf(
    db,
    evaluations.map((e) => e.id),
  );
  const byStudent = indexMarks(marks);
  const subjectIds = [...new Set(evaluations.map((e) => e.subjectId))];
  const subjects = new Map(
    (
      await db.query<SubjectRow>(
        'SELECT id, uai, code, name, coefficient FROM subjects WHERE id = ANY($1::text[])',
        [subjectIds],
      )
    ).map((s) => [s.id, s]),
  );

  /** One student's exact subject averages over the évaluations of their own classes and groups (memoized). */
  const averagesCache = new Map<string, Map<string, Ratio | null>>();
  const averagesOf = (sid: string) => {
    const cached = averagesCache.get(sid);
    if (cached) return cached;
    const mine = classesOf.get(sid) ?? new Set<string>();
    const perSubject = new Map<string, EvaluationRow[]>();
    for (const e of evaluations) {
      if (!mine.has(e.classId)) continue;
      const list = perSubject.get(e.subjectId) ?? [];
      list.push(e);
      perSubject.set(e.subjectId, list);
    }
    const marksOfStudent = byStudent.get(sid) ?? new Map<string, MarkValue>();
    const result = new Map<string, Ratio | null>();
    for (const [subjectId, evs] of perSubject) {
      result.set(
        subjectId,
        subjectAverageDetail(entriesFor(evs, marksOfStudent).entries, settings)?.exact ?? null,
      );
    }
    averagesCache.set(sid, result);
    return result;
  };

  const myAverages = averagesOf(studentId);
  const myMarks = byStudent.get(studentId) ?? new Map<string, MarkValue>();
  const myClassIds = classesOf.get(studentId) ?? new Set<string>();
  const [appreciations, assessed] = await Promise.all([
    appreciationsOf(db, { studentIds: [studentId], periodId }),
    competencesOf(db, { studentIds: [studentId], periodId }),
  ]);
  // Unpublished means absent: a compétence recorded against an évaluation the family may not see yet is left out
  // (`evaluations` holds only the published ones for them).
  const shownEvaluations = new Set(evaluations.map((e) => e.id));
  const competences = restricted
    ? assessed.filter((c) => c.evaluationId === null || shownEvaluations.has(c.evaluationId))
    : assessed;

  const resultSubjects: ResultSubject[] = [...myAverages.keys()]
    .map((subjectId) => subjects.get(subjectId)!)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((subject) => {
      const evs = evaluations.filter((e) => e.subjectId === subject.id && myClassIds.has(e.classId));
      const out: ResultSubject = {
        id: subject.id,
        code: subject.code,
        name: subject.name,
        coefficient: subject.coefficient,
        evaluations: evs.map((e) => {
          const r: ResultEvaluation = {
            id: e.id,
            title: e.title,
            date: e.date,
            type: e.type,
            kind: e.kind,
            coefficient: e.coefficient,
            outOf: e.outOf,
            rescaleTo20: e.rescaleTo20,
            publishOn: e.publishOn,
            mark: myMarks.get(e.id) ?? null,
          };
          if (show.classStats) {
            const values = [...classesOf.entries()]
              .filter(([, cs]) => cs.has(e.classId))
              .map(([sid]) => byStudent.get(sid)?.get(e.id) ?? null);
            r.classStats = evaluationStats(values, e, settings);
          }
          return r;
        }),
        appreciation: appreciations.find((a) => a.subjectId === subject.id)?.text ?? null,
        competences: levelsByDomain(competences.filter((c) => c.subjectId === subject.id)),
      };
      if (show.subjectAverages) out.average = myAverages.get(subject.id)?.toNumber() ?? null;
      if (show.classStats) {
        // Over the students who take this subject in the same classes or groups as the student.
        const groupIds = new Set(evs.map((e) => e.classId));
        const peers = [...classesOf.entries()].filter(([, cs]) => [...cs].some((c) => groupIds.has(c)));
        const exact = peers
          .map(([sid]) => averagesOf(sid).get(subject.id) ?? null)
          .filter((x): x is Ratio => x !== null);
        out.classStats = statsOf(exact);
      }
      return out;
    });

  const result: StudentResults = {
    student: { id: student.id, firstName: student.firstName, lastName: student.lastName },
    class: mainClass ? { id: mainClass.id, name: mainClass.name } : null,
    period: { id: period.id, label: period.name, startsOn: period.startsOn, endsOn: period.endsOn },
    periods: periods.map(({ id, label, startsOn, endsOn }) => ({ id, label, startsOn, endsOn })),
    subjects: resultSubjects,
    appreciation: appreciations.find((a) => a.subjectId === null)?.text ?? null,
    competences: levelsByDomain(competences),
  };
  const generalOf = (sid: string) => {
    const avgs = averagesOf(sid);
    return weightedMean(
      [...avgs].map(([subjectId, average]) => ({
        coefficient: subjects.get(subjectId)!.coefficient,
        average,
      })),
    );
  };
  if (show.generalAverage) result.generalAverage = generalOf(studentId)?.toNumber() ?? null;
  if (show.rank) {
    if (!mainClass) result.rank = null;
    else {
      const classmates = peerRows.filter((r) => r.classId === mainClass.id).map((r) => r.studentId);
      const generals = classmates.map((sid) => generalOf(sid)?.toNumber() ?? null);
      const positions = ranks(generals);
      const mine = positions[classmates.indexOf(studentId)] ?? null;
      result.rank = mine === null ? null : { position: mine, of: generals.filter((g) => g !== null).length };
    }
  }
  return result;
}

function levelsByDomain(rows: readonly { domain: SocleDomain; level: LsuLevel }[]) {
  return SOCLE_DOMAINS.map((domain) => ({
    domain,
    level: domainLevel(rows.filter((r) => r.domain === domain).map((r) => r.level)),
  })).filter((d) => d.level !== null);
}
