/** A weekly lesson as timetabling software exports it, before it becomes dated séances. */
export interface WeeklyLesson {
  /** 1 = Monday … 6 = Saturday. */
  weekday: number;
  /** Paris wall-clock `HH:MM`. */
  start: string;
  end: string;
  /** Division or group codes (a lesson may gather several divisions). */
  structures: string[];
  /** Subject: management code, else label. */
  subject: { code?: string; label?: string };
  teacher: { firstName?: string; lastName: string };
  room?: string;
  /** Every week, or one week in two (week A = Q1, week B = Q2). */
  weeks: 'all' | 'A' | 'B';
}

export interface ParsedTimetable {
  format: 'edt' | 'udt';
  lessons: WeeklyLesson[];
  warnings: string[];
}

/** `8h30`, `08h30`, `0830`, `08:30` → `08:30`; undefined when unreadable. */
export function clockTime(value: string | undefined): string | undefined {
  const m = /^\s*(\d{1,2})\s*[h:]?\s*(\d{2})\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` : undefined;
}

export function addMinutes(time: string, minutes: number): string {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
