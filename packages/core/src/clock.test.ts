import { describe, expect, it } from 'vitest';
import { clockStartingAt, fixedClock, instantFromEnv, parisToday } from './clock.js';

describe('clocks', () => {
  it('starts a clock at an instant and moves it on at the pace of its base', () => {
    let base = Date.parse('2030-01-01T00:00:00Z');
    const clock = clockStartingAt(new Date('2026-11-19T08:30:00Z'), () => new Date(base));
    expect(clock().toISOString()).toBe('2026-11-19T08:30:00.000Z');
    base += 90_000;
    expect(clock().toISOString()).toBe('2026-11-19T08:31:30.000Z');
  });

  it('stops a clock at an instant, and refuses one that is not', () => {
    const clock = fixedClock('2028-02-29T10:00:00Z');
    expect(clock().toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(clock()).not.toBe(clock()); // a copy each time: callers may not move it
    expect(() => fixedClock('tomorrow')).toThrow(RangeError);
  });

  it('gives today in Paris, not in UTC', () => {
    expect(parisToday(fixedClock('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisToday(fixedClock('2027-07-01T21:59:00Z'))).toBe('2027-07-01');
  });

  it('reads PREAU_CLOCK-like settings: instants, dates at 09:30 in Paris, nothing, or an error naming the variable', () => {
    expect(instantFromEnv('PREAU_CLOCK', undefined)).toBeUndefined();
    expect(instantFromEnv('PREAU_CLOCK', '')).toBeUndefined();
    expect(instantFromEnv('PREAU_CLOCK', '2026-11-19T08:30:00Z')?.toISOString()).toBe(
      '2026-11-19T08:30:00.000Z',
    );
    expect(instantFromEnv('PREAU_CLOCK', '2026-12-06')?.toISOString()).toBe('2026-12-06T08:30:00.000Z');
    expect(instantFromEnv('PREAU_CLOCK', '2027-07-20')?.toISOString()).toBe('2027-07-20T07:30:00.000Z');
    expect(instantFromEnv('PREAU_CLOCK', '2028-02-29')?.toISOString()).toBe('2028-02-29T08:30:00.000Z');
    for (const bad of ['2027-02-29', '2026-13-01', 'lundi', '19/11/2026']) {
      expect(() => instantFromEnv('PREAU_CLOCK', bad), bad).toThrow(/PREAU_CLOCK/);
    }
  });
});
