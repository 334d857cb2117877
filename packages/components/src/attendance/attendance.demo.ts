import { DEFAULT_MOTIFS } from '@preau/core/attendance/statuses';
import type { RollCallView, StudentAttendanceView } from '@preau/core/attendance/views';
import type { SeanceList, SeanceListItem, WeekData } from './attendance.js';

/**
 * Deterministic demo data for stories, tests, benchmarks and property-mode examples: French names, a 4e class,
 * an établissement-sized week. Not imported by the element itself.
 */

const FIRST = [
  'Léa',
  'Hugo',
  'Inès',
  'Lucas',
  'Chloé',
  'Nathan',
  'Manon',
  'Adam',
  'Camille',
  'Louis',
  'Jade',
  'Gabriel',
  'Sarah',
  'Arthur',
  'Lina',
  'Raphaël',
  'Zoé',
  'Yanis',
  'Emma',
  'Noah',
  'Louise',
  'Mohamed',
  'Alice',
  'Tom',
  'Anaïs',
  'Ethan',
  'Maëlys',
  'Théo',
  'Clara',
  'Sacha',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'Andre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Benali',
];
const CLASSES = [
  '6e A',
  '6e B',
  '6e C',
  '5e A',
  '5e B',
  '5e C',
  '4e A',
  '4e B',
  '4e C',
  '3e A',
  '3e B',
  '3e C',
];

/** A small deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoStudents(count: number, seed = 7): { id: string; firstName: string; lastName: string }[] {
  const r = random(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `eleve-${String(i + 1).padStart(4, '0')}`,
    firstName: FIRST[Math.floor(r() * FIRST.length)]!,
    lastName: LAST[Math.floor(r() * LAST.length)]!,
  })).sort(
    (a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'),
  );
}

/** A 4e B mathematics roll call of 28 students, in progress: two absences and one lateness recorded. */
export function demoRollCall(options: { closed?: boolean; students?: number } = {}): RollCallView {
  const students = demoStudents(options.students ?? 28);
  // Positions scale with the class so that small classes get the same three marks.
  const at = (i: number) => students[Math.floor((i / 28) * students.length)]!.id;
  return {
    seance: {
      id: 'seance-4b-maths-lundi',
      classId: 'classe-4b',
      className: '4e B',
      uai: '0510001A',
      subject: 'Mathématiques',
      teacherId: 'prof-dubois',
      teacherName: 'Claire DUBOIS',
      startsAt: '2026-01-12T07:00:00.000Z',
      endsAt: '2026-01-12T08:00:00.000Z',
      room: 'Salle B12',
    },
    state: options.closed ? 'faite' : 'en_cours',
    closedAt: options.closed ? '2026-01-12T07:12:00.000Z' : null,
    students,
    entries: [
      {
        id: 'e1',
        studentId: at(3),
        status: 'absent',
        lateMinutes: null,
        note: null,
        erroneous: false,
        version: 1,
        recordedAt: '2026-01-12T07:05:00.000Z',
      },
      {
        id: 'e2',
        studentId: at(9),
        status: 'absent',
        lateMinutes: null,
        note: null,
        erroneous: false,
        version: 1,
        recordedAt: '2026-01-12T07:05:00.000Z',
      },
      {
        id: 'e3',
        studentId: at(14),
        status: 'retard',
        lateMinutes: 10,
        note: null,
        erroneous: false,
        version: 1,
        recordedAt: '2026-01-12T07:10:00.000Z',
      },
    ],
  };
}

const SLOTS = ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'];

/** An établissement's week: `students` students in 12 classes, about 3 % of slots with an absence or lateness. */
export function demoWeek(students = 1000, seed = 11): WeekData {
  const r = random(seed);
  const list = demoStudents(students, seed).map((s, i) => ({
    id: s.id,
    name: `${s.firstName} ${s.lastName.toLocaleUpperCase('fr-FR')}`,
    className: CLASSES[i % CLASSES.length]!,
  }));
  const cells: WeekData['cells'] = [];
  let n = 0;
  list.forEach((_, si) => {
    for (let day = 0; day < 5; day++) {
      if (r() < 0.06) {
        // a half-day of absence
        const start = r() < 0.5 ? 0 : 4;
        for (let slot = start; slot < start + 4; slot++) {
          cells.push([si, day, slot, 'absent', null, r() < 0.6 ? 1 : 0, `w${++n}`]);
        }
      } else if (r() < 0.05) {
        cells.push([si, day, Math.floor(r() * 8), 'retard', 5 + Math.floor(r() * 20), 0, `w${++n}`]);
      }
    }
  });
  return {
    weekStart: '2026-01-12',
    days: ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16'],
    slots: SLOTS,
    students: list,
    cells,
    queue: [
      {
        id: 'j1',
        studentId: list[3]!.id,
        studentName: list[3]!.name,
        className: list[3]!.className,
        state: 'en_attente',
        motif: 'maladie',
        motifLabel: 'Maladie',
        comment: 'Gastro-entérite, certificat médical joint.',
        fileId: 'f1',
        fileMediaType: 'application/pdf',
        submittedAt: '2026-01-13T06:45:00.000Z',
        submittedBy: 'parent-1',
        entryIds: ['w1', 'w2'],
        regularisee: false,
        decidedAt: null,
        decisionComment: null,
      },
      {
        id: 'j2',
        studentId: list[8]!.id,
        studentName: list[8]!.name,
        className: list[8]!.className,
        state: 'en_attente',
        motif: 'transport',
        motifLabel: 'Problème de transport',
        comment: 'Car scolaire en panne.',
        fileId: null,
        fileMediaType: null,
        submittedAt: '2026-01-13T16:20:00.000Z',
        submittedBy: 'parent-2',
        entryIds: ['w7'],
        regularisee: false,
        decidedAt: null,
        decisionComment: null,
      },
    ],
  };
}

/** Léa Martin's January: one justified morning, one pending, one to justify, two late arrivals. */
export function demoParentView(): StudentAttendanceView {
  const entry = (
    id: string,
    startsAt: string,
    subject: string,
    status: 'absent' | 'retard',
    lateMinutes: number | null,
    justificationState: 'en_attente' | 'validee' | 'refusee' | null,
  ) => ({
    id,
    studentId: 'eleve-lea',
    status,
    lateMinutes,
    note: null,
    erroneous: false,
    version: 1,
    recordedAt: startsAt,
    seanceId: `s-${id}`,
    subject,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
    justificationId: justificationState ? `j-${id}` : null,
    justificationState,
    regularisee: justificationState === 'validee',
  });
  return {
    student: { id: 'eleve-lea', firstName: 'Léa', lastName: 'Martin', className: '4e B' },
    from: '2026-01-01',
    to: '2026-01-31',
    entries: [
      entry('a5', '2026-01-22T13:00:00.000Z', 'Anglais', 'absent', null, null),
      entry('a4', '2026-01-20T07:00:00.000Z', 'Français', 'retard', 12, null),
      entry('a3', '2026-01-15T08:00:00.000Z', 'Histoire-géographie', 'absent', null, 'en_attente'),
      entry('a2', '2026-01-12T07:00:00.000Z', 'Mathématiques', 'absent', null, 'validee'),
      entry('a1', '2026-01-09T07:00:00.000Z', 'SVT', 'retard', 5, 'refusee'),
    ],
    justifications: [],
    motifs: DEFAULT_MOTIFS.map((m) => ({ ...m })),
    tally: {
      studentId: 'eleve-lea',
      absentHalfDays: 3,
      unjustifiedHalfDays: 2,
      absences: 3,
      lateCount: 2,
      lateMinutes: 17,
      unjustifiedLateCount: 2,
      earlyDepartures: 0,
      exclusions: 0,
      months: [{ month: '2026-01', absentHalfDays: 3, unjustifiedHalfDays: 2, alert: false }],
      alert: false,
    },
    alertThreshold: 4,
  };
}

/** Monday 12 January 2026 of the 4e B demo teacher: maths done, French in course, history to come. */
export function demoSeances(): SeanceList {
  const item = (
    id: string,
    h: number,
    subject: string,
    rollCall: SeanceListItem['rollCall'],
    started: boolean,
  ) => ({
    id,
    start: `2026-01-12T${String(h - 1).padStart(2, '0')}:00:00.000Z`,
    end: `2026-01-12T${String(h).padStart(2, '0')}:00:00.000Z`,
    label: `4e B · ${subject}`,
    classId: 'classe-4b',
    subject,
    rollCall,
    started,
  });
  return {
    date: '2026-01-12',
    seances: [
      item('seance-4b-maths-lundi', 8, 'Mathématiques', 'in_progress', true),
      item('seance-4b-francais-lundi', 10, 'Français', 'todo', false),
      item('seance-4b-histoire-lundi', 14, 'Histoire-géographie', 'todo', false),
    ],
  };
}
