import { describe, expect, it } from 'vitest';
import { BeaconEventSchema, ForwardedEventSchema, parisDayHour, UsageEventSchema } from './usage.js';

const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

describe('parisDayHour', () => {
  it('follows the EU summer-time rule at both switches', () => {
    // 29 March 2026, 00:59 UTC is 01:59 winter time; 01:00 UTC is 03:00 summer time
    expect(parisDayHour(Date.parse('2026-03-29T00:59:00Z'))).toEqual({ day: day('2026-03-29'), hour: 1 });
    expect(parisDayHour(Date.parse('2026-03-29T01:00:00Z'))).toEqual({ day: day('2026-03-29'), hour: 3 });
    // 25 October 2026, 00:59 UTC is 02:59 summer time; 01:00 UTC is 02:00 winter time
    expect(parisDayHour(Date.parse('2026-10-25T00:59:00Z'))).toEqual({ day: day('2026-10-25'), hour: 2 });
    expect(parisDayHour(Date.parse('2026-10-25T01:00:00Z'))).toEqual({ day: day('2026-10-25'), hour: 2 });
    // the local day changes before UTC's
    expect(parisDayHour(Date.parse('2026-07-14T22:30:00Z'))).toEqual({ day: day('2026-07-15'), hour: 0 });
    expect(parisDayHour(Date.parse('2026-01-14T22:30:00Z'))).toEqual({ day: day('2026-01-14'), hour: 23 });
  });

  it('agrees with Intl for every hour of a year', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    for (let t = Date.parse('2025-01-01T00:30:00Z'); t < Date.parse('2026-01-01T00:00:00Z'); t += 3_600_000) {
      const parts = Object.fromEntries(fmt.formatToParts(t).map((p) => [p.type, p.value]));
      expect(parisDayHour(t)).toEqual({
        day: day(`${parts.year}-${parts.month}-${parts.day}`),
        hour: Number(parts.hour),
      });
    }
  });
});

describe('usage event schemas', () => {
  const beacon = {
    time: '2026-03-16T08:15:00+01:00',
    service: 'notes',
    action: 'view',
    visitId: 'visit-0001',
  };
  it('accepts a beacon event and refuses unknown services, bad times and visit ids', () => {
    expect(BeaconEventSchema.safeParse(beacon).success).toBe(true);
    const bad = BeaconEventSchema.safeParse({ ...beacon, service: 'cantine', time: 'hier', visitId: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['service', 'time', 'visitId']);
  });
  it('requires uai, profile and visitor from a forwarding server, with a valid UAI check letter', () => {
    expect(
      ForwardedEventSchema.safeParse({ ...beacon, uai: '0511085C', profile: 'PARENT', visitor: 'x' }).success,
    ).toBe(true);
    expect(
      ForwardedEventSchema.safeParse({ ...beacon, uai: '0511085D', profile: 'PARENT', visitor: 'x' }).success,
    ).toBe(false);
  });
  it('stores only a 64-hex pseudonymous visitor', () => {
    const stored = {
      time: beacon.time,
      uai: '0511085C',
      service: 'notes',
      type: 'native',
      tool: null,
      profile: 'ELEVE',
      action: 'view',
      visitId: 'visit-0001',
      visitor: 'a'.repeat(64),
      device: 'smartphone',
      os: 'Android',
      browser: 'Chrome',
      classe: '4e B',
    };
    expect(UsageEventSchema.safeParse(stored).success).toBe(true);
    expect(UsageEventSchema.safeParse({ ...stored, visitor: 'user-42' }).success).toBe(false);
  });
});
