/**
 * Story data for <preau-gradebook>: a 4e class of 28 students with a trimester of mathematics évaluations, and one
 * student's results across subjects as the API sends them to a parent (averages computed by the core rules).
 * Deterministic: the same marks on every build.
 */
import {
  evaluationStats,
  type MarkEntry,
  statsOf,
  subjectAverage,
  subjectAverageDetail,
  weightedMean,
} from '@preau/core/gradebook/average';
import type { SocleDomain } from '@preau/core/gradebook/lsu';
import type { MarkValue } from '@preau/core/gradebook/marks';
import type {
  GradebookSheetEvaluation,
  GradebookSheetView,
  StudentResultsView,
} from '@preau/core/gradebook/views';

const STUDENTS: [string, string][] = [
  ['Arnaud', 'Lucas'],
  ['Benali', 'Yasmine'],
  ['Bernard', 'Léa'],
  ['Bertrand', 'Hugo'],
  ['Blanc', 'Camille'],
  ['Caron', 'Théo'],
  ['Chevalier', 'Manon'],
  ['Da Silva', 'Enzo'],
  ['Diallo', 'Aïssatou'],
  ['Dubois', 'Nathan'],
  ['Durand', 'Chloé'],
  ['Fontaine', 'Mathis'],
  ['Fournier', 'Inès'],
  ['Garnier', 'Louis'],
  ['Gauthier', 'Jade'],
  ['Girard', 'Raphaël'],
  ['Lambert', 'Zoé'],
  ['Lefèvre', 'Gabriel'],
  ['Lemoine', 'Lina'],
  ['Martin', 'Adam'],
  ['Mercier', 'Louise'],
  ['Moreau', 'Noah'],
  ['Nguyen', 'Emma'],
  ['Perrin', 'Arthur'],
  ['Petit', 'Sarah'],
  ['Robert', 'Tom'],
  ['Roussel', 'Alice'],
  ['Vincent', 'Maël'],
];

const MATHS: Omit<GradebookSheetEvaluation, 'rescaleTo20' | 'kind' | 'publishOn'>[] = [
  {
    id: 'ev-1',
    title: 'Nombres relatifs',
    date: '2026-09-15',
    coefficient: 1,
    outOf: 20,
    type: 'interrogation',
  },
  { id: 'ev-2', title: 'Fractions', date: '2026-09-26', coefficient: 2, outOf: 20, type: 'devoir_surveille' },
  { id: 'ev-3', title: 'Calcul mental n° 1', date: '2026-10-02', coefficient: 0.5, outOf: 10, type: 'oral' },
  {
    id: 'ev-4',
    title: 'DM Puissances',
    date: '2026-10-09',
    coefficient: 1,
    outOf: 20,
    type: 'devoir_maison',
  },
  {
    id: 'ev-5',
    title: 'Théorème de Pythagore',
    date: '2026-11-06',
    coefficient: 2,
    outOf: 40,
    type: 'devoir_surveille',
  },
  { id: 'ev-6', title: 'Calcul mental n° 2', date: '2026-11-13', coefficient: 0.5, outOf: 10, type: 'oral' },
  { id: 'ev-7', title: 'Équations', date: '2026-11-27', coefficient: 1, outOf: 20, type: 'interrogation' },
  {
    id: 'ev-8',
    title: 'Devoir commun',
    date: '2026-12-04',
    coefficient: 3,
    outOf: 20,
    type: 'devoir_surveille',
  },
];

/** A small deterministic generator (no Math.random: stories must not change between builds). */
function generator(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function markFor(rnd: () => number, level: number, outOf: number): MarkValue {
  const x = rnd();
  if (x < 0.03) return 'Abs';
  if (x < 0.04) return 'Disp';
  const raw = (level + (rnd() - 0.5) * 0.35) * outOf;
  return Math.min(outOf, Math.max(0, Math.round(raw * 4) / 4));
}

export function classSheet(options: { students?: number; evaluations?: number } = {}): GradebookSheetView {
  const rnd = generator(2026);
  const students = STUDENTS.slice(0, options.students ?? STUDENTS.length).map(([lastName, firstName], i) => ({
    id: `el-${i + 1}`,
    lastName,
    firstName,
  }));
  const evaluations = MATHS.slice(0, options.evaluations ?? MATHS.length).map((e) => ({
    ...e,
    classId: 'cl-4b',
    subjectId: 'sub-maths',
    periodId: 'per-t1',
    rescaleTo20: true,
    kind: 'normal' as const,
    publishOn: e.date,
  }));
  const marks: GradebookSheetView['marks'] = [];
  students.forEach((s, i) => {
    const level = 0.35 + ((i * 37) % 28) / 45;
    for (const e of evaluations) {
      // The last évaluation is being marked: half the class so far.
      if (e.id === 'ev-8' && i % 2 === 1) continue;
      marks.push({ studentId: s.id, evaluationId: e.id, value: markFor(rnd, level, e.outOf) });
    }
  });
  return {
    class: { id: 'cl-4b', name: '4e B' },
    subject: { id: 'sub-maths', name: 'Mathématiques' },
    period: { id: 'per-t1', label: '1er trimestre' },
    periods: [
      { id: 'per-t1', label: '1er trimestre' },
      { id: 'per-t2', label: '2e trimestre' },
      { id: 'per-t3', label: '3e trimestre' },
    ],
    canEdit: true,
    evaluations,
    students,
    marks,
  };
}

interface SubjectSpec {
  id: string;
  name: string;
  coefficient: number;
  evaluations: { title: string; date: string; coefficient: number; outOf: number }[];
}

const SUBJECTS: SubjectSpec[] = [
  {
    id: 'sub-fr',
    name: 'Français',
    coefficient: 4,
    evaluations: [
      { title: 'Dictée n° 1', date: '2026-09-18', coefficient: 1, outOf: 10 },
      { title: 'Rédaction : portrait', date: '2026-10-08', coefficient: 2, outOf: 20 },
      { title: 'Lecture cursive', date: '2026-11-19', coefficient: 1, outOf: 20 },
    ],
  },
  {
    id: 'sub-maths',
    name: 'Mathématiques',
    coefficient: 4,
    evaluations: MATHS.slice(0, 7).map(({ title, date, coefficient, outOf }) => ({
      title,
      date,
      coefficient,
      outOf,
    })),
  },
  {
    id: 'sub-hg',
    name: 'Histoire-géographie',
    coefficient: 3,
    evaluations: [
      { title: 'La Révolution française', date: '2026-10-01', coefficient: 2, outOf: 20 },
      { title: 'Croquis : l’urbanisation', date: '2026-11-25', coefficient: 1, outOf: 20 },
    ],
  },
  {
    id: 'sub-ang',
    name: 'Anglais LV1',
    coefficient: 3,
    evaluations: [
      { title: 'Oral : self-introduction', date: '2026-09-24', coefficient: 1, outOf: 20 },
      { title: 'Compréhension écrite', date: '2026-11-04', coefficient: 2, outOf: 20 },
    ],
  },
  {
    id: 'sub-svt',
    name: 'SVT',
    coefficient: 2,
    evaluations: [{ title: 'La digestion', date: '2026-10-14', coefficient: 1, outOf: 20 }],
  },
];

const COMPETENCES: { domain: SocleDomain; level: 1 | 2 | 3 | 4 | null }[] = [
  { domain: 'CPD_FRA', level: 3 },
  { domain: 'CPD_ETR', level: 2 },
  { domain: 'CPD_SCI', level: 4 },
  { domain: 'CPD_ART', level: 3 },
  { domain: 'MET_APP', level: 2 },
  { domain: 'FRM_CIT', level: 3 },
  { domain: 'SYS_NAT', level: 1 },
  { domain: 'REP_MND', level: null },
];

/**
 * One student's results as a parent receives them. `show` mirrors the établissement's choices: what is not shown
 * is left out of the data entirely.
 */
export function studentResults(
  show: { averages?: boolean; classStats?: boolean; competences?: boolean } = {},
): StudentResultsView {
  const { averages = true, classStats = true, competences = true } = show;
  const subjects = SUBJECTS.map((spec, si) => {
    // The class: 28 students' marks per évaluation, the student being the 3rd (Léa Bernard).
    const evaluations = spec.evaluations.map((e, ei) => {
      const evaluation = {
        ...e,
        id: `${spec.id}-${ei + 1}`,
        rescaleTo20: true,
        kind: 'normal' as const,
        publishOn: e.date,
      };
      const rnd = generator(7 + si * 31 + ei);
      const classMarks = STUDENTS.map((_, i) => markFor(rnd, 0.35 + ((i * 37) % 28) / 45, e.outOf));
      return { evaluation, classMarks };
    });
    const entries = (student: number): MarkEntry[] =>
      evaluations.map(({ evaluation, classMarks }) => ({ evaluation, value: classMarks[student] ?? null }));
    const classAverages = STUDENTS.map((_, i) => subjectAverageDetail(entries(i)));
    return {
      spec,
      exact: classAverages[2]?.exact ?? null,
      view: {
        id: spec.id,
        name: spec.name,
        coefficient: spec.coefficient,
        evaluations: evaluations.map(({ evaluation, classMarks }) => ({
          id: evaluation.id,
          title: evaluation.title,
          date: evaluation.date,
          coefficient: evaluation.coefficient,
          outOf: evaluation.outOf,
          mark: classMarks[2] ?? null,
          ...(classStats ? { classStats: evaluationStats(classMarks, evaluation) } : {}),
        })),
        ...(averages ? { average: subjectAverage(entries(2)) } : {}),
        ...(classStats ? { classStats: statsOf(classAverages.flatMap((d) => (d ? [d.exact] : []))) } : {}),
        appreciation: si === 1 ? 'Bon trimestre, des efforts de rédaction à poursuivre.' : null,
      },
    };
  });
  const general = weightedMean(subjects.map((s) => ({ coefficient: s.spec.coefficient, average: s.exact })));
  return {
    student: { id: 'el-3', firstName: 'Léa', lastName: 'Bernard' },
    period: { id: 'per-t1', label: '1er trimestre' },
    periods: [
      { id: 'per-t1', label: '1er trimestre' },
      { id: 'per-t2', label: '2e trimestre' },
      { id: 'per-t3', label: '3e trimestre' },
    ],
    subjects: subjects.map((s) => s.view),
    ...(averages ? { generalAverage: general ? general.toNumber() : null } : {}),
    appreciation: 'Élève sérieuse et investie. Continuez ainsi.',
    ...(competences ? { competences: COMPETENCES } : {}),
  };
}
