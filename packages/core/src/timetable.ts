import { z } from 'zod';
import { DEFAULT_SLOT_STARTS } from './attendance/half-days.js';

/** One dated timetable slot: one subject for one class or group with one teacher. Times are ISO 8601 instants. */
export const SeanceSchema = z
  .object({
    id: z.string().min(1),
    classId: z.string().min(1),
    subjectId: z.string().min(1),
    teacherId: z.string().min(1),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    room: z.string().max(40).nullable(),
  })
  .refine((s) => Date.parse(s.startsAt) < Date.parse(s.endsAt), {
    path: ['endsAt'],
    message: 'la séance doit finir après avoir commencé',
  });
export type Seance = z.infer<typeof SeanceSchema>;

/** Length of one timetable hour (55 minutes of class, 5 to change rooms). */
export const SEANCE_MINUTES = 55;

/** The hour slots of a school day (Paris wall-clock start and end), from the shared slot starts. */
export const DAY_SLOTS: readonly { start: string; end: string }[] = DEFAULT_SLOT_STARTS.map((start) => {
  const [h, m] = start.split(':').map(Number) as [number, number];
  const end = h * 60 + m + SEANCE_MINUTES;
  return {
    start,
    end: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
  };
});
/** Wednesday has classes in the morning only: the first four slots. */
export const WEDNESDAY_SLOT_COUNT = 4;

/** Whether two time ranges overlap (touching ends do not). */
export function overlaps(
  a: { startsAt: string; endsAt: string },
  b: { startsAt: string; endsAt: string },
): boolean {
  return Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);
}
