/**
 * Attendance demo data for the demo collège: closed roll calls for every séance of the last two weeks of classes
 * before `today` (today's are left to do, for the demo teacher; after holidays, the weeks before them), with
 * realistic absences by demi-journée, lateness, a few students over the alert threshold, and justifications in
 * every state (validated, refused, pending, none). The demo student has one absence awaiting a justification and
 * one pending. On the first day of classes nothing has been recorded yet. Deterministic: draws come from the
 * module's generator, forked per student; time comes from `today` only.
 */
import {
  addDays,
  classDays,
  DEFAULT_ALERT_THRESHOLD,
  DEFAULT_MOTIFS,
  halfDayOf,
  parisDateTime,
} from '@preau/core';
import { derivedId } from '../ids.js';
import type { SeedContext, SeedModule } from './context.js';

/** Class days of recorded roll calls: two school weeks. */
const WINDOW_CLASS_DAYS = 10;

const COMMENTS: Record<string, string[]> = {
  maladie: ['Fièvre, reste à la maison.', 'Gastro-entérite.', 'Angine, certificat médical à suivre.'],
  rendez_vous_medical: ['Rendez-vous chez l’orthodontiste.', 'Consultation chez l’ophtalmologiste.'],
  raison_familiale: ['Obsèques d’un grand-parent.', 'Naissance dans la famille.'],
  transport: ['Car scolaire en panne.', 'Grève des transports.'],
  convenance_personnelle: ['Départ en vacances anticipé.'],
};

export const attendanceSeed: SeedModule = {
  name: 'attendance',
  async run(ctx: SeedContext): Promise<void> {
    const school = ctx.demoSchool;
    const window = new Set(
      classDays(ctx.calendar)
        .filter((d) => d < ctx.today)
        .slice(-WINDOW_CLASS_DAYS),
    );
    const seances = school.seances.filter((s) => window.has(halfDayOf(s.startsAt).date));
    if (seances.length === 0) return;
    const classById = new Map(school.classes.map((c) => [c.id, c]));
    const studentById = new Map(school.students.map((s) => [s.id, s]));
    const cpe = school.cpeIds[0] ?? school.principalId;

    // Each student's plan: the demi-journées missed and the days late.
    const chronic = new Set(
      ctx.rng
        .fork('chronic')
        .shuffle(school.students.map((s) => s.id))
        .slice(0, Math.max(2, Math.round(school.students.length / 100))),
    );
    const halfDayKeys = [...new Set(seances.map((s) => halfDayOf(s.startsAt).key))].sort();
    const days = [...new Set(seances.map((s) => halfDayOf(s.startsAt).date))].sort();
    const absentHalfDays = new Map<string, Set<string>>();
    const lateDays = new Map<string, Set<string>>();
    // A chronic absentee misses, unjustified, the alert threshold's demi-journées in the window's busiest month
    // (whatever the month boundaries): the vie scolaire's alert list is never empty once two weeks are recorded.
    const byMonth = new Map<string, string[]>();
    for (const k of halfDayKeys) byMonth.set(k.slice(0, 7), [...(byMonth.get(k.slice(0, 7)) ?? []), k]);
    const busiestMonth = [...byMonth.values()].sort((x, y) => y.length - x.length)[0] ?? [];
    const neverJustified = new Map<string, Set<string>>();
    for (const st of school.students) {
      const r = ctx.rng.fork(`student/${st.id}`);
      const p = chronic.has(st.id) ? 0.22 : 0.025;
      const missed = new Set(halfDayKeys.filter(() => r.chance(p)));
      if (chronic.has(st.id)) {
        const forced = r.shuffle(busiestMonth).slice(0, DEFAULT_ALERT_THRESHOLD);
        for (const k of forced) missed.add(k);
        neverJustified.set(st.id, new Set(forced));
      }
      const late = new Set(days.filter(() => r.chance(0.02)));
      absentHalfDays.set(st.id, missed);
      lateDays.set(st.id, late);
    }
    // The demo student: absent on the last morning (to justify in the demo), late once.
    const lastMorning = halfDayKeys.filter((k) => k.endsWith(':AM')).at(-1);
    const firstMorning = halfDayKeys.find((k) => k.endsWith(':AM'));
    if (lastMorning && firstMorning) {
      absentHalfDays.set(ctx.demo.studentId, new Set([lastMorning, firstMorning]));
      lateDays.set(ctx.demo.studentId, new Set([days[Math.floor(days.length / 2)]!]));
    }

    const rollCalls: unknown[][] = [];
    const entries: unknown[][] = [];
    // student → demi-journée → absence entry ids (a family justifies a demi-journée at once)
    const absences = new Map<string, Map<string, string[]>>();
    const firstOfDay = new Set<string>(); // student|date already given their first séance
    let n = 0;
    for (const s of seances) {
      const cls = classById.get(s.classId);
      if (!cls) continue;
      const hd = halfDayOf(s.startsAt);
      const opened = new Date(Date.parse(s.startsAt) + 5 * 60_000).toISOString();
      const closed = new Date(Date.parse(s.startsAt) + 9 * 60_000).toISOString();
      rollCalls.push([s.id, s.teacherId, opened, s.teacherId, closed, closed]);
      for (const studentId of cls.studentIds) {
        const dayKey = `${studentId}|${hd.date}`;
        const first = !firstOfDay.has(dayKey);
        if (first) firstOfDay.add(dayKey);
        let status = 'present';
        let late: number | null = null;
        if (absentHalfDays.get(studentId)?.has(hd.key)) status = 'absent';
        else if (first && lateDays.get(studentId)?.has(hd.date)) {
          status = 'retard';
          late = ctx.rng.fork(`late/${dayKey}`).int(3, 25);
        }
        const id = derivedId('ent', `${ctx.rng.name}/entry/${++n}`);
        entries.push([
          id,
          s.id,
          studentId,
          school.uai,
          s.startsAt,
          status,
          late,
          false,
          1,
          s.teacherId,
          opened,
        ]);
        if (status === 'absent') {
          const byHalf = absences.get(studentId) ?? new Map<string, string[]>();
          byHalf.set(hd.key, [...(byHalf.get(hd.key) ?? []), id]);
          absences.set(studentId, byHalf);
        }
      }
    }
    await ctx.insert(
      'roll_calls',
      ['seance_id', 'opened_by', 'opened_at', 'closed_by', 'closed_at', 'updated_at'],
      rollCalls,
    );
    await ctx.insert(
      'attendance_entries',
      [
        'id',
        'seance_id',
        'student_id',
        'uai',
        'starts_at',
        'status',
        'late_minutes',
        'erroneous',
        'version',
        'recorded_by',
        'recorded_at',
      ],
      entries,
    );

    // Families justify most demi-journées; the CPE has decided the older ones.
    const justifications: unknown[][] = [];
    const links: unknown[][] = [];
    let j = 0;
    for (const [studentId, byHalf] of [...absences].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const st = studentById.get(studentId);
      const guardian = st?.guardianIds[0];
      if (!guardian) continue;
      const r = ctx.rng.fork(`justify/${studentId}`);
      for (const [key, entryIds] of [...byHalf].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const date = key.slice(0, 10);
        const isDemo = studentId === ctx.demo.studentId;
        if (isDemo && key === lastMorning) continue; // left for the demo parent to justify
        const roll = r.next();
        if (neverJustified.get(studentId)?.has(key)) continue;
        if (!isDemo && (chronic.has(studentId) ? roll < 0.7 : roll < 0.15)) continue; // never justified
        const motif = r.weighted<string>([
          ['maladie', 6],
          ['rendez_vous_medical', 2],
          ['raison_familiale', 1],
          ['transport', 1],
          ['convenance_personnelle', 1],
        ]);
        const recent = date >= addDays(ctx.today, -3) || date === days.at(-1);
        const state =
          isDemo || recent ? 'en_attente' : motif === 'convenance_personnelle' ? 'refusee' : 'validee';
        const justifies =
          state === 'en_attente' ? null : DEFAULT_MOTIFS.find((m) => m.code === motif)!.justifies;
        const id = derivedId('jus', `${ctx.rng.name}/justification/${++j}`);
        const submitted = parisDateTime(date, `17:${String(r.int(10, 59)).padStart(2, '0')}`);
        const decided = state === 'en_attente' ? null : parisDateTime(addDays(date, 1), '09:15');
        justifications.push([
          id,
          school.uai,
          studentId,
          guardian,
          submitted,
          motif,
          r.pick(COMMENTS[motif] ?? ['']),
          state,
          justifies,
          decided ? cpe : null,
          decided,
          state === 'refusee' ? 'Motif non recevable.' : null,
        ]);
        for (const entryId of entryIds) links.push([id, entryId]);
      }
    }
    await ctx.insert(
      'absence_justifications',
      [
        'id',
        'uai',
        'student_id',
        'submitted_by',
        'submitted_at',
        'motif',
        'comment',
        'state',
        'justifies',
        'decided_by',
        'decided_at',
        'decision_comment',
      ],
      justifications,
    );
    await ctx.insert('absence_justification_entries', ['justification_id', 'entry_id'], links);
  },
};
