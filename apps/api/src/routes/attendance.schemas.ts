/** The attendance routes' answers as OpenAPI schemas (requests are `@preau/core`'s attendance schemas). */
import { z } from '@hono/zod-openapi';
import { ATTENDANCE_STATUSES, JUSTIFICATION_STATES, ROLL_CALL_STATES, seancesOfDaySchema } from '@preau/core';

const Status = z.enum(ATTENDANCE_STATUSES);
const Instant = z.string().openapi({ example: '2026-11-16T07:00:00.000Z' });

export const SeanceOut = z
  .object({
    id: z.string(),
    classId: z.string(),
    className: z.string(),
    uai: z.string(),
    subject: z.string(),
    teacherId: z.string(),
    teacherName: z.string(),
    startsAt: Instant,
    endsAt: Instant,
    room: z.string().nullable(),
  })
  .openapi('AttendanceSeance');

const StudentRefOut = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const EntryOut = z
  .object({
    id: z.string(),
    studentId: z.string(),
    status: Status,
    lateMinutes: z.number().int().nullable(),
    note: z.string().nullable(),
    erroneous: z.boolean(),
    version: z.number().int(),
    recordedAt: Instant,
  })
  .openapi('AttendanceEntry');

export const RollCallOut = z
  .object({
    seance: SeanceOut,
    state: z.enum(ROLL_CALL_STATES),
    closedAt: Instant.nullable(),
    students: z.array(StudentRefOut),
    entries: z.array(EntryOut),
  })
  .openapi('RollCall');

export const HistoryOut = z
  .array(
    z.object({
      version: z.number().int(),
      status: Status,
      lateMinutes: z.number().int().nullable(),
      note: z.string().nullable(),
      erroneous: z.boolean(),
      recordedAt: Instant,
      recordedBy: z.string(),
      changedAt: Instant.nullable(),
      changedBy: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  )
  .openapi('AttendanceEntryHistory');

export const JustificationOut = z
  .object({
    id: z.string(),
    studentId: z.string(),
    studentName: z.string(),
    className: z.string().nullable(),
    state: z.enum(JUSTIFICATION_STATES),
    motif: z.string(),
    motifLabel: z.string(),
    comment: z.string(),
    fileId: z.string().nullable(),
    fileMediaType: z.string().nullable(),
    submittedAt: Instant,
    submittedBy: z.string(),
    entryIds: z.array(z.string()),
    regularisee: z.boolean(),
    decidedAt: Instant.nullable(),
    decisionComment: z.string().nullable(),
  })
  .openapi('AbsenceJustification');

const MonthTallyOut = z.object({
  month: z.string(),
  absentHalfDays: z.number().int(),
  unjustifiedHalfDays: z.number().int(),
  alert: z.boolean(),
});

const StudentTallyFields = {
  studentId: z.string(),
  absentHalfDays: z.number().int(),
  unjustifiedHalfDays: z.number().int(),
  absences: z.number().int(),
  lateCount: z.number().int(),
  lateMinutes: z.number().int(),
  unjustifiedLateCount: z.number().int(),
  earlyDepartures: z.number().int(),
  exclusions: z.number().int(),
  months: z.array(MonthTallyOut),
  alert: z.boolean(),
};
const StudentTallyOut = z.object(StudentTallyFields).openapi('StudentAttendanceTally');

const MotifOut = z.object({
  code: z.string(),
  label: z.string(),
  labelEn: z.string().optional(),
  justifies: z.boolean(),
});

export const StudentAttendanceOut = z
  .object({
    student: StudentRefOut.extend({ className: z.string().nullable() }),
    from: z.string(),
    to: z.string(),
    entries: z.array(
      EntryOut.extend({
        seanceId: z.string(),
        subject: z.string(),
        startsAt: Instant,
        endsAt: Instant,
        justificationId: z.string().nullable(),
        justificationState: z.enum(JUSTIFICATION_STATES).nullable(),
        regularisee: z.boolean(),
      }),
    ),
    justifications: z.array(JustificationOut),
    motifs: z.array(MotifOut),
    tally: StudentTallyOut,
    alertThreshold: z.number().int(),
  })
  .openapi('StudentAttendance');

export const TalliesOut = z
  .object({
    scope: z.enum(['student', 'class', 'etablissement']),
    id: z.string(),
    from: z.string(),
    to: z.string(),
    alertThreshold: z.number().int(),
    students: z.array(
      z.object({
        ...StudentTallyFields,
        firstName: z.string(),
        lastName: z.string(),
        className: z.string().nullable(),
      }),
    ),
    total: z.object({
      students: z.number().int(),
      absentHalfDays: z.number().int(),
      unjustifiedHalfDays: z.number().int(),
      lateCount: z.number().int(),
      lateMinutes: z.number().int(),
      studentsInAlert: z.number().int(),
    }),
  })
  .openapi('AttendanceTallies');

export const WeekOut = z
  .object({
    weekStart: z.string(),
    days: z.array(z.string()),
    slots: z.array(z.string()),
    students: z.array(z.object({ id: z.string(), name: z.string(), className: z.string().nullable() })),
    cells: z.array(
      z.tuple([
        z.number().int(),
        z.number().int(),
        z.number().int(),
        Status,
        z.number().int().nullable(),
        z.union([z.literal(0), z.literal(1)]),
        z.string(),
      ]),
    ),
  })
  .openapi('AttendanceWeek', {
    description:
      'Cellules : [indice élève, jour 0–4, créneau 0–7, statut, minutes de retard, régularisée (1/0), id de la saisie].',
  });

/** A teacher's séances of a day: `@preau/core`'s schema, which the séance picker reads. */
export const SeancesOfDayOut = seancesOfDaySchema;
