/**
 * Cahier de textes demo data for the demo collège: an entry for every séance of every class and group from the
 * rentrée to the day before `today` (today's are left to write), chapters that progress through the year, work
 * due at the next séance (lessons, exercises, a DM now and then, revision before a test), links, the demo
 * teacher's private notes, the direction's visas after each holiday already over (with one visible amendment),
 * and students' ticks. Deterministic: draws come from the module's generator forked per stream and per work item;
 * time comes from `today` only.
 */
import { addDays, parisDateTime, parisMidnight, type WorkType } from '@preau/core';
import { htmlToText } from '../content/rich-text.js';
import { derivedId } from '../ids.js';
import type { SeedContext, SeedModule } from './context.js';
import {
  ACTIVITIES,
  ACTIVITY_GROUP,
  CHAPTERS,
  LINKS,
  PRIVATE_NOTES,
  WORK,
  WORK_RATE,
} from './lesson-log-content.js';
import type { Rng } from './rng.js';
import type { SeededSeance } from './school-types.js';

const minutes = (iso: string, add: number) => new Date(Date.parse(iso) + add * 60_000).toISOString();
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

interface WorkRow {
  id: string;
  entryId: string;
  classId: string;
  type: WorkType;
  title: string;
  givenOn: string;
  dueOn: string;
  minutes: number;
  publishAt: string;
}

/** The work given at one séance, if any: the usual kinds, a DM every few weeks, revision before a test. */
function workFor(
  r: Rng,
  code: string,
  chapter: string,
  index: number,
  perChapter: number,
  later: (n: number) => string | undefined,
): { type: WorkType; title: string; dueOn: string; minutes: number } | null {
  const group = ACTIVITY_GROUP[code] ?? 'SCIENCES';
  const page = r.int(12, 220);
  const n = r.int(1, 40);
  const values = { ch: chapter, p: page, q: page + r.int(6, 20), n, m: n + r.int(1, 6) };
  const essential = code === 'MATHS' || code === 'FRANC';
  if (essential && index % perChapter === perChapter - 3 && later(2)) {
    return {
      type: 'ds',
      title: `Réviser le contrôle sur « ${chapter} »`,
      dueOn: later(2)!,
      minutes: r.int(40, 60),
    };
  }
  if (essential && index % 11 === 5 && later(4)) {
    return { type: 'dm', title: `Devoir maison : ${chapter}`, dueOn: later(4)!, minutes: r.int(45, 75) };
  }
  if ((code === 'HIGEO' || code === 'FRANC') && index % 29 === 7 && later(8)) {
    return {
      type: 'expose',
      title: `Exposé en binôme : ${chapter}`,
      dueOn: later(8)!,
      minutes: r.int(60, 120),
    };
  }
  if (!r.chance(WORK_RATE[group] ?? 0.3)) return null;
  const due = later(1);
  if (!due) return null;
  const [, type, template, [lo, hi]] = r.weighted((WORK[group] ?? []).map((w) => [w, w[0]] as const));
  return { type, title: fill(template, values), dueOn: due, minutes: r.int(lo, hi) };
}

export const lessonLogSeed: SeedModule = {
  name: 'lesson-log',
  async run(ctx: SeedContext): Promise<void> {
    const school = ctx.demoSchool;
    const classById = new Map(school.classes.map((c) => [c.id, c]));
    const subjectById = new Map(school.subjects.map((s) => [s.id, s]));
    const dayOf = (s: SeededSeance) => s.startsAt.slice(0, 10); // the séances carry their Paris offset
    const streams = new Map<string, SeededSeance[]>();
    for (const s of school.seances) {
      const key = `${s.classId}|${s.subjectId}`;
      const list = streams.get(key);
      if (list) list.push(s);
      else streams.set(key, [s]);
    }
    const texts = new Map<string, string>();
    const textOf = (html: string) => {
      const known = texts.get(html);
      if (known !== undefined) return known;
      const text = htmlToText(html);
      texts.set(html, text);
      return text;
    };

    const entries: unknown[][] = [];
    const notes: unknown[][] = [];
    const work: WorkRow[] = [];
    // The demo teacher's earliest entries, candidates for an amendment after the first visa.
    const demoEntries: { id: string; date: string; title: string; html: string; publishAt: string }[] = [];
    for (const [key, list] of [...streams].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const cls = classById.get(list[0]!.classId);
      const subject = subjectById.get(list[0]!.subjectId);
      if (!cls || !subject) continue;
      const byLevel = CHAPTERS[subject.code];
      const chapters = byLevel?.[cls.level] ?? byLevel?.all ?? [subject.name];
      const perChapter = Math.max(4, Math.ceil(list.length / chapters.length));
      const activities = ACTIVITIES[ACTIVITY_GROUP[subject.code] ?? 'SCIENCES']!;
      const links = LINKS[ACTIVITY_GROUP[subject.code] ?? 'SCIENCES'] ?? [];
      const r = ctx.rng.fork(`stream/${key}`);
      const days = list.map(dayOf);
      list.forEach((s, i) => {
        const date = days[i]!;
        if (date >= ctx.today) return;
        const chapter = chapters[Math.min(chapters.length - 1, Math.floor(i / perChapter))]!;
        const id = derivedId('les', `${ctx.rng.name}/lesson-entry/${entries.length + 1}`);
        const html = fill(activities[(i + r.int(0, 1)) % activities.length]!, { ch: chapter });
        const publishAt = minutes(s.endsAt, r.int(10, 180));
        const link = links.length && r.chance(0.2) ? [r.pick(links)] : [];
        entries.push([
          id,
          school.uai,
          s.classId,
          s.subjectId,
          s.teacherId,
          s.id,
          date,
          chapter,
          html,
          textOf(html),
          link,
          publishAt,
          1,
          publishAt,
          publishAt,
        ]);
        if (s.teacherId === ctx.demo.teacherId) {
          if (r.chance(0.15)) notes.push([id, s.teacherId, r.pick(PRIVATE_NOTES), publishAt]);
          if (s.classId === ctx.demo.classId) demoEntries.push({ id, date, title: chapter, html, publishAt });
        }
        // The day of the n-th later séance of this class in this subject (on a later day).
        const later = (n: number) => {
          for (let j = i + 1, seen = 0; j < days.length; j++) {
            if (days[j]! > date && ++seen === n) return days[j];
          }
          return undefined;
        };
        // The last séance before today gives work for the next one: the coming days always have some.
        const last = i + 1 === list.length || days[i + 1]! >= ctx.today;
        const next = later(1);
        const w =
          workFor(r, subject.code, chapter, i, perChapter, later) ??
          (last && next
            ? {
                type: 'lecon' as const,
                title: `Apprendre la leçon : ${chapter}`,
                dueOn: next,
                minutes: r.int(10, 20),
              }
            : null);
        if (w) {
          work.push({
            id: derivedId('wk', `${ctx.rng.name}/lesson-work/${work.length + 1}`),
            entryId: id,
            classId: s.classId,
            givenOn: date,
            publishAt,
            ...w,
          });
        }
      });
    }

    // Visas: after each holiday already over, the direction visas every cahier up to the last day before it.
    const visas: unknown[][] = [];
    const holidays = ctx.calendar.holidays.filter((h) => addDays(h.to, 1) < ctx.today);
    for (const h of holidays) {
      const upTo = addDays(h.from, -1);
      const at = parisDateTime(addDays(h.to, 1), '10:00');
      for (const c of school.classes) {
        const by = c.kind === 'classe' || !school.adjointId ? school.principalId : school.adjointId;
        visas.push([
          derivedId('visa', `${ctx.rng.name}/lesson-visa/${visas.length + 1}`),
          school.uai,
          c.id,
          upTo,
          'Cahier tenu à jour.',
          by,
          at,
        ]);
      }
    }

    // One visible amendment: the demo teacher corrects an entry of the first visaed weeks.
    const revisions: unknown[][] = [];
    const firstVisa = holidays[0];
    const amended =
      firstVisa && demoEntries.find((e) => e.date < firstVisa.from && e.date > addDays(firstVisa.from, -20));
    if (firstVisa && amended) {
      const changedAt = parisDateTime(addDays(firstVisa.to, 3), '17:30');
      const visaId = visas.find(
        (v) => v[2] === ctx.demo.classId && v[3] === addDays(firstVisa.from, -1),
      )?.[0];
      if (Date.parse(changedAt) < parisMidnight(ctx.today).getTime() && visaId) {
        const row = entries.find((e) => e[0] === amended.id)!;
        const html = `${amended.html}<p><strong>Rectificatif :</strong> les exercices étaient p. 48 (et non p. 84).</p>`;
        Object.assign(row, { 8: html, 9: textOf(html), 12: 2, 14: changedAt });
        const snapshot = {
          title: amended.title,
          contentHtml: amended.html,
          links: [],
          publishAt: amended.publishAt,
          work: [],
          attachments: [],
        };
        revisions.push([
          amended.id,
          1,
          snapshot,
          true,
          visaId,
          'Numéro de page erroné.',
          ctx.demo.teacherId,
          changedAt,
        ]);
      }
    }

    // Ticks: most students tick past work; a few tick ahead. The demo student leaves what is still due to do.
    const done: unknown[][] = [];
    const midnight = parisMidnight(ctx.today).getTime();
    for (const w of work) {
      const cls = classById.get(w.classId);
      if (!cls) continue;
      const past = w.dueOn < ctx.today;
      const r = ctx.rng.fork(`done/${w.id}`);
      // From 17:00 the evening before it is due, and at least an hour after it was published.
      const evening = Date.parse(parisDateTime(addDays(w.dueOn, -1), '17:00'));
      const earliest = Date.parse(w.publishAt) + 3_600_000;
      for (const studentId of cls.studentIds) {
        if (!r.chance(past ? 0.8 : 0.2) || (!past && studentId === ctx.demo.studentId)) continue;
        const at = Math.max(evening + r.int(0, 299) * 60_000, earliest);
        if (at < midnight) done.push([w.id, studentId, new Date(at).toISOString()]);
      }
    }

    await ctx.insert(
      'lesson_entries',
      [
        'id',
        'uai',
        'class_id',
        'subject_id',
        'teacher_id',
        'seance_id',
        'date',
        'title',
        'content_html',
        'content_text',
        'links',
        'publish_at',
        'version',
        'created_at',
        'updated_at',
      ],
      entries,
    );
    await ctx.insert(
      'lesson_work',
      [
        'id',
        'entry_id',
        'class_id',
        'position',
        'type',
        'title',
        'given_on',
        'due_on',
        'estimated_minutes',
        'updated_at',
      ],
      work.map((w) => [
        w.id,
        w.entryId,
        w.classId,
        0,
        w.type,
        w.title,
        w.givenOn,
        w.dueOn,
        w.minutes,
        w.publishAt,
      ]),
    );
    await ctx.insert('lesson_private_notes', ['entry_id', 'author_id', 'note', 'updated_at'], notes);
    await ctx.insert(
      'lesson_visas',
      ['id', 'uai', 'class_id', 'up_to', 'comment', 'visaed_by', 'visaed_at'],
      visas,
    );
    await ctx.insert(
      'lesson_entry_revisions',
      ['entry_id', 'version', 'snapshot', 'amendment', 'visa_id', 'reason', 'changed_by', 'changed_at'],
      revisions,
    );
    await ctx.insert('lesson_work_done', ['work_id', 'student_id', 'done_at'], done);
  },
};
