import { type Holiday, type SchoolCalendar, schoolCalendar } from '@preau/core';

/**
 * The official school-holidays calendar (Ministry open data, one ICS per zone or one for all zones): VEVENTs
 * whose SUMMARY names the holidays (« Vacances de la Toussaint ») and whose LOCATION or DESCRIPTION names the
 * zone(s) when the file covers several. DTSTART is the first day without classes; DTEND (exclusive, as iCalendar
 * says) the day classes resume. Public holidays are not in it: they come from the computed calendar.
 */
interface IcsEvent {
  summary: string;
  start: string;
  /** Exclusive. */
  end: string;
  where: string;
}

export function readIcsEvents(text: string): IcsEvent[] {
  // Unfold continuation lines (RFC 5545 §3.1), then read each VEVENT's properties.
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const events: IcsEvent[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      const start = icsDate(current.DTSTART);
      const end = icsDate(current.DTEND) ?? start;
      if (start && end)
        events.push({
          summary: icsText(current.SUMMARY ?? ''),
          start,
          end,
          where: icsText(`${current.LOCATION ?? ''} ${current.DESCRIPTION ?? ''}`),
        });
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      if (colon > 0) current[line.slice(0, colon).split(';')[0]!.toUpperCase()] = line.slice(colon + 1);
    }
  }
  return events;
}

/** The zones an event names (« Zone A », « Zones A et C »), or null when it names none (a one-zone file). */
function zonesOf(text: string): string[] | null {
  const m = /zones?\s*:?\s*([ABC](?:\s*(?:,|et|&|\/)\s*[ABC])*)\b/i.exec(text);
  return m ? (m[1]!.toUpperCase().match(/[ABC]/g) ?? []) : null;
}

const icsText = (s: string) =>
  s
    .replace(/\\n/gi, ' ')
    .replace(/\\([,;\\])/g, '$1')
    .trim();
const icsDate = (v: string | undefined) => {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(v ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};
const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The school year's calendar with the official holidays of one zone in place of the computed ones. */
export function calendarWithHolidays(year: number, ics: string, zone: 'A' | 'B' | 'C'): SchoolCalendar {
  const base = schoolCalendar(year);
  const holidays: Holiday[] = readIcsEvents(ics)
    .filter((e) => /vacances/i.test(e.summary))
    .filter((e) => {
      const zones = zonesOf(`${e.summary} ${e.where}`);
      return !zones || zones.includes(zone);
    })
    .filter((e) => e.end > base.startsOn && e.start <= base.endsOn)
    .map((e) => ({
      from: e.start,
      to: e.end > e.start ? dayBefore(e.end) : e.start,
      name: { fr: e.summary, en: e.summary },
    }))
    .sort((a, b) => a.from.localeCompare(b.from));
  if (!holidays.length) return base;
  const summer = holidays.find((h) => /été|ete/i.test(h.name.fr) && h.from > `${year + 1}-06-01`);
  if (summer) summer.to = base.endsOn;
  const inHoliday = (d: string) => holidays.some((h) => d >= h.from && d <= h.to);
  return {
    ...base,
    holidays,
    lastClassDay: summer ? dayBefore(summer.from) : base.lastClassDay,
    daysOff: base.daysOff.filter((d) => !inHoliday(d.date)),
  };
}
