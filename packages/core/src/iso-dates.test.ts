import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  IsoDateSchema,
  IsoWeekSchema,
  isIsoDate,
  isoDateProblem,
  isoDayFromText,
  isoWeekMonday,
  isoWeekProblem,
  isoWeeksInYear,
  schoolYearBounds,
  schoolYearOf,
  schoolYearStartOf,
} from './index.js';

describe('calendar dates', () => {
  it('refuses impossible dates with a message saying what is wrong', () => {
    expect(isoDateProblem('2026-13-01')).toMatch(/mois 13/);
    expect(isoDateProblem('2026-12-32')).toMatch(/jour 32/);
    expect(isoDateProblem('9999-99-99')).toMatch(/Année 9999/);
    expect(isoDateProblem('2026-02-30')).toMatch(/jour 30 .* \(01 à 28\)/);
    expect(isoDateProblem('16/11/2026')).toMatch(/AAAA-MM-JJ/);
    expect(isoDateProblem('2026-1-16')).toMatch(/AAAA-MM-JJ/);
    expect(IsoDateSchema.safeParse('2026-02-30').success).toBe(false);
  });

  it('accepts 29 February in leap years only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });

  it('agrees with the calendar on every day of two centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 200 }), (n) => {
        const day = addDays('1950-01-01', n);
        return isIsoDate(day) && !isIsoDate(`${day.slice(0, 8)}${Number(day.slice(8)) + 31}`);
      }),
    );
  });
});

it('reads a day typed in a file, French or ISO, and refuses days that do not exist', () => {
  expect(isoDayFromText(' 2024-09-01 ')).toBe('2024-09-01');
  expect(isoDayFromText('01/09/2024')).toBe('2024-09-01');
  expect(isoDayFromText('1/9/2024')).toBe('2024-09-01');
  expect(isoDayFromText('29/02/2028')).toBe('2028-02-29');
  for (const bad of ['', '31/02/2025', '2025-13-01', '2025-9-1', '01-09-2024', '01/09/24', 'hier'])
    expect(isoDayFromText(bad)).toBeNull();
});

describe('ISO weeks', () => {
  it('gives the Monday of a week, written as a week or as one of its days', () => {
    expect(isoWeekMonday('2026-W47')).toBe('2026-11-16');
    expect(isoWeekMonday('2026-11-22')).toBe('2026-11-16');
    // week 1 holds 4 January: 2026-W01 starts on Monday 29 December 2025
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
    expect(IsoWeekSchema.parse('2026-11-18')).toBe('2026-11-16');
  });

  it('knows the years of 53 weeks', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeekProblem('2026-W53')).toBeNull();
    expect(isoWeekProblem('2025-W53')).toMatch(/01 à 52/);
    expect(isoWeekProblem('2026-W00')).toMatch(/n'existe pas/);
    expect(isoWeekProblem('2026-02-30')).toMatch(/jour 30/);
    expect(IsoWeekSchema.safeParse('2026-W54').success).toBe(false);
  });
});

describe('the school year', () => {
  it('starts on 1 September: 31 August belongs to the year before, in August as in July', () => {
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2026-08-15')).toBe(2025);
    expect(schoolYearOf('2026-09-01')).toBe(2026);
    expect(schoolYearStartOf('2027-02-28')).toBe('2026-09-01');
    expect(schoolYearBounds(2026)).toEqual({ from: '2026-09-01', to: '2027-08-31' });
  });
});
