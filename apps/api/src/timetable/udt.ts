import type { XmlElement } from '../imports/xml.js';
import { addMinutes, clockTime, type ParsedTimetable, type WeeklyLesson } from './model.js';

/**
 * UnDeuxTEMPS exports (`UDCal_NN.xml`): one kind of record per file, each an element whose attributes carry the
 * fields — `init` (00: `duree_seq`), `demi_seq` (07: `code_jour`, `code`, `hre_deb`, `hre_fin`), `prof` (04),
 * `mat` (05: `code`, `libelle`, `code_gep1`), `div` (08: `code`, `code_sts`), `gpe` (19: `code_div`, `code`,
 * `code_sts`), `salle` (03), and the lesson lines `ligfiche` (12: `code` = day and half-sequence, `fic`, `div`,
 * `gpe`, `mat`, `prof`, `salle`, `alternance`). Consecutive half-sequences of one lesson line make one séance.
 */
export function readUdtFiles(roots: XmlElement[]): ParsedTimetable {
  const out: ParsedTimetable = { format: 'udt', lessons: [], warnings: [] };
  const records = new Map<string, Record<string, string>[]>();
  const walk = (el: XmlElement) => {
    if (['init', 'demi_seq', 'prof', 'mat', 'div', 'gpe', 'salle', 'ligfiche'].includes(el.name)) {
      records.set(el.name, [...(records.get(el.name) ?? []), el.attrs]);
      return;
    }
    for (const c of el.children) walk(c);
  };
  for (const root of roots) walk(root);
  const by = (kind: string, key: (r: Record<string, string>) => string) =>
    new Map((records.get(kind) ?? []).map((r) => [key(r), r]));
  const halves = by('demi_seq', (r) => `${r.code_jour}${(r.code ?? '').padStart(2, '0')}`);
  const profs = by('prof', (r) => r.code ?? '');
  const mats = by('mat', (r) => r.code ?? '');
  const divs = by('div', (r) => r.code ?? '');
  const gpes = by('gpe', (r) => `${r.code_div}|${r.code}`);
  const salles = by('salle', (r) => r.code ?? '');
  // Lines of one lesson sheet (fiche) at consecutive half-sequences of a day merge into one séance.
  const lines = [...(records.get('ligfiche') ?? [])].sort((a, b) =>
    `${a.fic}|${a.div}|${a.gpe}|${a.code}`.localeCompare(`${b.fic}|${b.div}|${b.gpe}|${b.code}`),
  );
  let current: { key: string; last: number; lesson: WeeklyLesson } | undefined;
  for (const line of lines) {
    const half = halves.get(line.code ?? '');
    const prof = profs.get(line.prof ?? '');
    const div = divs.get(line.div ?? '');
    if (!half || !prof || !div) {
      out.warnings.push(
        `Ligne de fiche ${line.fic ?? '?'} (${line.code ?? '?'}) : demi-séquence, professeur ou division inconnus ; ignorée.`,
      );
      continue;
    }
    const gpe = line.gpe ? gpes.get(`${line.div}|${line.gpe}`) : undefined;
    const structure = gpe
      ? gpe.code_sts || `${div.code_sts ?? div.code}${gpe.code}`
      : div.code_sts || div.code!;
    const start = clockTime(half.hre_deb);
    const end = clockTime(half.hre_fin);
    if (!start || !end) continue;
    const key = `${line.fic}|${line.div}|${line.gpe ?? ''}|${line.mat}|${line.prof}|${line.code!.slice(0, 1)}`;
    const n = Number(line.code);
    if (current && current.key === key && n === current.last + 1) {
      current.lesson.end = end;
      current.last = n;
      continue;
    }
    const mat = mats.get(line.mat ?? '');
    const alternance = (line.alternance ?? 'H').toUpperCase();
    const lesson: WeeklyLesson = {
      weekday: Number(half.code_jour),
      start,
      end: end > start ? end : addMinutes(start, 55),
      structures: [structure],
      subject: { code: mat?.code_gep1 || mat?.code, label: mat?.libelle },
      teacher: { lastName: prof.nom ?? '', firstName: prof.prenom },
      room: salles.get(line.salle ?? '')?.nom ?? line.salle,
      weeks: alternance === 'Q1' ? 'A' : alternance === 'Q2' ? 'B' : 'all',
    };
    out.lessons.push(lesson);
    current = { key, last: n, lesson };
  }
  return out;
}
