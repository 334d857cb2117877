import { escapeXml as x } from '../xml.js';
import type { SampleCollege, SampleStaff } from './college.js';

/**
 * The sample collège written in its tools' formats: SIECLE's XML exports and STS-web's file in ISO-8859-15 as
 * the real ones often are, AAF feeds in UTF-8. Optional elements are written empty when unknown, as SIECLE does.
 */
export interface SampleFile {
  name: string;
  bytes: Uint8Array;
}

const LATIN9_EXTRA: Record<string, number> = {
  '€': 0xa4,
  Š: 0xa6,
  š: 0xa8,
  Ž: 0xb4,
  ž: 0xb8,
  Œ: 0xbc,
  œ: 0xbd,
  Ÿ: 0xbe,
};
const LATIN9_REPLACED = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

/** Encodes text in ISO-8859-15 (Latin-9); characters outside it become numeric character references. */
export function encodeLatin9(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const extra = LATIN9_EXTRA[ch];
    if (extra !== undefined) out.push(extra);
    else if (code < 0x100 && !LATIN9_REPLACED.has(code)) out.push(code);
    else for (const b of Buffer.from(`&#${code};`, 'ascii')) out.push(b);
  }
  return Uint8Array.from(out);
}

const fr = (iso: string) => iso.split('-').reverse().join('/');
const el = (name: string, value: string | number | undefined) =>
  value === undefined || value === '' ? `<${name}/>` : `<${name}>${x(String(value))}</${name}>`;
const latin9 = (body: string) => encodeLatin9(`<?xml version="1.0" encoding="ISO-8859-15"?>\n${body}\n`);
const utf8 = (body: string) => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`);

export function siecleFiles(c: SampleCollege, exportedOn: string): SampleFile[] {
  const params = `<PARAMETRES><UAJ>${c.uai}</UAJ><ANNEE_SCOLAIRE>${c.schoolYear}</ANNEE_SCOLAIRE><DATE_EXPORT>${fr(exportedOn)}</DATE_EXPORT><HORODATAGE>${fr(exportedOn)} 07:42:10</HORODATAGE></PARAMETRES>`;
  const eleves = c.students
    .map(
      (s) =>
        `<ELEVE ELEVE_ID="${s.eleveId}" ELENOET="${Number(s.eleveId) % 100000}">${el('ID_NATIONAL', s.ine)}${el('ELENOET', Number(s.eleveId) % 100000)}` +
        `${el('NOM_DE_FAMILLE', s.lastName)}${el('NOM_USAGE', '')}${el('PRENOM', s.firstName)}${el('PRENOM2', '')}${el('PRENOM3', '')}` +
        `${el('DATE_NAISS', fr(s.birthDate))}${el('CODE_SEXE', s.sex)}${el('DATE_ENTREE', `01/09/${c.schoolYear}`)}` +
        `${el('DATE_SORTIE', s.leftOn ? fr(s.leftOn) : '')}${el('CODE_MOTIF_SORTIE', s.leftOn ? '7' : '')}${el('CODE_REGIME', '2')}${el('DOUBLEMENT', 'N')}` +
        `${el('CODE_MEF', `10${s.division[0]}1000${s.division[0]}110`)}</ELEVE>`,
    )
    .join('\n');
  const structures = c.students
    .filter((s) => !s.leftOn)
    .map(
      (s) =>
        `<STRUCTURES_ELEVE ELEVE_ID="${s.eleveId}" ELENOET="${Number(s.eleveId) % 100000}">` +
        `<STRUCTURE><CODE_STRUCTURE>${s.division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>` +
        s.groups
          .map(
            (g) =>
              `<STRUCTURE><CODE_STRUCTURE>${g}</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>`,
          )
          .join('') +
        '</STRUCTURES_ELEVE>',
    )
    .join('\n');
  const matieres = c.subjects
    .map(
      (m) =>
        `<MATIERE CODE_MATIERE="${m.national}"><CODE_GESTION>${m.code}</CODE_GESTION><LIBELLE_COURT>${x(m.name.toUpperCase().slice(0, 20))}</LIBELLE_COURT>` +
        `<LIBELLE_LONG>${x(m.name.toUpperCase())}</LIBELLE_LONG><LIBELLE_EDITION>${x(m.name)}</LIBELLE_EDITION><MATIERE_ETP>1</MATIERE_ETP></MATIERE>`,
    )
    .join('\n');
  const personnes = c.guardians
    .map(
      (g) =>
        `<PERSONNE PERSONNE_ID="${g.personneId}">${el('LC_CIVILITE', g.civility)}${el('NOM_DE_FAMILLE', g.lastName)}${el('NOM_USAGE', '')}` +
        `${el('PRENOM', g.firstName)}${el('TEL_PERSONNEL', '')}${el('TEL_PORTABLE', g.mobile)}${el('TEL_PROFESSIONNEL', '')}` +
        `${el('MEL', g.email)}${el('ACCEPTE_SMS', g.acceptsSms ? 1 : 0)}${el('ADRESSE_ID', '')}${el('CODE_PROFESSION', '')}</PERSONNE>`,
    )
    .join('\n');
  const liens = c.guardians
    .flatMap((g) =>
      g.children.map(
        (ch) =>
          `<RESPONSABLE_ELEVE>${el('ELEVE_ID', ch.eleveId)}${el('PERSONNE_ID', g.personneId)}${el('RESP_LEGAL', ch.legal)}` +
          `${el('CODE_PARENTE', ch.parente)}${el('RESP_FINANCIER', ch.legal === 1 ? 1 : 0)}${el('PERS_PAIMENT', 0)}${el('PERS_CONTACT', 1)}</RESPONSABLE_ELEVE>`,
      ),
    )
    .join('\n');
  return [
    {
      name: 'ElevesSansAdresses.xml',
      bytes: latin9(
        `<BEE_ELEVES VERSION="3.1">${params}<DONNEES><ELEVES>\n${eleves}\n</ELEVES><OPTIONS/><STRUCTURES>\n${structures}\n</STRUCTURES></DONNEES></BEE_ELEVES>`,
      ),
    },
    {
      name: 'Nomenclature.xml',
      bytes: latin9(
        `<BEE_NOMENCLATURES VERSION="3.1">${params}<DONNEES><MATIERES>\n${matieres}\n</MATIERES><MEFS/></DONNEES></BEE_NOMENCLATURES>`,
      ),
    },
    {
      name: 'ResponsablesAvecAdresses.xml',
      bytes: latin9(
        `<BEE_RESPONSABLES VERSION="1.7">${params}<DONNEES><PERSONNES>\n${personnes}\n</PERSONNES><RESPONSABLES>\n${liens}\n</RESPONSABLES><ADRESSES/></DONNEES></BEE_RESPONSABLES>`,
      ),
    },
  ];
}

const FONCTION_LABEL: Record<SampleStaff['fonction'], string> = {
  ENS: 'ENSEIGNEMENT',
  EDU: 'EDUCATION',
  DIR: 'DIRECTION',
  DOC: 'DOCUMENTATION',
};

export function stsFile(c: SampleCollege): SampleFile {
  const nat = new Map(c.subjects.map((s) => [s.code, s.national]));
  const individus = c.staff
    .map(
      (p) =>
        `<INDIVIDU ID="${p.id}" TYPE="epp">${el('SEXE', p.sex)}${el('CIVILITE', p.sex)}${el('NOM_USAGE', p.lastName)}${el('NOM_PATRONYMIQUE', p.lastName)}` +
        `${el('PRENOM', p.firstName)}${el('DATE_NAISSANCE', p.birthDate)}${el('GRADE', p.fonction === 'ENS' ? 'CERT. CN' : '')}${el('FONCTION', p.fonction)}` +
        (p.headOf.length
          ? `<PROFS_PRINC>${p.headOf.map((h) => `<PROF_PRINC><CODE_STRUCTURE>${h}</CODE_STRUCTURE><DATE_DEBUT>${c.schoolYear}-09-01</DATE_DEBUT></PROF_PRINC>`).join('')}</PROFS_PRINC>`
          : '') +
        '</INDIVIDU>',
    )
    .join('\n');
  const services = (code: string) => {
    const bySubject = new Map<string, string[]>();
    for (const p of c.staff)
      for (const s of p.services)
        if (s.structure === code) bySubject.set(s.subject, [...(bySubject.get(s.subject) ?? []), p.id]);
    return `<SERVICES>${[...bySubject]
      .map(
        ([subject, ids]) =>
          `<SERVICE CODE_MATIERE="${nat.get(subject)}" CODE_MOD_COURS="CG"><ENSEIGNANTS>${ids.map((id) => `<ENSEIGNANT ID="${id}" TYPE="epp"/>`).join('')}</ENSEIGNANTS></SERVICE>`,
      )
      .join('')}</SERVICES>`;
  };
  const matieres = c.subjects
    .map(
      (m) =>
        `<MATIERE CODE="${m.national}"><CODE_GESTION>${m.code}</CODE_GESTION><LIBELLE_COURT>${x(m.name.toUpperCase().slice(0, 20))}</LIBELLE_COURT><LIBELLE_LONG>${x(m.name.toUpperCase())}</LIBELLE_LONG><LIBELLE_EDITION>${x(m.name)}</LIBELLE_EDITION></MATIERE>`,
    )
    .join('\n');
  const divisions = c.divisions
    .map(
      (d) =>
        `<DIVISION CODE="${d.code}"><LIBELLE_LONG>${x(d.label)}</LIBELLE_LONG><EFFECTIF_PREVU/>${services(d.code)}</DIVISION>`,
    )
    .join('\n');
  const groupes = c.groups
    .map(
      (g) =>
        `<GROUPE CODE="${g.code}"><LIBELLE_LONG>${x(g.label)}</LIBELLE_LONG><DIVISIONS_APPARTENANCE>${g.divisions.map((d) => `<DIVISION_APPARTENANCE CODE="${d}"/>`).join('')}</DIVISIONS_APPARTENANCE>${services(g.code)}</GROUPE>`,
    )
    .join('\n');
  return {
    name: `sts_emp_${c.uai}_${c.schoolYear}.xml`,
    bytes: latin9(
      `<STS_EDT><PARAMETRES><UAJ CODE="${c.uai}"><LIBELLE_COURT>${x(c.name.toUpperCase())}</LIBELLE_COURT></UAJ><ANNEE_SCOLAIRE ANNEE="${c.schoolYear}"><DATE_DEBUT>${c.schoolYear}-09-01</DATE_DEBUT><DATE_FIN>${c.schoolYear + 1}-08-31</DATE_FIN></ANNEE_SCOLAIRE></PARAMETRES>` +
        `<DONNEES><NOMENCLATURES><MATIERES>\n${matieres}\n</MATIERES></NOMENCLATURES><INDIVIDUS>\n${individus}\n</INDIVIDUS><STRUCTURE><DIVISIONS>\n${divisions}\n</DIVISIONS><GROUPES>\n${groupes}\n</GROUPES></STRUCTURE></DONNEES></STS_EDT>`,
    ),
  };
}

/** AAF ids: the jointure of each person in the académie's directory (invented from the school's own ids). */
export const aafId = {
  student: (eleveId: string) => `1${eleveId}`,
  guardian: (personneId: string) => `2${personneId}`,
  staff: (id: string) => `3${id}`,
  structure: (uai: string) => `9${uai.slice(0, 7)}`,
};

const attr = (name: string, values: (string | undefined)[]) => {
  const list = values.filter((v): v is string => v !== undefined && v !== '');
  return list.length
    ? `<attr name="${name}">${list.map((v) => `<value>${x(v)}</value>`).join('')}</attr>`
    : `<attr name="${name}"/>`;
};
const add = (id: string, attrs: string[]) =>
  `<addRequest><operationalAttributes><attr name="srcDomain"><value>ENTS2D</value></attr></operationalAttributes><identifier><id>${id}</id></identifier><attributes>${attrs.join('')}</attributes></addRequest>`;
const feed = (body: string) => utf8(`<ficAlimMENESR>\n${body}\n</ficAlimMENESR>`);

/** A full AAF feed of the collège: EtabEducNat, MatiereEducNat, Eleve, PersRelEleve, PersEducNat. */
export function aafFullFiles(c: SampleCollege, stamp: string): SampleFile[] {
  const s = aafId.structure(c.uai);
  const nat = new Map(c.subjects.map((m) => [m.code, m.national]));
  const prefix = `ENT_${c.academie}_Complet_${stamp}`;
  const etab = add(s, [
    attr('ENTStructureJointure', [s]),
    attr('ENTStructureUAI', [c.uai]),
    attr('ENTStructureNomCourant', [c.name.toUpperCase()]),
    attr('ENTStructureTypeStruct', ['CLG']),
    attr('ENTServAcCodeAcademie', [c.academie]),
    attr(
      'ENTStructureClasses',
      c.divisions.map((d) => `${d.code}$${d.label}`),
    ),
    attr(
      'ENTStructureGroupes',
      c.groups.map((g) => `${g.code}$${g.label}`),
    ),
  ]);
  const matieres = c.subjects.map((m) =>
    add(m.national, [
      attr('ENTMatJointure', [m.national]),
      attr('ENTLibelleMatiere', [m.name.toUpperCase()]),
      attr('ENTMatCodeGestion', [m.code]),
    ]),
  );
  const eleves = c.students
    .filter((e) => !e.leftOn)
    .map((e) =>
      add(aafId.student(e.eleveId), [
        attr('ENTPersonJointure', [aafId.student(e.eleveId)]),
        attr('categoriePersonne', ['Eleve']),
        attr('sn', [e.lastName]),
        attr('givenName', [e.firstName]),
        attr('ENTPersonDateNaissance', [fr(e.birthDate)]),
        attr('ENTEleveINE', [e.ine]),
        attr('ENTPersonStructRattach', [s]),
        attr('ENTEleveClasses', [`${s}$${e.division}`]),
        attr(
          'ENTEleveGroupes',
          e.groups.map((g) => `${s}$${g}`),
        ),
        attr(
          'ENTElevePersRelEleve',
          c.guardians.flatMap((g) =>
            g.children
              .filter((ch) => ch.eleveId === e.eleveId)
              .map((ch) => `${aafId.guardian(g.personneId)}$${ch.parente}$1$${ch.legal}$1$0`),
          ),
        ),
        attr('mail', []),
      ]),
    );
  const parents = c.guardians.map((g) =>
    add(aafId.guardian(g.personneId), [
      attr('ENTPersonJointure', [aafId.guardian(g.personneId)]),
      attr('categoriePersonne', ['PersRelEleve']),
      attr('sn', [g.lastName]),
      attr('givenName', [g.firstName]),
      attr('personalTitle', [g.civility === 'M' ? 'M.' : 'Mme']),
      attr('mail', [g.email]),
      attr('mobile', [g.mobile]),
      attr(
        'ENTAuxPersRelEleveEleve',
        g.children.map((ch) => aafId.student(ch.eleveId)),
      ),
    ]),
  );
  const personnels = c.staff.map((p) =>
    add(aafId.staff(p.id), [
      attr('ENTPersonJointure', [aafId.staff(p.id)]),
      attr('categoriePersonne', [
        p.fonction === 'ENS' || p.fonction === 'DOC' ? 'Enseignant' : 'PersEducNat',
      ]),
      attr('sn', [p.lastName]),
      attr('givenName', [p.firstName]),
      attr('ENTPersonDateNaissance', [fr(p.birthDate)]),
      attr('mail', [p.email]),
      attr('ENTPersonStructRattach', [s]),
      attr('ENTPersonFonctions', [`${s}$${p.fonction}$${FONCTION_LABEL[p.fonction]}`]),
      attr(
        'ENTAuxEnsClassesMatieres',
        p.services
          .filter((v) => c.divisions.some((d) => d.code === v.structure))
          .map((v) => `${s}$${v.structure}$${nat.get(v.subject)}`),
      ),
      attr(
        'ENTAuxEnsGroupesMatieres',
        p.services
          .filter((v) => c.groups.some((g) => g.code === v.structure))
          .map((v) => `${s}$${v.structure}$${nat.get(v.subject)}`),
      ),
      attr(
        'ENTAuxEnsClassesPrincipal',
        p.headOf.map((h) => `${s}$${h}`),
      ),
    ]),
  );
  return [
    { name: `${prefix}_EtabEducNat_0000.xml`, bytes: feed(etab) },
    { name: `${prefix}_MatiereEducNat_0000.xml`, bytes: feed(matieres.join('\n')) },
    { name: `${prefix}_Eleve_0000.xml`, bytes: feed(eleves.join('\n')) },
    { name: `${prefix}_PersRelEleve_0000.xml`, bytes: feed(parents.join('\n')) },
    { name: `${prefix}_PersEducNat_0000.xml`, bytes: feed(personnels.join('\n')) },
  ];
}

/** One attribute change of an AAF delta (`modifyRequest`): values are local to the collège (`4A`, `4ESP$030201`). */
export interface AafModification {
  file: 'Eleve' | 'PersEducNat';
  /** The person's jointure (`aafId.student(…)`, `aafId.staff(…)`). */
  id: string;
  attr: string;
  operation: 'add' | 'delete' | 'replace';
  values: string[];
}

/** An AAF delta: attribute changes (a class move is a `replace` of ENTEleveClasses), members of staff who leave. */
export function aafDeltaFiles(
  c: SampleCollege,
  stamp: string,
  change: {
    moveStudent?: { eleveId: string; to: string };
    modifications?: AafModification[];
    removeStaff?: string[];
  },
): SampleFile[] {
  const s = aafId.structure(c.uai);
  const prefix = `ENT_${c.academie}_Delta_${stamp}`;
  const modifications = [...(change.modifications ?? [])];
  if (change.moveStudent) {
    const { eleveId, to } = change.moveStudent;
    modifications.push({
      file: 'Eleve',
      id: aafId.student(eleveId),
      attr: 'ENTEleveClasses',
      operation: 'replace',
      values: [to],
    });
  }
  const requests = (file: AafModification['file']) =>
    modifications
      .filter((m) => m.file === file)
      .map(
        (m) =>
          `<modifyRequest><identifier><id>${m.id}</id></identifier><modifications>` +
          `<modification name="${m.attr}" operation="${m.operation}">${m.values.map((v) => `<value>${x(`${s}$${v}`)}</value>`).join('')}</modification>` +
          '</modifications></modifyRequest>',
      );
  const files: SampleFile[] = [];
  const eleves = requests('Eleve');
  if (eleves.length) files.push({ name: `${prefix}_Eleve_0000.xml`, bytes: feed(eleves.join('\n')) });
  const staff = [
    ...requests('PersEducNat'),
    ...(change.removeStaff ?? []).map(
      (id) => `<deleteRequest><identifier><id>${aafId.staff(id)}</id></identifier></deleteRequest>`,
    ),
  ];
  if (staff.length) files.push({ name: `${prefix}_PersEducNat_0000.xml`, bytes: feed(staff.join('\n')) });
  return files;
}
