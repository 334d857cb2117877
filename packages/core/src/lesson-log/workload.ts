import { addDays, mondayOf } from '../attendance/half-days.js';
import type { LessonLogSettings } from './schemas.js';

/**
 * The workload of a class: minutes of travail à faire due each day and over a week. Work for a group weighs only
 * on the students in it, so the figure of a day (or the week) is that of the most loaded student — which is the
 * sum of the whole-class work plus the heaviest mix of group work.
 */
export interface WorkloadInput {
  dueOn: string;
  estimatedMinutes: number;
  /**
   * The students concerned, as indexes into the class's list; `null`: all of them (whole-class work). Indexes
   * keep identities out of the rule (and out of anything sent to a browser).
   */
  audience: readonly number[] | null;
}

export interface WorkloadDayFigure {
  date: string;
  /** Minutes due that day for the most loaded student. */
  minutes: number;
  /** Pieces of work due that day (any student). */
  count: number;
  overLimit: boolean;
}

export interface WorkloadFigures {
  weekStart: string;
  /** Monday to Sunday. */
  days: WorkloadDayFigure[];
  /** Minutes due over the week for the most loaded student. */
  weekMinutes: number;
  weekOverLimit: boolean;
  /** A day or the week is above the établissement's limit. */
  overLimit: boolean;
}

function heaviest(items: readonly WorkloadInput[], students: number): number {
  let common = 0;
  const perStudent = new Map<number, number>();
  for (const item of items) {
    if (item.audience === null) common += item.estimatedMinutes;
    else
      for (const i of new Set(item.audience)) {
        if (i >= 0 && i < students) perStudent.set(i, (perStudent.get(i) ?? 0) + item.estimatedMinutes);
      }
  }
  let top = 0;
  for (const m of perStudent.values()) top = Math.max(top, m);
  return common + top;
}

/** The figures of the week holding `day`, from the work due in it (work due outside the week is ignored). */
export function workloadFigures(
  items: readonly WorkloadInput[],
  options: {
    day: string;
    /** Students in the class (an empty class still counts whole-class work). */
    students: number;
    limits: Pick<LessonLogSettings, 'dailyWorkloadLimitMinutes' | 'weeklyWorkloadLimitMinutes'>;
  },
): WorkloadFigures {
  const weekStart = mondayOf(options.day);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const inWeek = items.filter((w) => w.dueOn >= dates[0]! && w.dueOn <= dates[6]!);
  const days = dates.map((date) => {
    const due = inWeek.filter((w) => w.dueOn === date);
    const minutes = heaviest(due, options.students);
    return {
      date,
      minutes,
      count: due.length,
      overLimit: minutes > options.limits.dailyWorkloadLimitMinutes,
    };
  });
  const weekMinutes = heaviest(inWeek, options.students);
  const weekOverLimit = weekMinutes > options.limits.weeklyWorkloadLimitMinutes;
  return {
    weekStart,
    days,
    weekMinutes,
    weekOverLimit,
    overLimit: weekOverLimit || days.some((d) => d.overLimit),
  };
}
