/**
 * The timetable of a generated établissement: the weekly pattern (every unit's hours placed so that no class,
 * group or teacher is in two places), the teaching assignments it implies, and the dated séances of a range.
 */
import { DAY_SLOTS, parisDateTime, WEDNESDAY_SLOT_COUNT } from '@preau/core';
import type { PeopleMaker } from './people.js';
import type { Rng } from './rng.js';
import type { SeededAssignment, SeededSeance, WeeklySlot } from './school-types.js';
import { type Alignment, SERVICE_HOURS, type Teacher, type Unit } from './teaching.js';

/** `parisDateTime`, remembered: a year has a few hundred class days and eight slot times. */
const instants = new Map<string, string>();
function parisInstant(day: string, time: string): string {
  const key = `${day} ${time}`;
  let v = instants.get(key);
  if (v === undefined) {
    v = parisDateTime(day, time);
    instants.set(key, v);
  }
  return v;
}

/** Slot indices of the week: Monday, Tuesday, Thursday, Friday all day; Wednesday mornings. */
const WEEK: { weekday: number; slot: number }[] = [];
for (let weekday = 1; weekday <= 5; weekday++) {
  const n = weekday === 3 ? WEDNESDAY_SLOT_COUNT : DAY_SLOTS.length;
  for (let slot = 0; slot < n; slot++) WEEK.push({ weekday, slot });
}

/**
 * The weekly timetable: every unit's hours placed so that no class, group or teacher is in two places. When no
 * teacher of a unit is free, another teacher of the subject (or one `hire` takes on) gives the hour.
 */
export function schedule(
  uai: string,
  aligns: readonly Alignment[],
  unitList: readonly Unit[],
  r: Rng,
  teachers: readonly Teacher[],
  hire: (code: string) => Teacher,
): WeeklySlot[] {
  const n = WEEK.length;
  const busy = new Map<string, Uint8Array>();
  const busyOf = (id: string) => {
    let b = busy.get(id);
    if (!b) {
      b = new Uint8Array(n);
      busy.set(id, b);
    }
    return b;
  };
  // How many hours of a subject a class already has on each weekday (spread lessons over the week).
  const perDay = new Map<string, Uint8Array>();
  const perDayOf = (key: string) => {
    let b = perDay.get(key);
    if (!b) {
      b = new Uint8Array(6);
      perDay.set(key, b);
    }
    return b;
  };
  interface Event {
    /** Classes that must be free (the class itself, or the aligned classes of LV2 groups). */
    blocks: string[];
    parts: { classId: string; subjectCode: string; teacher: Teacher }[];
    spreadKey: string;
    /** 1 hour, or 2 consecutive hours of the same half-day (EPS goes to the gym for two hours). */
    length: 1 | 2;
  }
  const events: Event[] = [];
  aligns.forEach((a, ai) => {
    const mine = unitList.filter((u) => u.alignment === ai);
    const hours = mine[0]?.hours ?? 0;
    for (let h = 0; h < hours; h++) {
      events.push({
        blocks: [...a.classIds, ...mine.map((u) => u.classId)],
        parts: mine.map((u) => ({ classId: u.classId, subjectCode: u.subjectCode, teacher: u.teacher! })),
        spreadKey: `${a.classIds[0]}|LV2`,
        length: 1,
      });
    }
  });
  const blockEvents: Event[] = [];
  const classEvents: Event[] = [];
  for (const u of unitList) {
    if (u.alignment !== null) continue;
    const part = { classId: u.classId, subjectCode: u.subjectCode, teacher: u.teacher! };
    let left = u.hours;
    if (u.subjectCode === 'EPS') {
      for (; left >= 2; left -= 2) {
        blockEvents.push({
          blocks: [u.classId],
          parts: [{ ...part }],
          spreadKey: `${u.classId}|EPS`,
          length: 2,
        });
      }
    }
    for (; left > 0; left--) {
      classEvents.push({
        blocks: [u.classId],
        parts: [{ ...part }],
        spreadKey: `${u.classId}|${u.subjectCode}`,
        length: 1,
      });
    }
  }
  // Two-hour blocks next (they need two free slots in a row), then the busiest teachers first: they have the
  // fewest free slots.
  const byLoad = (list: Event[]) =>
    r.shuffle(list).sort((a, b) => b.parts[0]!.teacher.weeklyHours - a.parts[0]!.teacher.weeklyHours);
  events.push(...byLoad(blockEvents), ...byLoad(classEvents));

  // Slots that may start an event of `length`: a two-hour block starts on an even slot of the same half-day.
  const startsOk = (i: number, length: 1 | 2) =>
    length === 1 || (WEEK[i]!.slot % 2 === 0 && i + 1 < n && WEEK[i + 1]!.weekday === WEEK[i]!.weekday);
  const covered = (i: number, length: 1 | 2) => (length === 1 ? [i] : [i, i + 1]);

  const placed: WeeklySlot[] = [];
  for (let e = 0; e < events.length; e++) {
    const ev = events[e]!;
    let best = -1;
    let bestScore = Infinity;
    let bestRelaxed = -1;
    let bestRelaxedScore = Infinity;
    const spread = perDayOf(ev.spreadKey);
    const order = r.shuffle(WEEK.map((_, i) => i));
    for (const i of order) {
      if (!startsOk(i, ev.length)) continue;
      const slots = covered(i, ev.length);
      if (ev.blocks.some((c) => slots.some((k) => busyOf(c)[k]))) continue;
      const { weekday, slot } = WEEK[i]!;
      // Earlier slots first: days start at 8:00 and end early rather than with holes in the morning.
      const last = slot + ev.length - 1;
      let score = spread[weekday]! * 10 + slot * 0.6 + (last === DAY_SLOTS.length - 1 ? 3 : 0);
      // Compact days: next to another lesson of the class is better than a gap.
      const cb = busyOf(ev.blocks[0]!);
      const sameDay = (j: number) => j >= 0 && j < n && WEEK[j]!.weekday === weekday;
      const after = i + ev.length;
      if ((sameDay(i - 1) && cb[i - 1]) || (sameDay(after) && cb[after])) score -= 1;
      if (score < bestRelaxedScore) {
        bestRelaxed = i;
        bestRelaxedScore = score;
      }
      if (ev.parts.some((p) => slots.some((k) => busyOf(p.teacher.id)[k]))) continue;
      if (score < bestScore) {
        best = i;
        bestScore = score;
      }
    }
    let at = best;
    if (at < 0 && ev.length === 2) {
      // No two free hours in a row: two single hours instead.
      const single = { ...ev, spreadKey: ev.spreadKey, length: 1 as const };
      events.splice(e + 1, 0, single, { ...single, parts: ev.parts.map((p) => ({ ...p })) });
      continue;
    }
    if (at < 0) {
      // No slot where every teacher is free: another teacher of the subject takes the hour.
      if (bestRelaxed < 0) throw new Error(`${uai}: no free slot left for ${ev.spreadKey}`);
      at = bestRelaxed;
      for (const p of ev.parts) {
        if (busyOf(p.teacher.id)[at]) {
          const sub = teachers.find(
            (t) => t.subjectCode === p.subjectCode && !busyOf(t.id)[at] && t.weeklyHours < SERVICE_HOURS + 2,
          );
          p.teacher = sub ?? hire(p.subjectCode);
          p.teacher.weeklyHours += 1;
          busyOf(p.teacher.id)[at] = 1;
        }
      }
    }
    const { weekday } = WEEK[at]!;
    spread[weekday]! += ev.length;
    for (const k of covered(at, ev.length)) {
      for (const c of ev.blocks) busyOf(c)[k] = 1;
      for (const p of ev.parts) {
        busyOf(p.teacher.id)[k] = 1;
        placed.push({
          weekday,
          slot: WEEK[k]!.slot,
          classId: p.classId,
          subjectId: `${uai}-${p.subjectCode}`,
          teacherId: p.teacher.id,
          room: p.teacher.room,
        });
      }
    }
  }
  return placed.sort(
    (a, b) => a.weekday - b.weekday || a.slot - b.slot || a.classId.localeCompare(b.classId),
  );
}

/** Assignments follow what the timetable holds (a class may share a subject between two teachers). */
export function assignmentsOf(weekly: readonly WeeklySlot[], idOf: PeopleMaker['idOf']): SeededAssignment[] {
  const assignments: SeededAssignment[] = [];
  const seenAssignment = new Set<string>();
  const sortedWeekly = [...weekly].sort(
    (a, b) =>
      a.classId.localeCompare(b.classId) ||
      a.subjectId.localeCompare(b.subjectId) ||
      a.teacherId.localeCompare(b.teacherId),
  );
  for (const w of sortedWeekly) {
    const key = `${w.teacherId}|${w.classId}|${w.subjectId}`;
    if (seenAssignment.has(key)) continue;
    seenAssignment.add(key);
    assignments.push({
      id: idOf('ta', `t${assignments.length + 1}`),
      teacherId: w.teacherId,
      classId: w.classId,
      subjectId: w.subjectId,
    });
  }
  return assignments;
}

/** Dated séances: the weekly pattern on every class day given. */
export function datedSeances(
  weekly: readonly WeeklySlot[],
  days: readonly string[],
  idOf: PeopleMaker['idOf'],
): SeededSeance[] {
  const byWeekday = new Map<number, WeeklySlot[]>();
  for (const w of [...weekly].sort((a, b) => a.slot - b.slot || a.classId.localeCompare(b.classId))) {
    const list = byWeekday.get(w.weekday) ?? [];
    list.push(w);
    byWeekday.set(w.weekday, list);
  }
  const seances: SeededSeance[] = [];
  for (const day of days) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (const w of byWeekday.get(weekday) ?? []) {
      const slot = DAY_SLOTS[w.slot]!;
      seances.push({
        id: idOf('sea', `x${seances.length + 1}`),
        classId: w.classId,
        subjectId: w.subjectId,
        teacherId: w.teacherId,
        startsAt: parisInstant(day, slot.start),
        endsAt: parisInstant(day, slot.end),
        room: w.room,
      });
    }
  }
  return seances;
}
