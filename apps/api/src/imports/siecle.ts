import {
  type DirectorySnapshot,
  emptySnapshot,
  type ImportedGuardian,
  type ImportedStaff,
  type ImportedStudent,
  levelOf,
  type Relation,
  type StaffProfile,
} from './model.js';
import { childrenOf, isoDate, parseXml, path, textOf, type XmlElement, XmlRefused } from './xml.js';

/**
 * A collège's own exports: SIECLE "Exports XML génériques" (`ElevesSansAdresses.xml` or `ElevesAvecAdresses.xml`,
 * `Nomenclature.xml`, `ResponsablesAvecAdresses.xml`) and STS-web's `sts_emp_<UAI>_<année>.xml`. Each file is
 * recognised by its root element, whatever its name.
 */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** SIECLE's CODE_PARENTE (lien de parenté) to our relation. */
const PARENTE: Record<string, Relation> = { '10': 'mere', '20': 'pere', '50': 'tuteur', '51': 'tuteur' };

/** STS FONCTION to our profile and functions. */
const FONCTIONS: Record<string, { profile: StaffProfile; functions: string[] }> = {
  ENS: { profile: 'teacher', functions: [] },
  DOC: { profile: 'teacher', functions: ['documentaliste'] },
  EDU: { profile: 'vie_scolaire', functions: ['cpe'] },
  SUR: { profile: 'vie_scolaire', functions: [] },
  DIR: { profile: 'direction', functions: [] },
};

export function readSchoolExports(files: InputFile[], today: string): DirectorySnapshot {
  const roots = new Map<string, { name: string; root: XmlElement }>();
  for (const file of files) {
    const root = parseXml(file.bytes);
    if (!['BEE_ELEVES', 'BEE_NOMENCLATURES', 'BEE_RESPONSABLES', 'STS_EDT'].includes(root.name)) {
      throw new XmlRefused(
        `${file.name} : fichier non reconnu (racine ${root.name}) ; attendus : exports SIECLE (BEE_ELEVES, BEE_NOMENCLATURES, BEE_RESPONSABLES) et STS-web (STS_EDT).`,
      );
    }
    if (roots.has(root.name)) throw new XmlRefused(`${file.name} : deux fichiers de type ${root.name}.`);
    roots.set(root.name, { name: file.name, root });
  }
  const eleves = roots.get('BEE_ELEVES')?.root;
  const sts = roots.get('STS_EDT')?.root;
  if (!eleves && !sts)
    throw new XmlRefused('Il faut au moins le fichier des élèves (SIECLE) ou celui de STS-web.');

  const uai =
    textOf(path(eleves, 'PARAMETRES'), 'UAJ') ??
    path(sts, 'PARAMETRES', 'UAJ')?.attrs.CODE ??
    textOf(path(sts, 'PARAMETRES'), 'UAJ');
  const yearText =
    textOf(path(eleves, 'PARAMETRES'), 'ANNEE_SCOLAIRE') ??
    path(sts, 'PARAMETRES', 'ANNEE_SCOLAIRE')?.attrs.ANNEE;
  if (!uai || !/^[0-9]{7}[A-Z]$/.test(uai))
    throw new XmlRefused('UAI absent ou invalide dans PARAMETRES/UAJ.');
  const schoolYear = Number(yearText);
  if (!Number.isInteger(schoolYear) || schoolYear < 2000)
    throw new XmlRefused('Année scolaire absente ou invalide.');
  for (const [kind, { name, root }] of roots) {
    const other =
      kind === 'STS_EDT'
        ? path(root, 'PARAMETRES', 'UAJ')?.attrs.CODE
        : textOf(path(root, 'PARAMETRES'), 'UAJ');
    if (other && other !== uai)
      throw new XmlRefused(`${name} : UAI ${other}, les autres fichiers disent ${uai}.`);
  }

  const snap = emptySnapshot('siecle+sts', uai, schoolYear, 'full');
  readSubjects(snap, roots.get('BEE_NOMENCLATURES')?.root, sts);
  if (sts) readSts(snap, sts, uai);
  if (eleves) {
    snap.managed.push('siecle:student');
    readStudents(snap, eleves, uai, today);
  }
  const responsables = roots.get('BEE_RESPONSABLES')?.root;
  if (responsables) readGuardians(snap, responsables, uai);
  else if (eleves)
    snap.warnings.push('Pas de fichier des responsables : aucun compte parent ne sera créé ni fermé.');
  return snap;
}

function readSubjects(
  snap: DirectorySnapshot,
  nomenclature: XmlElement | undefined,
  sts: XmlElement | undefined,
) {
  const seen = new Map<string, number>();
  const add = (el: XmlElement, codeAttr: string) => {
    const nationalCode = el.attrs[codeAttr]?.trim();
    const code = textOf(el, 'CODE_GESTION');
    const name = textOf(el, 'LIBELLE_EDITION') ?? textOf(el, 'LIBELLE_LONG') ?? textOf(el, 'LIBELLE_COURT');
    if (!code || !name) return;
    const at = seen.get(code);
    const subject = { code, nationalCode: nationalCode || undefined, name };
    if (at === undefined) {
      seen.set(code, snap.subjects.length);
      snap.subjects.push(subject);
    }
  };
  for (const m of childrenOf(path(nomenclature, 'DONNEES', 'MATIERES'), 'MATIERE')) add(m, 'CODE_MATIERE');
  for (const m of childrenOf(path(sts, 'DONNEES', 'NOMENCLATURES', 'MATIERES'), 'MATIERE')) add(m, 'CODE');
}

function readSts(snap: DirectorySnapshot, sts: XmlElement, uai: string) {
  snap.managed.push('sts:staff');
  const byNational = new Map(
    snap.subjects.filter((s) => s.nationalCode).map((s) => [s.nationalCode!, s.code]),
  );
  const structure = path(sts, 'DONNEES', 'STRUCTURE');
  const staff = new Map<string, ImportedStaff>();
  for (const ind of childrenOf(path(sts, 'DONNEES', 'INDIVIDUS'), 'INDIVIDU')) {
    const id = ind.attrs.ID?.trim();
    if (!id) continue;
    const fonction = FONCTIONS[textOf(ind, 'FONCTION') ?? ''] ?? { profile: 'staff' as const, functions: [] };
    const person: ImportedStaff = {
      ref: { source: 'sts', scope: uai, id },
      lastName: textOf(ind, 'NOM_USAGE') ?? textOf(ind, 'NOM_PATRONYMIQUE'),
      firstName: textOf(ind, 'PRENOM'),
      birthDate: isoDate(textOf(ind, 'DATE_NAISSANCE')),
      profile: fonction.profile,
      functions: [...fonction.functions],
      services: [],
      headOf: childrenOf(path(ind, 'PROFS_PRINC'), 'PROF_PRINC')
        .map((pp) => textOf(pp, 'CODE_STRUCTURE'))
        .filter((c): c is string => Boolean(c)),
    };
    if (person.headOf!.length && person.profile === 'teacher') person.functions!.push('professeur_principal');
    if (!person.lastName || !person.firstName) {
      snap.warnings.push(`STS : personne ${id} sans nom ou prénom, ignorée.`);
      continue;
    }
    staff.set(id, person);
  }
  const readServices = (el: XmlElement, code: string) => {
    for (const service of childrenOf(path(el, 'SERVICES'), 'SERVICE')) {
      const national = service.attrs.CODE_MATIERE?.trim() ?? '';
      const subject = byNational.get(national);
      if (!subject) {
        snap.warnings.push(`STS : ${code}, matière ${national} absente de la nomenclature, service ignoré.`);
        continue;
      }
      for (const ens of childrenOf(path(service, 'ENSEIGNANTS'), 'ENSEIGNANT')) {
        const person = staff.get(ens.attrs.ID?.trim() ?? '');
        if (!person) continue;
        if (!person.services!.some((s) => s.structure === code && s.subject === subject)) {
          person.services!.push({ structure: code, subject });
        }
      }
    }
  };
  for (const div of childrenOf(path(structure, 'DIVISIONS'), 'DIVISION')) {
    const code = div.attrs.CODE?.trim();
    if (!code) continue;
    snap.structures.push({
      code,
      kind: 'classe',
      name: code,
      level: levelOf(code, textOf(div, 'LIBELLE_LONG')),
    });
    readServices(div, code);
  }
  for (const grp of childrenOf(path(structure, 'GROUPES'), 'GROUPE')) {
    const code = grp.attrs.CODE?.trim();
    if (!code) continue;
    const divisions = childrenOf(path(grp, 'DIVISIONS_APPARTENANCE'), 'DIVISION_APPARTENANCE').map(
      (d) => d.attrs.CODE ?? '',
    );
    snap.structures.push({ code, kind: 'groupe', name: code, level: levelOf(...divisions, code) });
    readServices(grp, code);
  }
  snap.staff.push(...staff.values());
}

function readStudents(snap: DirectorySnapshot, root: XmlElement, uai: string, today: string) {
  const structuresOf = new Map<string, string[]>();
  for (const se of childrenOf(path(root, 'DONNEES', 'STRUCTURES'), 'STRUCTURES_ELEVE')) {
    const codes = childrenOf(se, 'STRUCTURE')
      .map((s) => ({ code: textOf(s, 'CODE_STRUCTURE'), type: textOf(s, 'TYPE_STRUCTURE') }))
      .filter((s): s is { code: string; type: string | undefined } => Boolean(s.code));
    structuresOf.set(
      se.attrs.ELEVE_ID ?? '',
      codes.map((s) => s.code),
    );
    for (const s of codes) {
      if (!snap.structures.some((x) => x.code === s.code)) {
        snap.structures.push({
          code: s.code,
          kind: s.type === 'G' ? 'groupe' : 'classe',
          name: s.code,
          level: levelOf(s.code),
        });
      }
    }
  }
  for (const el of childrenOf(path(root, 'DONNEES', 'ELEVES'), 'ELEVE')) {
    const id = el.attrs.ELEVE_ID?.trim();
    if (!id) continue;
    const left = isoDate(textOf(el, 'DATE_SORTIE'));
    const student: ImportedStudent = {
      ref: { source: 'siecle', scope: uai, id },
      lastName: textOf(el, 'NOM_USAGE') ?? textOf(el, 'NOM_DE_FAMILLE') ?? textOf(el, 'NOM'),
      firstName: textOf(el, 'PRENOM'),
      birthDate: isoDate(textOf(el, 'DATE_NAISS')),
      ine: textOf(el, 'ID_NATIONAL') ?? textOf(el, 'INE_BEA'),
      structures: structuresOf.get(id) ?? [],
      departed: Boolean(left && left <= today),
    };
    if (!student.lastName || !student.firstName) {
      snap.warnings.push(`SIECLE : élève ${id} sans nom ou prénom, ignoré.`);
      continue;
    }
    // Students who left keep their row in SIECLE's export with a DATE_SORTIE: they are departures, not students.
    if (student.departed) student.structures = [];
    snap.students.push(student);
  }
}

function readGuardians(snap: DirectorySnapshot, root: XmlElement, uai: string) {
  const people = new Map<string, ImportedGuardian>();
  for (const p of childrenOf(path(root, 'DONNEES', 'PERSONNES'), 'PERSONNE')) {
    const id = p.attrs.PERSONNE_ID?.trim();
    if (!id) continue;
    const civility = textOf(p, 'LC_CIVILITE')?.toUpperCase();
    people.set(id, {
      ref: { source: 'siecle', scope: uai, id: `P${id}` },
      lastName: textOf(p, 'NOM_USAGE') ?? textOf(p, 'NOM_DE_FAMILLE') ?? textOf(p, 'NOM'),
      firstName: textOf(p, 'PRENOM'),
      civility: civility === 'M' || civility === 'M.' ? 'M' : civility === 'MME' ? 'MME' : undefined,
      email: textOf(p, 'MEL'),
      mobile: textOf(p, 'TEL_PORTABLE'),
      acceptsSms: textOf(p, 'ACCEPTE_SMS') === '1',
      children: [],
    });
  }
  const studentIds = new Set(snap.students.filter((s) => !s.departed).map((s) => s.ref.id));
  for (const r of childrenOf(path(root, 'DONNEES', 'RESPONSABLES'), 'RESPONSABLE_ELEVE')) {
    const legal = textOf(r, 'RESP_LEGAL') ?? textOf(r, 'NIVEAU_RESPONSABILITE');
    // Only legal guardians (1, 2) get an account: the other contacts are not the ENT's business.
    if (legal !== '1' && legal !== '2') continue;
    const person = people.get(textOf(r, 'PERSONNE_ID') ?? '');
    const studentId = textOf(r, 'ELEVE_ID');
    if (!person || !studentId || !studentIds.has(studentId)) continue;
    if (!person.children!.some((c) => c.studentId === studentId)) {
      person.children!.push({
        studentId,
        relation: PARENTE[textOf(r, 'CODE_PARENTE') ?? ''] ?? 'responsable',
      });
    }
  }
  snap.managed.push('siecle:guardian');
  for (const g of people.values()) {
    if (!g.children!.length) continue;
    if (!g.lastName || !g.firstName) {
      snap.warnings.push(`SIECLE : responsable ${g.ref.id} sans nom ou prénom, ignoré.`);
      continue;
    }
    snap.guardians.push(g);
  }
}
