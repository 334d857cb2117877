// The calendar, period and quiet-hours rules on the suite's date: `npm test` runs this file on the first day of the
// school year, the Sunday after a change of period, the last day of a trimestre, in the summer holidays, on
// 29 February and on the real date (`PREAU_TEST_CLOCK`, see scripts/test.mjs). Whatever the day, the rules agree
// with each other.
import { describe, expect, it } from 'vitest';
import { parisLocalTime } from './attendance/half-days.js';
import {
  classDays,
  isClassDay,
  parisDateTime,
  periodOn,
  periodsFor,
  schoolCalendar,
  schoolYearOf,
} from './calendar.js';
import { instantFromEnv, parisToday } from './clock.js';
import { defaultPeriodId } from './gradebook/periods.js';
import { DEFAULT_QUIET_HOURS, isQuietTime, isSchoolHoliday, nextAllowedDelivery } from './quiet-hours.js';
import { PERIOD_SCHEMES } from './school.js';
import { suiteClock } from './testing/suite-clock.js';

const clock = suiteClock();
const NOW = clock();
const TODAY = parisToday(clock);
const YEAR = schoolYearOf(TODAY);
const CALENDAR = schoolCalendar(YEAR);

describe(`the school calendar on ${TODAY}`, () => {
  it('places today in its school year, and agrees with itself about class days', () => {
    expect(CALENDAR.startsOn <= TODAY && TODAY <= CALENDAR.endsOn).toBe(true);
    expect(isClassDay(CALENDAR, TODAY)).toBe(classDays(CALENDAR).includes(TODAY));
    // A class day is never a school holiday.
    if (isClassDay(CALENDAR, TODAY)) expect(isSchoolHoliday(TODAY)).toBe(false);
  });

  it('has exactly one period of each scheme in course during the classes, none in the summer', () => {
    for (const scheme of PERIOD_SCHEMES) {
      const periods = periodsFor(scheme, YEAR);
      const holding = periods.filter((p) => p.startsOn <= TODAY && TODAY <= p.endsOn);
      const inClasses = TODAY >= CALENDAR.startsOn && TODAY <= CALENDAR.lastClassDay;
      expect(holding.length).toBe(inClasses ? 1 : 0);
      expect(periodOn(scheme, TODAY)).toEqual(holding[0] ?? null);
      // Contiguous: each period starts the day after the previous one ends.
      for (let i = 1; i < periods.length; i++) {
        const dayAfter = new Date(`${periods[i - 1]!.endsOn}T12:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(periods[i]!.startsOn).toBe(dayAfter.toISOString().slice(0, 10));
      }
    }
  });

  it('opens the grade book on the period in course when it has marks, else on the latest that has', () => {
    for (const scheme of PERIOD_SCHEMES) {
      const periods = periodsFor(scheme, YEAR).map((p) => ({ ...p, id: `${scheme}${p.number}` }));
      const begun = periods.filter((p) => p.startsOn <= TODAY);
      const current = begun.find((p) => TODAY <= p.endsOn) ?? begun.at(-1)!;
      expect(defaultPeriodId(periods, TODAY, () => true)).toBe(current.id);
      expect(defaultPeriodId(periods, TODAY, () => false)).toBe(current.id);
      const earlier = begun.filter((p) => p.id !== current.id).at(-1);
      if (earlier) expect(defaultPeriodId(periods, TODAY, (id) => id === earlier.id)).toBe(earlier.id);
    }
  });
});

describe(`quiet hours on ${TODAY}`, () => {
  it('delivers now when it is not quiet, else at the first moment that is not', () => {
    const at = nextAllowedDelivery(NOW);
    if (isQuietTime(NOW)) {
      expect(at.getTime()).toBeGreaterThan(NOW.getTime());
      expect(isQuietTime(at)).toBe(false);
    } else {
      expect(at).toEqual(NOW);
    }
  });

  it('finds an opening for every quarter hour of the day, never in quiet time, within the summer’s length', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const instant = new Date(parisDateTime(TODAY, time));
      const at = nextAllowedDelivery(instant);
      expect(at >= instant, time).toBe(true);
      expect(isQuietTime(at), time).toBe(false);
      expect(at.getTime() - instant.getTime()).toBeLessThan(80 * 86_400_000);
      // A weekend or holiday is quiet all day by default.
      if (isSchoolHoliday(TODAY) && DEFAULT_QUIET_HOURS.holidays)
        expect(isQuietTime(instant), time).toBe(true);
    }
  });

  it('reads a bare date as 09:30 in Paris that day, summer time or not', () => {
    const morning = instantFromEnv('PREAU_TEST_CLOCK', TODAY)!;
    expect(parisLocalTime(morning)).toMatchObject({ date: TODAY, minutes: 9 * 60 + 30 });
  });
});
