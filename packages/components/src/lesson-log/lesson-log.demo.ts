import type {
  ClassLessonLogView,
  LessonEntryView,
  LessonLogContextView,
  LessonVisaOverviewView,
  StudentAgendaView,
  StudentWorkItemView,
  WorkloadView,
} from '@preau/core/lesson-log/views';
import type { WorkType } from '@preau/core/lesson-log/work-types';
import { addDays, mondayOf } from './time.js';

/**
 * Deterministic demo data for stories, tests, benchmarks and property-mode examples: a 4e B maths cahier, Léa
 * Martin's agenda, the collège's classes for the direction. Dated around Thursday 19 November 2026 (the clock
 * stories and tests inject). Not imported by the element itself.
 */
export const DEMO_TODAY = '2026-11-19';
/** Thursday 19 November 2026, 09:30 in Paris (the maths séance 09:00–09:55 is in course). */
export const DEMO_CLOCK = () => new Date('2026-11-19T08:30:00Z');

const teacher = { id: 't-durand', name: 'Anne DURAND' };
const cls = { id: 'c-4b', name: '4e B', kind: 'classe' as const };
const maths = { id: 's-maths', code: 'MATHS', name: 'Mathématiques' };
const at = (date: string, hhmm: string) => {
  // November: Paris is UTC+1.
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return `${date}T${String(h - 1).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;
};

function entry(
  over: Partial<LessonEntryView> & Pick<LessonEntryView, 'id' | 'date' | 'title'>,
): LessonEntryView {
  return {
    uai: '0511234X',
    class: cls,
    subject: maths,
    teacher,
    seanceId: null,
    startsAt: null,
    endsAt: null,
    contentHtml: '',
    links: [],
    attachments: [],
    work: [],
    publishAt: at(over.date, '18:00'),
    published: true,
    locked: false,
    amendments: [],
    privateNote: null,
    canEdit: true,
    version: 1,
    createdAt: at(over.date, '18:00'),
    updatedAt: at(over.date, '18:00'),
    ...over,
  };
}

export function demoClassLog(): ClassLessonLogView {
  const mon = '2026-11-16';
  const tue = '2026-11-17';
  const thu = '2026-11-19';
  const fri = '2026-11-20';
  const seance = (id: string, date: string, start: string, end: string, entryId: string | null) => ({
    id,
    subjectId: maths.id,
    subjectName: maths.name,
    teacher,
    startsAt: at(date, start),
    endsAt: at(date, end),
    room: 'B12',
    entryId,
  });
  return {
    class: { ...cls, uai: '0511234X', level: '4e', schoolYear: 2026 },
    from: mon,
    to: addDays(mon, 6),
    lockedUntil: '2026-10-16',
    visas: [
      {
        id: 'v1',
        classId: cls.id,
        upTo: '2026-10-16',
        comment: 'Cahier tenu avec soin.',
        visaedAt: '2026-11-02T10:00:00.000Z',
        visaedBy: { id: 'p', name: 'Hélène ROUSSEL' },
      },
    ],
    seances: [
      seance('se-mon', mon, '10:00', '10:55', 'e-mon'),
      seance('se-tue', tue, '14:00', '14:55', 'e-tue'),
      seance('se-thu', thu, '09:00', '09:55', null),
      seance('se-fri', fri, '08:00', '08:55', null),
    ],
    entries: [
      entry({
        id: 'e-mon',
        date: mon,
        seanceId: 'se-mon',
        startsAt: at(mon, '10:00'),
        endsAt: at(mon, '10:55'),
        title: 'Théorème de Pythagore',
        contentHtml:
          '<p>Cours : <strong>énoncé</strong> et démonstration par les aires.</p><ul><li>Activité 1 p. 182</li><li>Exemple corrigé</li></ul>',
        links: [{ url: 'https://www.lumni.fr/video/le-theoreme-de-pythagore', label: 'Vidéo Lumni' }],
        attachments: [
          {
            id: 'f1',
            name: 'Fiche Pythagore.pdf',
            mediaType: 'application/pdf',
            size: 48_213,
            workId: null,
            href: '/api/v1/files/f1',
          },
        ],
        work: [
          {
            id: 'w-mon',
            entryId: 'e-mon',
            type: 'exercices',
            title: 'Exercices 12 et 14 p. 188',
            instructionsHtml: '<p>Rédiger la justification complète.</p>',
            givenOn: mon,
            dueOn: thu,
            estimatedMinutes: 25,
            target: cls,
            attachments: [],
            version: 1,
          },
        ],
        privateNote: 'Reprendre la rédaction avec Lucas et Inès.',
      }),
      entry({
        id: 'e-tue',
        date: tue,
        seanceId: 'se-tue',
        startsAt: at(tue, '14:00'),
        endsAt: at(tue, '14:55'),
        title: 'Réciproque de Pythagore',
        contentHtml: '<p>Savoir prouver qu’un triangle est rectangle.</p>',
        work: [
          {
            id: 'w-tue',
            entryId: 'e-tue',
            type: 'lecon',
            title: 'Apprendre le cours',
            instructionsHtml: '',
            givenOn: tue,
            dueOn: fri,
            estimatedMinutes: 15,
            target: cls,
            attachments: [],
            version: 1,
          },
        ],
      }),
    ],
  };
}

export function demoContext(): LessonLogContextView {
  return {
    today: DEMO_TODAY,
    nextClassDay: '2026-11-20',
    schoolYear: 2026,
    teaching: [
      { ...cls, subjects: [maths] },
      { id: 'c-4a', name: '4e A', kind: 'classe', subjects: [maths] },
      { id: 'g-4b-soutien', name: '4e B soutien', kind: 'groupe', subjects: [maths] },
    ],
    students: [],
    etablissements: [],
  };
}

const SUBJECTS = [
  { id: 's-maths', code: 'MATHS', name: 'Mathématiques', teacher: 'Anne DURAND' },
  { id: 's-fr', code: 'FRANC', name: 'Français', teacher: 'Paul LEROY' },
  { id: 's-hg', code: 'HIGEO', name: 'Histoire-géographie', teacher: 'Julie MOREL' },
  { id: 's-ang', code: 'AGL1', name: 'Anglais', teacher: 'Sarah BLAKE' },
  { id: 's-svt', code: 'SVT', name: 'SVT', teacher: 'Marc GIRAUD' },
  { id: 's-pc', code: 'PH-CH', name: 'Physique-chimie', teacher: 'Nadia AZIZ' },
];
const TITLES: [WorkType, string][] = [
  ['exercices', 'Exercices {n} et {m} p. {p}'],
  ['lecon', 'Apprendre la leçon {n}'],
  ['dm', 'Devoir maison n°{n}'],
  ['recherche', 'Rechercher la biographie demandée'],
  ['ds', 'Réviser le contrôle du chapitre {n}'],
  ['expose', 'Préparer l’exposé en binôme'],
];

/** Léa Martin's agenda from `from` over `days`, about `perDay` pieces of work due each school day. */
export function demoAgenda(
  options: { today?: string; from?: string; days?: number; perDay?: number; canTick?: boolean } = {},
): StudentAgendaView {
  const today = options.today ?? DEMO_TODAY;
  const from = options.from ?? today;
  const days = options.days ?? 14;
  const perDay = options.perDay ?? 2;
  const work: StudentWorkItemView[] = [];
  let k = 0;
  for (let d = 0; d < days; d++) {
    const dueOn = addDays(from, d);
    const dow = new Date(`${dueOn}T12:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    for (let i = 0; i < perDay; i++) {
      k++;
      const s = SUBJECTS[(k * 7 + i) % SUBJECTS.length]!;
      const [type, template] = TITLES[k % TITLES.length]!;
      const givenOn = addDays(dueOn, -2 - (k % 3));
      work.push({
        id: `w${k}`,
        entryId: `e${k}`,
        type,
        title: template
          .replace('{n}', String((k % 30) + 1))
          .replace('{m}', String((k % 30) + 3))
          .replace('{p}', String(40 + (k % 150))),
        instructionsHtml: k % 3 === 0 ? '<p>Présenter les calculs <strong>au propre</strong>.</p>' : '',
        givenOn,
        dueOn,
        estimatedMinutes: 10 + (k % 5) * 10,
        target: cls,
        attachments:
          k % 5 === 0
            ? [
                {
                  id: `f${k}`,
                  name: `Énoncé ${k}.pdf`,
                  mediaType: 'application/pdf',
                  size: 20_480 + k,
                  workId: `w${k}`,
                  href: `/api/v1/files/f${k}`,
                },
              ]
            : [],
        version: 1,
        subject: { id: s.id, code: s.code, name: s.name },
        teacher: { id: `t-${s.code}`, name: s.teacher },
        entryTitle: 'Séance',
        entryDate: givenOn,
        done: dueOn < today || k % 4 === 0,
        doneAt: dueOn < today || k % 4 === 0 ? `${givenOn}T17:00:00.000Z` : null,
      });
    }
  }
  return {
    student: { id: 'e-lea', firstName: 'Léa', lastName: 'Martin' },
    today,
    nextClassDay: addDays(today, 1),
    from,
    to: addDays(from, Math.max(0, days - 1)),
    work,
    canTick: options.canTick ?? true,
  };
}

/** A school year of work for the benchmark: every school day from 1 September, `perDay` items a day. */
export function demoYearAgenda(perDay = 5): StudentAgendaView {
  return demoAgenda({ today: '2027-06-30', from: '2026-09-01', days: 303, perDay, canTick: true });
}

export function demoOverview(): LessonVisaOverviewView {
  const names = [
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
  return {
    uai: '0511234X',
    classes: names.map((name, i) => ({
      id: `c-${name.replace(/\W/g, '').toLowerCase()}`,
      name,
      kind: 'classe' as const,
      level: name.slice(0, 2),
      entries: 180 + i * 7,
      lastEntryDate: '2026-11-18',
      visa:
        i % 4 === 3
          ? null
          : {
              id: `v${i}`,
              classId: `c${i}`,
              upTo: '2026-10-16',
              comment: '',
              visaedAt: '2026-11-02T10:00:00.000Z',
              visaedBy: { id: 'p', name: 'Hélène ROUSSEL' },
            },
      entriesSinceVisa: 40 + i,
      amendments: i === 7 ? 1 : 0,
    })),
  };
}

export function demoWorkload(date = '2026-11-23'): WorkloadView {
  const weekStart = mondayOf(date);
  const days = Array.from({ length: 7 }, (_, i) => {
    const d = addDays(weekStart, i);
    const minutes = i < 5 ? [40, 75, 30, 60, 20][i]! : 0;
    return { date: d, minutes, count: minutes ? 2 : 0, overLimit: minutes > 60 };
  });
  return {
    class: cls,
    date,
    weekStart,
    days,
    day: days.find((d) => d.date === date) ?? days[0]!,
    weekMinutes: 225,
    limits: { dailyMinutes: 60, weeklyMinutes: 240 },
    overLimit: true,
    bySubject: [
      { subjectId: 's-maths', subjectName: 'Mathématiques', minutes: 95 },
      { subjectId: 's-fr', subjectName: 'Français', minutes: 80 },
      { subjectId: 's-hg', subjectName: 'Histoire-géographie', minutes: 50 },
    ],
    items: [
      {
        workId: 'w-fr-1',
        entryId: 'e-fr-1',
        subject: { id: 's-fr', name: 'Français' },
        type: 'lecon',
        title: 'Apprendre le poème',
        dueOn: addDays(weekStart, 1),
        estimatedMinutes: 30,
        target: cls,
        share: 1,
        published: true,
      },
      {
        workId: 'w-hg-1',
        entryId: 'e-hg-1',
        subject: { id: 's-hg', name: 'Histoire-géographie' },
        type: 'exercices',
        title: 'Croquis p. 112',
        dueOn: addDays(weekStart, 1),
        estimatedMinutes: 45,
        target: cls,
        share: 1,
        published: true,
      },
    ],
  };
}
