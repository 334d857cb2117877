import { child, type XmlElement, XmlRefused } from '../imports/xml.js';
import { addMinutes, clockTime, type ParsedTimetable, type WeeklyLesson } from './model.js';

/**
 * Index Éducation's EDT, export "Cours" (`EXP_COURS.xml`): root `TABLE`, one `Cours` per weekly lesson with
 * `JOUR` (lundi…), `H.DEBUT` (`  13h30`), `DUREE` (`1h00`), `MAT_CODE`, `MAT_LIBELLE`, `PROF_NOM`, `PROF_PRENOM`,
 * `CLASSE` (one or more divisions, or a group), `SALLE`, `ALTERNANCE`/`FREQUENCE` (`H` weekly, `Q1`/`Q2` one week in
 * two).
 */
const DAYS: Record<string, number> = { lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6 };

export function readEdtCourses(root: XmlElement): ParsedTimetable {
  if (root.name.toUpperCase() !== 'TABLE')
    throw new XmlRefused(`Racine ${root.name} : un export EDT « Cours » commence par TABLE.`);
  const out: ParsedTimetable = { format: 'edt', lessons: [], warnings: [] };
  const text = (el: XmlElement, name: string) => child(el, name)?.text.trim() || undefined;
  for (const cours of root.children.filter((c) => c.name === 'Cours' || c.name === 'Cours_annuels')) {
    const number = text(cours, 'NUMERO') ?? cours.attrs.numero ?? '?';
    const weekday = DAYS[(text(cours, 'JOUR') ?? '').toLowerCase()];
    const start = clockTime(text(cours, 'H.DEBUT'));
    const duration = /^(\d{1,2})h(\d{2})?$/i.exec(text(cours, 'DUREE') ?? '');
    const lastName = text(cours, 'PROF_NOM');
    const structures = (text(cours, 'CLASSE') ?? '')
      .split(/[,;]/)
      .map((s) => s.replace(/[[\]<>]/g, '').trim())
      .filter(Boolean);
    if (!weekday || !start || !duration || !lastName || !structures.length) {
      out.warnings.push(`Cours ${number} : jour, heure, durée, professeur ou classe manquant ; ignoré.`);
      continue;
    }
    const alternance = (text(cours, 'ALTERNANCE') ?? text(cours, 'FREQUENCE') ?? 'H').toUpperCase();
    const lesson: WeeklyLesson = {
      weekday,
      start,
      end: addMinutes(start, Number(duration[1]) * 60 + Number(duration[2] ?? 0)),
      structures,
      subject: { code: text(cours, 'MAT_CODE'), label: text(cours, 'MAT_LIBELLE') },
      teacher: { lastName, firstName: text(cours, 'PROF_PRENOM') },
      room: text(cours, 'SALLE'),
      weeks: alternance === 'Q1' ? 'A' : alternance === 'Q2' ? 'B' : 'all',
    };
    out.lessons.push(lesson);
  }
  return out;
}
