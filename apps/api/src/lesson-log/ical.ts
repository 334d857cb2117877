/**
 * A small iCalendar (RFC 5545) writer for the cahier de textes feeds: CRLF line ends, lines folded at 75 octets
 * without splitting a UTF-8 sequence, TEXT values escaped, times in Europe/Paris with its VTIMEZONE, all-day
 * events and to-dos as DATE values. Written here rather than taken from a library because the feeds need VTODO,
 * octet-exact folding and speed on a year of entries; a real parser (ical.js) checks the output in the tests.
 */
import { parisLocalTime } from '@preau/core';

export type IcalParams = Record<string, string>;
/** One content line: name, value as written (already escaped when TEXT), parameters. */
export type IcalProp = readonly [name: string, value: string, params?: IcalParams];

export interface IcalComponent {
  type: 'VEVENT' | 'VTODO';
  props: IcalProp[];
}

const MAX_OCTETS = 75;

/** Octets of a code point in UTF-8. */
const utf8Length = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** Folds a content line: no physical line longer than 75 octets, continuation lines start with one space. */
export function foldLine(line: string): string {
  // At most 75 UTF-16 units of ASCII and others: a quick bound before counting octets.
  if (line.length <= MAX_OCTETS / 3 || Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  let out = '';
  let start = 0;
  let octets = 0;
  let limit = MAX_OCTETS;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const size = utf8Length(cp);
    if (octets + size > limit) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line counts
    }
    octets += size;
    i += units;
  }
  return out + line.slice(start);
}

/** A TEXT value: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed in TEXT
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
      .replace(/[\\;,]/g, (c) => `\\${c}`)
      .replace(/\n/g, '\\n')
  );
}

/** A DATE value from YYYY-MM-DD. */
export const icalDate = (date: string) => date.replaceAll('-', '');

/** A UTC DATE-TIME (DTSTAMP, LAST-MODIFIED, COMPLETED). */
export function icalUtc(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** A local DATE-TIME in Europe/Paris, to be written with `TZID=Europe/Paris`. */
export function icalParis(instant: Date): string {
  const t = parisLocalTime(instant);
  const hh = String(Math.floor(t.minutes / 60)).padStart(2, '0');
  const mm = String(t.minutes % 60).padStart(2, '0');
  const ss = String(instant.getUTCSeconds()).padStart(2, '0');
  return `${icalDate(t.date)}T${hh}${mm}${ss}`;
}

export const PARIS_TZID = 'Europe/Paris';

/** Europe/Paris since 1996: CET, and CEST from the last Sunday of March to the last Sunday of October. */
const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${PARIS_TZID}`,
  'X-LIC-LOCATION:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A parameter value, quoted when it holds a character that must be (RFC 5545 §3.2). */
function paramValue(v: string): string {
  const clean = v.replace(/["\r\n]/g, '');
  return /[;:,]/.test(clean) ? `"${clean}"` : clean;
}

function contentLine([name, value, params]: IcalProp): string {
  const p = params
    ? Object.entries(params)
        .map(([k, v]) => `;${k}=${paramValue(v)}`)
        .join('')
    : '';
  return foldLine(`${name}${p}:${value}`);
}

/** A whole VCALENDAR: name and description (RFC 7986 and the common X-WR- forms), the time zone, the components. */
export function icalCalendar(options: {
  name: string;
  description: string;
  components: readonly IcalComponent[];
}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Préau//Cahier de textes//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    contentLine(['NAME', escapeText(options.name)]),
    contentLine(['X-WR-CALNAME', escapeText(options.name)]),
    contentLine(['DESCRIPTION', escapeText(options.description)]),
    `X-WR-TIMEZONE:${PARIS_TZID}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...PARIS_VTIMEZONE,
  ];
  for (const c of options.components) {
    lines.push(`BEGIN:${c.type}`);
    for (const prop of c.props) lines.push(contentLine(prop));
    lines.push(`END:${c.type}`);
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
