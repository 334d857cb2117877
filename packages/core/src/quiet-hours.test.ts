import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUIET_HOURS,
  isQuietTime,
  nextAllowedDelivery,
  type QuietHours,
  resolveQuietHours,
} from './index.js';

const at = (iso: string) => new Date(iso);
const next = (iso: string, q: QuietHours = DEFAULT_QUIET_HOURS) =>
  nextAllowedDelivery(at(iso), q).toISOString();

describe('quiet hours (droit à la déconnexion)', () => {
  it('delivers at once during the day of a school day', () => {
    // Tuesday 17 November 2026, 10:00 in Paris
    expect(next('2026-11-17T09:00:00Z')).toBe('2026-11-17T09:00:00.000Z');
    // 19:59 still goes, 20:00 waits
    expect(next('2026-11-17T18:59:00Z')).toBe('2026-11-17T18:59:00.000Z');
    expect(isQuietTime(at('2026-11-17T19:00:00Z'))).toBe(true);
  });

  it('holds an evening notice until 07:00 the next school day', () => {
    // Tuesday 21:30 → Wednesday 07:00 (Wednesday is a school day, afternoon or not)
    expect(next('2026-11-17T20:30:00Z')).toBe('2026-11-18T06:00:00.000Z');
    // 06:59 → 07:00 the same morning
    expect(next('2026-11-18T05:59:00Z')).toBe('2026-11-18T06:00:00.000Z');
  });

  it('holds a weekend notice until Monday 07:00', () => {
    // Friday 20 November, 21:00 → Monday 23 November, 07:00
    expect(next('2026-11-20T20:00:00Z')).toBe('2026-11-23T06:00:00.000Z');
    // Saturday noon too
    expect(next('2026-11-21T11:00:00Z')).toBe('2026-11-23T06:00:00.000Z');
  });

  it('holds through school holidays and public holidays', () => {
    // Friday 18 December 2026, 21:00: Christmas holidays until Sunday 3 January → Monday 4 January 2027, 07:00
    expect(next('2026-12-18T20:00:00Z')).toBe('2027-01-04T06:00:00.000Z');
    // Armistice (Wednesday 11 November 2026) → Thursday 12, 07:00
    expect(next('2026-11-11T09:00:00Z')).toBe('2026-11-12T06:00:00.000Z');
    // summer: from July to the first school day of September (Tuesday 1 September 2026)
    expect(next('2026-07-14T10:00:00Z')).toBe('2026-09-01T05:00:00.000Z');
  });

  it('keeps 07:00 in Paris on both sides of a daylight-saving change', () => {
    // Spring: Friday 27 March 2026, 21:00 winter time → Monday 30 March, 07:00 summer time (05:00 UTC)
    expect(next('2026-03-27T20:00:00Z')).toBe('2026-03-30T05:00:00.000Z');
    // Autumn: Saturday 24 October 2026, summer time, in the Toussaint holidays → Monday 2 November, 07:00
    // winter time (06:00 UTC)
    expect(next('2026-10-24T09:00:00Z')).toBe('2026-11-02T06:00:00.000Z');
  });

  it('follows the établissement’s own settings', () => {
    const q = resolveQuietHours({ from: '19:00', until: '07:30', weekends: false, holidays: false });
    // Saturday 21 November 2026, 10:00: weekends are not quiet here
    expect(next('2026-11-21T09:00:00Z', q)).toBe('2026-11-21T09:00:00.000Z');
    // Saturday 19:30 → Sunday 07:30
    expect(next('2026-11-21T18:30:00Z', q)).toBe('2026-11-22T06:30:00.000Z');
    // a quiet lunch break that does not cross midnight
    const lunch = resolveQuietHours({ from: '12:00', until: '13:30', weekends: false, holidays: false });
    expect(next('2026-11-17T11:15:00Z', lunch)).toBe('2026-11-17T12:30:00.000Z');
    expect(next('2026-11-17T20:00:00Z', resolveQuietHours({ enabled: false }))).toBe(
      '2026-11-17T20:00:00.000Z',
    );
  });

  it('falls back to the defaults on missing or broken settings', () => {
    expect(resolveQuietHours(undefined)).toEqual(DEFAULT_QUIET_HOURS);
    expect(resolveQuietHours({ from: '25:00' })).toEqual(DEFAULT_QUIET_HOURS);
    expect(resolveQuietHours({ from: '21:00' })).toEqual({ ...DEFAULT_QUIET_HOURS, from: '21:00' });
  });

  it('never answers an instant that is quiet, nor one earlier than asked', () => {
    for (let h = 0; h < 24 * 21; h += 1) {
      const asked = new Date(Date.parse('2026-12-14T00:17:00Z') + h * 3_600_000);
      const when = nextAllowedDelivery(asked);
      expect(when.getTime()).toBeGreaterThanOrEqual(asked.getTime());
      expect(isQuietTime(when)).toBe(false);
    }
  });
});
