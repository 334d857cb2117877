import { describe, expect, it } from 'vitest';
import {
  classDays,
  easterSunday,
  isClassDay,
  isoWeekday,
  PeriodSchema,
  parisDateTime,
  parisOffsetMinutes,
  periodOn,
  periodsFor,
  schoolCalendar,
  schoolYearOf,
} from './calendar.js';

describe('school year', () => {
  it('starts on 1 September', () => {
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2026-09-01')).toBe(2026);
    expect(schoolYearOf('2027-01-15')).toBe(2026);
    expect(schoolYearOf('2026-11-22')).toBe(2026);
  });

  it('computes Easter', () => {
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('places the zone B holidays of 2025-2026 as the national calendar does', () => {
    const cal = schoolCalendar(2025);
    expect(cal.firstClassDay).toBe('2025-09-01');
    const ranges = cal.holidays.map((h) => [h.from, h.to]);
    expect(ranges).toEqual([
      ['2025-10-18', '2025-11-02'],
      ['2025-12-20', '2026-01-04'],
      ['2026-02-14', '2026-03-01'],
      ['2026-04-11', '2026-04-26'],
      ['2026-07-04', '2026-08-31'],
    ]);
    expect(cal.lastClassDay).toBe('2026-07-03');
    // Armistice, Easter Monday, May Day, 8 May, Ascension and its bridge day, Whit Monday fall on class days.
    expect(cal.daysOff.map((d) => d.date)).toEqual([
      '2025-11-11',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-15',
      '2026-05-25',
    ]);
  });

  it('holds classes on weekdays outside holidays only', () => {
    const cal = schoolCalendar(2026);
    expect(cal.firstClassDay).toBe('2026-09-01');
    expect(isClassDay(cal, '2026-09-02')).toBe(true); // Wednesday
    expect(isClassDay(cal, '2026-09-05')).toBe(false); // Saturday
    expect(isClassDay(cal, '2026-10-20')).toBe(false); // Toussaint
    expect(isClassDay(cal, '2026-11-11')).toBe(false); // Armistice
    expect(isClassDay(cal, '2026-08-31')).toBe(false); // before the year
    const days = classDays(cal);
    expect(days.every((d) => isoWeekday(d) <= 5)).toBe(true);
    // About 36 weeks of classes.
    expect(days.length).toBeGreaterThan(165);
    expect(days.length).toBeLessThan(180);
  });
});

describe('periods', () => {
  it('cuts the year into three contiguous trimestres with deadlines before each end', () => {
    const t = periodsFor('trimestre', 2026);
    expect(t.map((p) => [p.name.fr, p.startsOn, p.endsOn, p.gradesDeadline])).toEqual([
      ['Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-20'],
      ['Trimestre 2', '2026-12-01', '2027-03-15', '2027-03-05'],
      ['Trimestre 3', '2027-03-16', '2027-07-02', '2027-06-04'],
    ]);
    for (const p of t) {
      expect(isoWeekday(p.gradesDeadline)).toBe(5);
      expect(p.gradesDeadline < p.endsOn).toBe(true);
    }
  });

  it('cuts the year into two semestres', () => {
    const s = periodsFor('semestre', 2026);
    expect(s.map((p) => [p.number, p.startsOn, p.endsOn])).toEqual([
      [1, '2026-09-01', '2027-01-31'],
      [2, '2027-02-01', '2027-07-02'],
    ]);
  });

  it('finds the period of a day', () => {
    expect(periodOn('trimestre', '2026-11-22')?.number).toBe(1);
    expect(periodOn('semestre', '2027-02-01')?.number).toBe(2);
    expect(periodOn('trimestre', '2027-07-20')).toBeNull();
  });

  it('rejects a period that ends before it starts, or a third semestre', () => {
    const base = {
      id: 'p1',
      uai: '0511085C',
      schoolYear: 2026,
      scheme: 'semestre',
      number: 3,
      name: 'Semestre 3',
      startsOn: '2027-02-01',
      endsOn: '2027-01-01',
      gradesDeadline: '2026-12-01',
    };
    const r = PeriodSchema.safeParse(base);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['endsOn', 'number']);
  });
});

describe('Paris time', () => {
  it('uses +02:00 in summer time and +01:00 in winter', () => {
    expect(parisOffsetMinutes('2026-09-07')).toBe(120);
    expect(parisOffsetMinutes('2026-12-07')).toBe(60);
    expect(parisDateTime('2026-09-07', '08:00')).toBe('2026-09-07T08:00:00+02:00');
    expect(parisDateTime('2027-01-11', '13:00')).toBe('2027-01-11T13:00:00+01:00');
  });

  it('switches on the last Sundays of March and October', () => {
    // 2027: 28 March and 31 October.
    expect(parisOffsetMinutes('2027-03-27')).toBe(60);
    expect(parisOffsetMinutes('2027-03-29')).toBe(120);
    expect(parisOffsetMinutes('2027-10-30')).toBe(120);
    expect(parisOffsetMinutes('2027-11-01')).toBe(60);
    // Agrees with the IANA zone on every day of a year.
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', timeZoneName: 'shortOffset' });
    for (let t = Date.UTC(2026, 0, 1, 11); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const name = fmt.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value;
      expect(`${date} ${parisOffsetMinutes(date)}`).toBe(`${date} ${name === 'GMT+2' ? 120 : 60}`);
    }
  });
});
