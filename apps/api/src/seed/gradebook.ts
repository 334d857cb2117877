/**
 * Grade book demo data for the demo collège: for every class or group and subject taught, the évaluations of each
 * period begun by `today` (plus one announced), realistic marks with some Abs/Disp/NN on those already held, and,
 * once a period's conseil de classe nears, appréciations per subject, the head teacher's general one and
 * compétence assessments. Nothing is dated after `today` but the announced évaluation; a period begun before
 * today always has a marked évaluation handed back, so that families see the period in course. Deterministic:
 * draws come from the module's generator, forked per class, subject and period.
 */
import {
  addDays,
  classDays,
  type EvaluationKind,
  type EvaluationType,
  type LsuLevel,
  type MarkValue,
  parisDateTime,
  type SocleDomain,
  subjectAverage,
} from '@preau/core';
import { derivedId } from '../ids.js';
import type { SeedContext, SeedModule } from './context.js';
import type { Rng } from './rng.js';

const TITLES: Record<string, string[]> = {
  MATHS: [
    'Fractions',
    'Calcul littéral',
    'Théorème de Pythagore',
    'Puissances',
    'Proportionnalité',
    'Statistiques',
  ],
  FRANC: [
    'Dictée',
    'Rédaction : le récit',
    'Grammaire : les propositions',
    'Lecture analytique',
    'Récitation',
  ],
  HIGEO: [
    'Les Lumières',
    'La Révolution française',
    'Croquis : l’urbanisation',
    'EMC : la laïcité',
    'Repères',
  ],
  ANGL: [
    'Vocabulary test',
    'Compréhension orale',
    'Expression écrite',
    'Irregular verbs',
    'Oral : présentation',
  ],
  ESP: ['Vocabulaire', 'Compréhension écrite', 'Conjugaison : le présent', 'Expression orale'],
  ALL: ['Wortschatz', 'Compréhension écrite', 'Conjugaison', 'Expression orale'],
  ITA: ['Vocabolario', 'Compréhension écrite', 'Conjugaison', 'Expression orale'],
  SVT: ['La cellule', 'TP : le microscope', 'La digestion', 'Les séismes'],
  PHYCH: ['Masse volumique', 'Circuits électriques', 'TP : les mélanges', 'Les états de la matière'],
  TECHN: ['Les matériaux', 'Algorithmique', 'Projet : objet connecté'],
  ARTPL: ['Production plastique', 'Analyse d’œuvre'],
  EDMUS: ['Chant', 'Écoute musicale'],
  EPS: ['Demi-fond', 'Badminton', 'Acrosport'],
};

const DOMAIN_OF: Record<string, SocleDomain> = {
  MATHS: 'CPD_SCI',
  FRANC: 'CPD_FRA',
  HIGEO: 'REP_MND',
  ANGL: 'CPD_ETR',
  ESP: 'CPD_ETR',
  ALL: 'CPD_ETR',
  ITA: 'CPD_ETR',
  SVT: 'SYS_NAT',
  PHYCH: 'SYS_NAT',
  TECHN: 'SYS_NAT',
  ARTPL: 'CPD_ART',
  EDMUS: 'CPD_ART',
  EPS: 'CPD_ART',
};

const APPRECIATIONS: [number, string[]][] = [
  [16, ['Excellent trimestre, travail sérieux et efficace.', 'Très bons résultats, participation active.']],
  [
    13,
    ['Bon trimestre. Continuez ainsi.', 'Bons résultats ; un peu plus de participation serait bienvenue.'],
  ],
  [
    10,
    [
      'Résultats corrects ; le travail doit être plus régulier.',
      'Trimestre satisfaisant, des efforts à poursuivre.',
    ],
  ],
  [
    8,
    [
      'Trimestre fragile : il faut revoir les leçons régulièrement.',
      'Des progrès possibles avec plus de rigueur.',
    ],
  ],
  [
    0,
    [
      'Des difficultés importantes ; un travail plus régulier est indispensable.',
      'Trimestre difficile : ne pas se décourager.',
    ],
  ],
];

const GENERAL: [number, string][] = [
  [15, 'Excellent trimestre. Félicitations pour ce travail sérieux dans toutes les matières.'],
  [12, 'Bon trimestre, avec des résultats solides. Il faut garder ce rythme.'],
  [10, 'Trimestre correct dans l’ensemble ; certaines matières demandent plus d’investissement.'],
  [
    0,
    'Trimestre difficile. Un travail plus régulier à la maison est nécessaire ; l’équipe reste disponible.',
  ],
];

const minDate = (a: string, b: string) => (a < b ? a : b);

/** A mark on /20 put on the barème, to the half point (quarter point on /10), within bounds. */
function onBarème(mark20: number, outOf: number): number {
  const step = outOf <= 10 ? 0.25 : 0.5;
  const raw = (Math.min(20, Math.max(0, mark20)) * outOf) / 20;
  return Math.min(outOf, Math.round(raw / step) * step);
}

interface PlannedEvaluation {
  id: string;
  title: string;
  date: string;
  coefficient: number;
  outOf: number;
  rescaleTo20: boolean;
  publishOn: string;
  type: EvaluationType;
  kind: EvaluationKind;
}

/**
 * The évaluations of one class, subject and period: spread over `days` (the period's class days, the first weeks
 * of the year left out), held before `today`, at most one announced from today on. Early in a period (`past`: its
 * class days before today, from its very first), the first évaluation has already been held and handed back.
 */
function planEvaluations(
  rng: Rng,
  idPrefix: string,
  code: string,
  days: string[],
  past: string[],
  today: string,
): PlannedEvaluation[] {
  const titles = rng.shuffle(TITLES[code] ?? ['Devoir', 'Interrogation', 'Exposé']);
  const count = Math.min(titles.length, ['MATHS', 'FRANC', 'HIGEO', 'ANGL'].includes(code) ? 5 : 3);
  const out: PlannedEvaluation[] = [];
  for (let i = 0; i < count; i++) {
    // Spread over the period; the last one may be announced (today or later, no marks yet).
    const date = days[Math.floor(((i + 0.6) * days.length) / (count + 0.2))] ?? days.at(-1)!;
    if (date >= today && out.some((e) => e.date >= today)) break;
    const type: EvaluationType =
      code === 'EPS' || code === 'EDMUS' ? 'oral' : i % 2 === 0 ? 'devoir_surveille' : 'interrogation';
    const outOf =
      type === 'interrogation'
        ? rng.pick([10, 20])
        : rng.weighted([
            [20, 8],
            [40, 1],
          ] as const);
    out.push({
      id: derivedId('ev', `${idPrefix}-ev${i + 1}`),
      title: titles[i]!,
      date,
      coefficient: type === 'devoir_surveille' ? rng.pick([1, 2]) : rng.pick([0.5, 1]),
      outOf,
      rescaleTo20: outOf === 40 ? rng.chance(0.5) : true,
      publishOn: addDays(date, rng.int(2, 7)),
      type,
      kind: 'normal',
    });
  }
  const first = out[0];
  if (first && past.length > 0 && !out.some((e) => e.date < today && e.publishOn <= today)) {
    if (first.date >= today) first.date = past[Math.max(0, past.length - 3)]!;
    first.publishOn = minDate(addDays(first.date, 2), today);
  }
  const held = days.filter((d) => d < today);
  const extra =
    held.length > 3
      ? rng.weighted([
          ['bonus', 1],
          ['optional', 1],
          ['none', 3],
        ] as const)
      : 'none';
  if (extra === 'bonus') {
    out.push({
      id: derivedId('ev', `${idPrefix}-bonus`),
      title: 'Défi bonus',
      date: held[held.length - 2]!,
      coefficient: 1,
      outOf: 20,
      rescaleTo20: true,
      publishOn: held.at(-1)!,
      type: 'devoir_maison',
      kind: 'bonus',
    });
  } else if (extra === 'optional') {
    out.push({
      id: derivedId('ev', `${idPrefix}-opt`),
      title: 'Interrogation facultative',
      date: held[held.length - 3]!,
      coefficient: 1,
      outOf: 20,
      rescaleTo20: true,
      publishOn: held.at(-1)!,
      type: 'interrogation',
      kind: 'optional',
    });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

export const gradebookSeed: SeedModule = {
  name: 'gradebook',
  async run(ctx: SeedContext) {
    const school = ctx.demoSchool;
    const days = classDays(ctx.calendar);
    const subjectById = new Map(school.subjects.map((s) => [s.id, s]));
    const classById = new Map(school.classes.map((c) => [c.id, c]));
    const studentRng = ctx.rng.fork('students');
    const ability = new Map(school.students.map((s) => [s.id, studentRng.normal(12.5, 3, 4, 18.5)]));

    const evaluations: unknown[][] = [];
    const marks: unknown[][] = [];
    const appreciations: unknown[][] = [];
    const competences: unknown[][] = [];
    /** period|student → [subject coefficient, average] for the general appréciation. */
    const perStudent = new Map<string, { coefficient: number; average: number }[]>();
    // Every row says when it was written: at 18:00 on a day already past (never after `today`).
    const yesterday = addDays(ctx.today, -1);
    const writtenOn = (day: string) => parisDateTime(minDate(day, yesterday), '18:00');
    const begun = (cls: { periodScheme: string }) =>
      school.periods.filter((p) => p.scheme === cls.periodScheme && p.startsOn <= ctx.today);
    /** Appréciations and compétences are written in the week before a period's grades are due. */
    const reviewed = (p: { gradesDeadline: string }) => ctx.today >= addDays(p.gradesDeadline, -7);

    for (const a of school.assignments) {
      const cls = classById.get(a.classId);
      const subject = subjectById.get(a.subjectId);
      if (!cls || !subject || cls.studentIds.length === 0) continue;
      for (const period of begun(cls)) {
        const all = days.filter((d) => d >= period.startsOn && d <= period.endsOn);
        // The first days of the year go to settling in: the évaluations start in the third week.
        const periodDays = period.number === 1 ? all.filter((d) => d >= addDays(period.startsOn, 10)) : all;
        if (periodDays.length === 0) continue;
        const past = all.filter((d) => d < ctx.today);
        const rng = ctx.rng.fork(`${cls.id}/${subject.id}/${period.number}`);
        const planned = planEvaluations(
          rng,
          `${rng.name}/${a.id}-${period.id}`,
          subject.code,
          periodDays,
          past,
          ctx.today,
        );
        const offset = new Map(cls.studentIds.map((s) => [s, rng.normal(0, 1.5)]));
        const byStudent = new Map<string, { evaluation: PlannedEvaluation; value: MarkValue | null }[]>();
        for (const e of planned) {
          const created = writtenOn(addDays(e.date, -7));
          evaluations.push([
            e.id,
            school.uai,
            cls.id,
            subject.id,
            period.id,
            e.title,
            e.date,
            e.coefficient,
            e.outOf,
            e.rescaleTo20,
            e.publishOn,
            e.type,
            e.kind,
            a.teacherId,
            created,
            created,
          ]);
          if (e.date >= ctx.today) continue; // announced: held today or later, not marked yet
          const difficulty = rng.normal(0, 1.2);
          const entered = writtenOn(addDays(e.date, 1));
          for (const sid of cls.studentIds) {
            // Bonus and optional work is handed in by some students only.
            if (e.kind !== 'normal' && rng.chance(0.5)) continue;
            let value: MarkValue;
            const r = rng.next();
            if (r < 0.03) value = 'Abs';
            else if (r < (subject.code === 'EPS' ? 0.07 : 0.037)) value = 'Disp';
            else if (r < (subject.code === 'EPS' ? 0.078 : 0.045)) value = 'NN';
            else {
              const mean =
                (ability.get(sid) ?? 12) + (offset.get(sid) ?? 0) - difficulty + (e.kind === 'bonus' ? 2 : 0);
              value = onBarème(rng.normal(mean, 2.2, 0, 20), e.outOf);
            }
            marks.push([
              e.id,
              sid,
              typeof value === 'number' ? value : null,
              typeof value === 'string' ? value : null,
              a.teacherId,
              entered,
            ]);
            const list = byStudent.get(sid) ?? [];
            list.push({ evaluation: e, value });
            byStudent.set(sid, list);
          }
        }
        if (!reviewed(period)) continue;
        const written = writtenOn(addDays(period.gradesDeadline, -2));
        for (const sid of cls.studentIds) {
          const average = subjectAverage(byStudent.get(sid) ?? []);
          if (average === null) continue;
          const bucket = APPRECIATIONS.find(([min]) => average >= min)![1];
          appreciations.push([sid, period.id, subject.id, cls.id, rng.pick(bucket), a.teacherId, written]);
          const key = `${period.id}|${sid}`;
          perStudent.set(key, [
            ...(perStudent.get(key) ?? []),
            { coefficient: Number(subject.coefficient), average },
          ]);
          const level = (lvl: number) => Math.min(4, Math.max(1, Math.round(lvl))) as LsuLevel;
          const base = average >= 15 ? 4 : average >= 11 ? 3 : average >= 8 ? 2 : 1;
          const domain = DOMAIN_OF[subject.code] ?? 'MET_APP';
          const assess = (d: SocleDomain, spread: number) =>
            competences.push([
              sid,
              cls.id,
              subject.id,
              period.id,
              d,
              level(base + rng.normal(0, spread)),
              null,
              a.teacherId,
              written,
            ]);
          assess(domain, 0.4);
          if (domain !== 'MET_APP' && rng.chance(0.5)) assess('MET_APP', 0.6);
        }
      }
    }

    // The head teacher's general appréciation, from the rounded subject averages.
    for (const cls of school.classes) {
      if (cls.kind !== 'classe' || !cls.headTeacherId) continue;
      for (const period of begun(cls).filter(reviewed)) {
        const written = writtenOn(addDays(period.gradesDeadline, -1));
        for (const sid of cls.studentIds) {
          const list = perStudent.get(`${period.id}|${sid}`);
          if (!list?.length) continue;
          const weight = list.reduce((s, x) => s + x.coefficient, 0);
          const mean = list.reduce((s, x) => s + x.coefficient * x.average, 0) / weight;
          const text = GENERAL.find(([min]) => mean >= min)![1];
          appreciations.push([sid, period.id, null, cls.id, text, cls.headTeacherId, written]);
        }
      }
    }

    await ctx.insert(
      'evaluations',
      [
        'id',
        'uai',
        'class_id',
        'subject_id',
        'period_id',
        'title',
        'date',
        'coefficient',
        'out_of',
        'rescale_to_20',
        'publish_on',
        'type',
        'kind',
        'created_by',
        'created_at',
        'updated_at',
      ],
      evaluations,
    );
    await ctx.insert(
      'marks',
      ['evaluation_id', 'student_id', 'value', 'annotation', 'updated_by', 'updated_at'],
      marks,
    );
    await ctx.insert(
      'appreciations',
      ['student_id', 'period_id', 'subject_id', 'class_id', 'text', 'author_id', 'updated_at'],
      appreciations,
    );
    await ctx.insert(
      'competence_assessments',
      [
        'student_id',
        'class_id',
        'subject_id',
        'period_id',
        'domain',
        'level',
        'evaluation_id',
        'assessed_by',
        'assessed_at',
      ],
      competences,
    );
    // PGlite runs no autovacuum: without statistics the planner guesses a handful of rows and picks poor plans.
    await ctx.db.exec(
      'ANALYZE evaluations; ANALYZE marks; ANALYZE appreciations; ANALYZE competence_assessments;',
    );
  },
};
