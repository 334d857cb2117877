import { escapeXml as x } from '../xml.js';
import type { SampleCollege } from './college.js';
import { encodeLatin9, type SampleFile } from './files.js';

/**
 * A weekly timetable for the sample collège, written as EDT's `EXP_COURS.xml` and as UnDeuxTEMPS `UDCal_*.xml`,
 * and an official-style holidays calendar (ICS, three zones). Invented, but shaped like the real exports.
 */
export interface SampleLesson {
  weekday: number;
  /** Half-sequence index of the day, 0 = 08:00, each 55 min (a 5-minute break between). */
  slot: number;
  length: 1 | 2;
  structure: string;
  subject: string;
  teacherId: string;
  room: string;
  weeks: 'H' | 'Q1' | 'Q2';
}

const STARTS = ['08:00', '09:00', '10:05', '11:05', '13:30', '14:30', '15:35', '16:35'];
const DAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'];

/** Every service once a week (twice for the main subjects), teachers never in two places at once. */
export function sampleLessons(c: SampleCollege): SampleLesson[] {
  const busy = new Set<string>();
  const lessons: SampleLesson[] = [];
  const place = (
    structure: string,
    subject: string,
    teacherId: string,
    count: number,
    weeks: SampleLesson['weeks'] = 'H',
  ) => {
    for (let n = 0, tries = 0; n < count && tries < 40; tries++) {
      const weekday = 1 + ((tries + structure.charCodeAt(0) + n * 2) % 5);
      const slot = (tries * 3 + subject.length) % (weekday === 3 ? 4 : 8);
      const keys = [`t|${teacherId}|${weekday}|${slot}`, `s|${structure}|${weekday}|${slot}`];
      if (keys.some((k) => busy.has(k))) continue;
      for (const k of keys) busy.add(k);
      lessons.push({
        weekday,
        slot,
        length: 1,
        structure,
        subject,
        teacherId,
        room: `S${100 + (structure.charCodeAt(1) % 20)}`,
        weeks,
      });
      n++;
    }
  };
  for (const p of c.staff) {
    for (const s of p.services)
      place(s.structure, s.subject, p.id, ['FRANC', 'MATHS'].includes(s.subject) ? 2 : 1);
  }
  // One lesson every other week, as timetables often have (a half-group practical).
  const svt = c.staff.find((p) => p.services.some((s) => s.subject === 'SVT'));
  if (svt) place(svt.services[0]!.structure, 'SVT', svt.id, 1, 'Q1');
  return lessons;
}

const end = (start: string, minutes: number) => {
  const t = Number(start.slice(0, 2)) * 60 + Number(start.slice(3)) + minutes;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

export function edtCoursFile(c: SampleCollege, lessons: SampleLesson[]): SampleFile {
  const staff = new Map(c.staff.map((p) => [p.id, p]));
  const names = new Map(c.subjects.map((s) => [s.code, s.name]));
  const rows = lessons.map((l, i) => {
    const p = staff.get(l.teacherId)!;
    const [h, m] = STARTS[l.slot]!.split(':');
    return (
      `<Cours numero="${i + 1}"><NUMERO>${i + 1}</NUMERO><DUREE>${l.length * 55 >= 60 ? '1h' : '0h'}${String((l.length * 55) % 60).padStart(2, '0')}</DUREE>` +
      `<FREQUENCE>${l.weeks}</FREQUENCE><MAT_CODE>${l.subject}</MAT_CODE><MAT_LIBELLE>${x(names.get(l.subject)!.toUpperCase())}</MAT_LIBELLE>` +
      `<PROF_NOM>${x(p.lastName)}</PROF_NOM><PROF_PRENOM>${x(p.firstName.toUpperCase())}</PROF_PRENOM><CLASSE>${l.structure}</CLASSE>` +
      `<SALLE>${l.room}</SALLE><ALTERNANCE>${l.weeks}</ALTERNANCE><MODALITE>CG</MODALITE><CO-ENS.>N</CO-ENS.><POND.>1</POND.>` +
      `<JOUR>${DAY_NAMES[l.weekday]}</JOUR><H.DEBUT>  ${Number(h)}h${m}</H.DEBUT><EFFECTIF/></Cours>`
    );
  });
  return {
    name: 'EXP_COURS.xml',
    bytes: encodeLatin9(
      `<?xml version="1.0" encoding="ISO-8859-15"?>\n<TABLE nom="Cours">\n${rows.join('\n')}\n</TABLE>\n`,
    ),
  };
}

export function udtFiles(c: SampleCollege, lessons: SampleLesson[]): SampleFile[] {
  const file = (n: string, body: string): SampleFile => ({
    name: `UDCal_${n}.xml`,
    bytes: encodeLatin9(
      `<?xml version="1.0" encoding="ISO-8859-15"?>\n<UDCal_${n}>\n${body}\n</UDCal_${n}>\n`,
    ),
  });
  const profCode = new Map(c.staff.map((p, i) => [p.id, `P${String(i + 1).padStart(3, '0')}`]));
  const matCode = new Map(c.subjects.map((s, i) => [s.code, String(i + 1).padStart(2, '0')]));
  const divCode = new Map(c.divisions.map((d, i) => [d.code, `D${String(i + 1).padStart(2, '0')}`]));
  const half = (weekday: number, slot: number) => `${weekday}${String(slot + 1).padStart(2, '0')}`;
  const demi = [1, 2, 3, 4, 5].flatMap((d) =>
    STARTS.map(
      (s, i) =>
        `<demi_seq code_jour="${d}" code="${String(i + 1).padStart(2, '0')}" hre_deb="${s.replace(':', '')}" hre_fin="${end(s, 55).replace(':', '')}" code_site="1"/>`,
    ),
  );
  const lines = lessons.map((l, i) => {
    const group = c.groups.find((g) => g.code === l.structure);
    const div = group ? group.divisions[0]! : l.structure;
    return `<ligfiche fic="F${i + 1}" code="${half(l.weekday, l.slot)}" div="${divCode.get(div)}"${group ? ` gpe="${group.code}"` : ''} mat="${matCode.get(l.subject)}" prof="${profCode.get(l.teacherId)}" salle="${l.room}" alternance="${l.weeks}"/>`;
  });
  return [
    file('00', '<init premiere_semaine_ISO="36" duree_seq="110"/>'),
    file(
      '03',
      [...new Set(lessons.map((l) => l.room))].map((r) => `<salle code="${r}" nom="${r}"/>`).join('\n'),
    ),
    file(
      '04',
      c.staff
        .map(
          (p) =>
            `<prof code="${profCode.get(p.id)}" nom="${x(p.lastName)}" prenom="${x(p.firstName)}" epj="${p.id}"/>`,
        )
        .join('\n'),
    ),
    file(
      '05',
      c.subjects
        .map((s) => `<mat code="${matCode.get(s.code)}" libelle="${x(s.name)}" code_gep1="${s.code}"/>`)
        .join('\n'),
    ),
    file('07', demi.join('\n')),
    file(
      '08',
      c.divisions.map((d) => `<div code="${divCode.get(d.code)}" code_sts="${d.code}"/>`).join('\n'),
    ),
    file(
      '19',
      c.groups
        .map(
          (g) =>
            `<gpe code_div="${divCode.get(g.divisions[0]!)}" code="${g.code}" code_sts="${g.code}" nom="${x(g.label)}"/>`,
        )
        .join('\n'),
    ),
    file('12', lines.join('\n')),
  ];
}

/** Holidays of school year `year` in the shape of the Ministry's calendar (all zones in one file). */
export function holidaysIcs(year: number): string {
  const y1 = year + 1;
  const ev = (summary: string, start: string, endExclusive: string, zones: string) =>
    [
      'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${start.replace(/-/g, '')}`,
      `DTEND;VALUE=DATE:${endExclusive.replace(/-/g, '')}`,
      `SUMMARY:${summary}`,
      `LOCATION:${zones}`,
      `UID:${summary.replace(/\W+/g, '-')}-${zones.replace(/\W+/g, '')}-${start}@calendrier.test`,
      'END:VEVENT',
    ].join('\r\n');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Calendrier scolaire (exemple)//FR',
    ev('Vacances de la Toussaint', `${year}-10-17`, `${year}-11-02`, 'Zones A\\, B et C'),
    ev('Vacances de Noël', `${year}-12-19`, `${y1}-01-04`, 'Zones A\\, B et C'),
    ev("Vacances d'Hiver", `${y1}-02-06`, `${y1}-02-22`, 'Zone A'),
    ev("Vacances d'Hiver", `${y1}-02-13`, `${y1}-03-01`, 'Zone B'),
    ev("Vacances d'Hiver", `${y1}-02-20`, `${y1}-03-08`, 'Zone C'),
    ev('Vacances de Printemps', `${y1}-04-03`, `${y1}-04-19`, 'Zone A'),
    ev('Vacances de Printemps', `${y1}-04-10`, `${y1}-04-26`, 'Zone B'),
    ev('Vacances de Printemps', `${y1}-04-17`, `${y1}-05-03`, 'Zone C'),
    ev("Vacances d'Été", `${y1}-07-03`, `${y1}-09-01`, 'Zones A\\, B et C'),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
