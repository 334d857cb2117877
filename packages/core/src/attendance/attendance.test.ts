import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_STATUSES,
  type AttendanceStatus,
  DEFAULT_MOTIFS,
  halfDayOf,
  mondayOf,
  nextStatus,
  parisLocalTime,
  parisMidnight,
  resolveAttendanceSettings,
  rollCallBatchSchema,
  rollCallState,
  slotIndex,
  sumTallies,
  type TallyEntry,
  tallyStudent,
  tallyStudents,
} from '../index.js';

describe('demi-journées in Europe/Paris', () => {
  it('uses the local day and hour, across daylight-saving changes', () => {
    // 08:00 local in summer (UTC+2) and in winter (UTC+1)
    expect(halfDayOf('2026-03-30T06:00:00Z')).toMatchObject({ date: '2026-03-30', part: 'matin' });
    expect(halfDayOf('2026-03-27T07:00:00Z')).toMatchObject({ date: '2026-03-27', part: 'matin' });
    // 11:30 UTC is 13:30 local in summer (afternoon) but 12:30 local in winter (afternoon too)
    expect(halfDayOf('2026-06-02T11:30:00Z').part).toBe('apres_midi');
    // 11:00 UTC: 12:00 local in winter (afternoon), 13:00 in summer
    expect(halfDayOf('2026-01-12T10:30:00Z').part).toBe('matin');
    expect(halfDayOf('2026-01-12T11:00:00Z').part).toBe('apres_midi');
    // Sunday 29 March 2026 at 01:30 UTC is 03:30 local (the clock jumped from 02:00 to 03:00)
    expect(parisLocalTime('2026-03-29T01:30:00Z')).toMatchObject({
      date: '2026-03-29',
      minutes: 3 * 60 + 30,
    });
    // 23:30 UTC on 31 October is already 1 November in Paris (month changes)
    expect(halfDayOf('2026-10-31T23:30:00Z')).toMatchObject({ date: '2026-11-01', month: '2026-11' });
  });

  it('agrees with the time zone itself at any instant, daylight-saving changes and leap days included', () => {
    const zone = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const expected = (ms: number) => {
      const p = Object.fromEntries(zone.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      const date = `${p.year}-${p.month}-${p.day}`;
      return { date, month: date.slice(0, 7), minutes: Number(p.hour) * 60 + Number(p.minute) };
    };
    // Every 7 minutes 13 seconds around the changes of 2026 and 29 February 2028 (hours cached or not)…
    for (const [from, to] of [
      ['2026-03-28T20:00:00Z', '2026-03-29T06:00:00Z'],
      ['2026-10-24T20:00:00Z', '2026-10-25T06:00:00Z'],
      ['2028-02-28T20:00:00Z', '2028-03-01T02:00:00Z'],
    ] as const) {
      for (let ms = Date.parse(from); ms < Date.parse(to); ms += 433_000) {
        expect(parisLocalTime(new Date(ms))).toEqual(expected(ms));
      }
    }
    // …and at any instant from 1900 to 2100 (before 1946 the zone is asked directly).
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(parisLocalTime(new Date(ms))).toEqual(expected(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('honours the afternoon start an établissement sets', () => {
    expect(halfDayOf('2026-01-12T11:15:00Z', '12:30').part).toBe('matin'); // 12:15 local
    expect(halfDayOf('2026-01-12T11:45:00Z', '12:30').part).toBe('apres_midi');
  });

  it('refuses an invalid instant with a clear error', () => {
    expect(() => halfDayOf('pas une date')).toThrow(/Instant invalide/);
  });
});

describe('statuses and roll-call state', () => {
  it('cycles through every status and back', () => {
    let s: AttendanceStatus = 'present';
    const seen = new Set<AttendanceStatus>();
    for (let i = 0; i < ATTENDANCE_STATUSES.length; i++) {
      seen.add(s);
      s = nextStatus(s);
    }
    expect(seen.size).toBe(ATTENDANCE_STATUSES.length);
    expect(s).toBe('present');
  });
  it('derives the roll-call state', () => {
    expect(rollCallState(0, false)).toBe('a_faire');
    expect(rollCallState(3, false)).toBe('en_cours');
    expect(rollCallState(0, true)).toBe('faite');
  });
});

describe('roll-call batch schema', () => {
  it('names each bad line', () => {
    const r = rollCallBatchSchema.safeParse({
      marks: [
        { studentId: 'e1', status: 'retard' },
        { studentId: 'e2', status: 'absent', lateMinutes: 5 },
        { studentId: 'e3', status: 'parti' },
      ],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['marks.0.lateMinutes', 'marks.1.lateMinutes', 'marks.2.status']),
    );
    const dup = rollCallBatchSchema.safeParse({
      marks: [
        { studentId: 'e1', status: 'present' },
        { studentId: 'e1', status: 'absent' },
      ],
    });
    expect(dup.error!.issues.find((i) => i.path.join('.') === 'marks.1.studentId')?.message).toMatch(
      /ligne 1/,
    );
  });
  it('accepts a valid batch and defaults close to false', () => {
    const r = rollCallBatchSchema.parse({ marks: [{ studentId: 'e1', status: 'retard', lateMinutes: 10 }] });
    expect(r.close).toBe(false);
  });
});

describe('settings', () => {
  it('falls back to defaults and keeps valid choices', () => {
    expect(resolveAttendanceSettings(undefined)).toMatchObject({
      alertThreshold: 4,
      afternoonStartsAt: '12:00',
    });
    expect(resolveAttendanceSettings(undefined).motifs).toHaveLength(DEFAULT_MOTIFS.length);
    expect(resolveAttendanceSettings({ alertThreshold: 6 }).alertThreshold).toBe(6);
    expect(resolveAttendanceSettings({ alertThreshold: -1 }).alertThreshold).toBe(4);
  });
});

const entry = (over: Partial<TallyEntry>): TallyEntry => ({
  studentId: 's1',
  startsAt: '2026-01-12T07:00:00Z',
  status: 'absent',
  justified: false,
  ...over,
});

describe('tallies', () => {
  it('counts one demi-journée for several missed séances in the same morning', () => {
    const t = tallyStudent('s1', [
      entry({ startsAt: '2026-01-12T07:00:00Z' }),
      entry({ startsAt: '2026-01-12T08:00:00Z', justified: true }),
      entry({ startsAt: '2026-01-12T13:00:00Z', justified: true }),
    ]);
    expect(t.absences).toBe(3);
    expect(t.absentHalfDays).toBe(2);
    expect(t.unjustifiedHalfDays).toBe(1); // the morning has one unjustified absence
  });

  it('raises the alert at the threshold within one month, not across months', () => {
    const days = ['2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15'];
    const jan = days.map((d) => entry({ startsAt: `${d}T08:00:00Z` }));
    expect(tallyStudent('s1', jan).alert).toBe(true);
    expect(tallyStudent('s1', jan, { alertThreshold: 5 }).alert).toBe(false);
    const split = [
      ...jan.slice(0, 2),
      entry({ startsAt: '2026-02-02T08:00:00Z' }),
      entry({ startsAt: '2026-02-03T08:00:00Z' }),
    ];
    const t = tallyStudent('s1', split);
    expect(t.unjustifiedHalfDays).toBe(4);
    expect(t.alert).toBe(false);
    expect(t.months.map((m) => m.month)).toEqual(['2026-01', '2026-02']);
  });

  it('totals lateness and leaves erroneous entries out', () => {
    const t = tallyStudent('s1', [
      entry({ status: 'retard', lateMinutes: 10 }),
      entry({ status: 'retard', lateMinutes: 5, justified: true }),
      entry({ status: 'retard', lateMinutes: 30, erroneous: true }),
      entry({ status: 'absent', erroneous: true }),
      entry({ status: 'depart_anticipe' }),
      entry({ status: 'exclusion' }),
      entry({ status: 'dispense' }),
    ]);
    expect(t).toMatchObject({
      lateCount: 2,
      lateMinutes: 15,
      unjustifiedLateCount: 1,
      absences: 0,
      absentHalfDays: 0,
      earlyDepartures: 1,
      exclusions: 1,
    });
  });

  it('sums per group, including students with nothing recorded', () => {
    const list = tallyStudents(
      [entry({ studentId: 'b' }), entry({ studentId: 'a', status: 'retard', lateMinutes: 3 })],
      {},
      ['c'],
    );
    expect(list.map((t) => t.studentId)).toEqual(['a', 'b', 'c']);
    expect(sumTallies(list)).toEqual({
      students: 3,
      absentHalfDays: 1,
      unjustifiedHalfDays: 1,
      lateCount: 1,
      lateMinutes: 3,
      studentsInAlert: 0,
    });
  });

  const arbEntry = fc.record({
    studentId: fc.constantFrom('a', 'b', 'c'),
    // instants across a DST change (March 2026) and two months
    startsAt: fc
      .integer({ min: Date.parse('2026-03-01T00:00:00Z'), max: Date.parse('2026-04-30T00:00:00Z') })
      .map((ms) => new Date(ms - (ms % 900_000)).toISOString()),
    status: fc.constantFrom(...ATTENDANCE_STATUSES),
    lateMinutes: fc.integer({ min: 1, max: 60 }),
    justified: fc.boolean(),
    erroneous: fc.boolean(),
  });

  it('does not depend on the order of the entries (property)', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 60 }), fc.integer(), (entries, seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
          { numRuns: 1, seed },
        )[0]!;
        expect(tallyStudents(shuffled)).toEqual(tallyStudents(entries));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps its invariants (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        (entries, threshold) => {
          for (const t of tallyStudents(entries, { alertThreshold: threshold })) {
            expect(t.unjustifiedHalfDays).toBeLessThanOrEqual(t.absentHalfDays);
            expect(t.absentHalfDays).toBeLessThanOrEqual(t.absences);
            expect(t.alert).toBe(t.months.some((m) => m.unjustifiedHalfDays >= threshold));
            // justifying every absence leaves no unjustified demi-journée
            const justified = tallyStudent(
              t.studentId,
              entries.filter((e) => e.studentId === t.studentId).map((e) => ({ ...e, justified: true })),
            );
            expect(justified.unjustifiedHalfDays).toBe(0);
            expect(justified.absentHalfDays).toBe(t.absentHalfDays);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('local dates and slots', () => {
  it('finds local midnight on either side of a DST change', () => {
    expect(parisMidnight('2026-01-12').toISOString()).toBe('2026-01-11T23:00:00.000Z');
    expect(parisMidnight('2026-06-02').toISOString()).toBe('2026-06-01T22:00:00.000Z');
    expect(parisMidnight('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(parisMidnight('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(parisMidnight('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
  it('finds the Monday and the slot', () => {
    expect(mondayOf('2026-01-15')).toBe('2026-01-12');
    expect(mondayOf('2026-01-18')).toBe('2026-01-12');
    expect(mondayOf('2026-01-12')).toBe('2026-01-12');
    expect(slotIndex('2026-01-12T07:00:00Z')).toBe(0); // 08:00 local
    expect(slotIndex('2026-06-02T12:00:00Z')).toBe(5); // 14:00 local in summer
    expect(slotIndex('2026-01-12T15:30:00Z')).toBe(7); // 16:30 local
  });
});
