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
import type { InputFile } from './siecle.js';
import { child, childrenOf, isoDate, parseXml, type XmlElement, XmlRefused } from './xml.js';

/**
 * The académie's directory feed (AAF, `ficAlimMENESR`): files `EtabEducNat`, `MatiereEducNat`, `Eleve`,
 * `PersRelEleve`, `PersEducNat` (and `MefEducNat`, not needed here), complete (`addRequest` for everyone) or
 * delta (`addRequest` for arrivals, `modifyRequest` with the changed attributes, `deleteRequest` for departures).
 * Multi-valued attributes that name a structure are prefixed by its jointure: `<structure>$<classe>`.
 */
export interface AafContext {
  /** The établissement to read (a feed covers a whole académie). */
  uai: string;
  schoolYear: number;
  /** Structure jointures already known (from an earlier complete feed), to read a delta. */
  structureUai: Map<string, string>;
  /** Our subjects' management codes by national code, to read teaching services. */
  subjectByNational: Map<string, string>;
  /** Académie code when the feed has no EtabEducNat (a delta). */
  academie?: string;
}

interface Request {
  op: 'add' | 'modify' | 'delete';
  id: string;
  attrs: Map<string, string[]>;
  /** For modify: how each attribute changes. */
  operations: Map<string, string>;
}

const PARENTE: Record<string, Relation> = { '10': 'mere', '20': 'pere', '50': 'tuteur', '51': 'tuteur' };
const FONCTIONS: Record<string, { profile: StaffProfile; functions: string[] }> = {
  ENS: { profile: 'teacher', functions: [] },
  DOC: { profile: 'teacher', functions: ['documentaliste'] },
  EDU: { profile: 'vie_scolaire', functions: ['cpe'] },
  DIR: { profile: 'direction', functions: [] },
};

function readRequests(root: XmlElement): Request[] {
  if (root.name !== 'ficAlimMENESR')
    throw new XmlRefused(`Racine ${root.name} : un fichier AAF commence par ficAlimMENESR.`);
  return root.children.flatMap((req): Request[] => {
    const op = ({ addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' } as const)[
      req.name as 'addRequest'
    ];
    if (!op) return [];
    const id = child(child(req, 'identifier'), 'id')?.text.trim();
    if (!id) return [];
    const attrs = new Map<string, string[]>();
    const operations = new Map<string, string>();
    const container = child(req, 'attributes') ?? child(req, 'modifications');
    for (const a of container?.children ?? []) {
      const name = a.attrs.name;
      if (!name) continue;
      attrs.set(
        name,
        childrenOf(a, 'value')
          .map((v) => v.text.trim())
          .filter(Boolean),
      );
      if (a.attrs.operation) operations.set(name, a.attrs.operation);
    }
    return [{ op, id, attrs, operations }];
  });
}

const one = (r: Request, name: string) => r.attrs.get(name)?.[0];

/**
 * How a request changes a multi-valued attribute, as LDAP and DSML say it: an add request or `replace` gives the
 * whole new list; a modification `add` adds values, `delete` removes the listed values (all of them when it lists
 * none: the new list is empty). Undefined when the request does not touch the attribute.
 */
export function changeOf(
  r: { op: 'add' | 'modify' | 'delete'; attrs: Map<string, string[]>; operations: Map<string, string> },
  name: string,
): { replace?: string[]; add?: string[]; remove?: string[] } | undefined {
  const values = r.attrs.get(name);
  if (values === undefined) return undefined;
  if (r.op === 'add') return { replace: values };
  switch (r.operations.get(name) ?? 'replace') {
    case 'add':
      return { add: values };
    case 'delete':
      return values.length ? { remove: values } : { replace: [] };
    default:
      return { replace: values };
  }
}

export function readAafFeed(files: InputFile[], ctx: AafContext): DirectorySnapshot {
  const byKind = new Map<string, Request[]>();
  let delta = false;
  for (const file of files) {
    const kind = /_(EtabEducNat|MatiereEducNat|MatEducNat|MefEducNat|Eleve|PersRelEleve|PersEducNat)_/.exec(
      file.name,
    )?.[1];
    if (!kind)
      throw new XmlRefused(
        `${file.name} : type de fichier AAF non reconnu (attendu …_Eleve_…, …_PersEducNat_…).`,
      );
    const requests = readRequests(parseXml(file.bytes));
    if (/_Delta_/i.test(file.name) || requests.some((r) => r.op !== 'add')) delta = true;
    byKind.set(kind.replace('MatEducNat', 'MatiereEducNat'), [...(byKind.get(kind) ?? []), ...requests]);
  }
  const structureUai = new Map(ctx.structureUai);
  let academie = ctx.academie;
  const structureNames = new Map<string, { kind: 'classe' | 'groupe'; name: string }>();
  for (const r of byKind.get('EtabEducNat') ?? []) {
    const uai = one(r, 'ENTStructureUAI');
    if (!uai) continue;
    structureUai.set(r.id, uai);
    if (uai !== ctx.uai) continue;
    academie = one(r, 'ENTServAcCodeAcademie') ?? academie;
    for (const v of r.attrs.get('ENTStructureClasses') ?? [])
      structureNames.set(v.split('$')[0]!, { kind: 'classe', name: v.split('$')[1] ?? '' });
    for (const v of r.attrs.get('ENTStructureGroupes') ?? [])
      structureNames.set(v.split('$')[0]!, { kind: 'groupe', name: v.split('$')[1] ?? '' });
  }
  if (!academie) throw new XmlRefused('Académie inconnue : ni EtabEducNat, ni code académie fourni.');
  const ours = new Set([...structureUai].filter(([, uai]) => uai === ctx.uai).map(([j]) => j));
  if (!ours.size) throw new XmlRefused(`Le flux ne contient pas l'établissement ${ctx.uai} (EtabEducNat).`);
  const snap = emptySnapshot(
    delta ? 'aaf-delta' : 'aaf-full',
    ctx.uai,
    ctx.schoolYear,
    delta ? 'delta' : 'full',
  );
  const ref = (id: string) => ({ source: 'aaf' as const, scope: academie!, id });
  /** Values `<structure>$<code>…` of our établissement, as their remaining parts. */
  const local = (values: string[] | undefined) =>
    values
      ?.map((v) => v.split('$'))
      .filter((p) => ours.has(p[0]!) && p[1])
      .map((p) => p.slice(1));
  const attached = (r: Request) =>
    r.op !== 'add' ||
    (r.attrs.get('ENTPersonStructRattach') ?? []).some((s) => ours.has(s)) ||
    Boolean(local(r.attrs.get('ENTEleveClasses'))?.length);

  const subjectByNational = new Map(ctx.subjectByNational);
  for (const r of byKind.get('MatiereEducNat') ?? []) {
    const code = one(r, 'ENTMatCodeGestion') ?? r.id;
    const name = one(r, 'ENTLibelleMatiere') ?? code;
    subjectByNational.set(r.id, code);
    snap.subjects.push({ code, nationalCode: r.id, name });
  }
  const structure = (code: string, kind: 'classe' | 'groupe') => {
    if (snap.structures.some((s) => s.code === code)) return;
    snap.structures.push({ code, kind, name: code, level: levelOf(code, structureNames.get(code)?.name) });
  };
  for (const [code, { kind }] of structureNames) structure(code, kind);

  const relations = new Map<string, { studentId: string; relation: Relation }[]>();
  for (const r of byKind.get('Eleve') ?? []) {
    if (r.op === 'delete') {
      snap.removals.push(ref(r.id));
      continue;
    }
    if (!attached(r)) continue;
    const student: ImportedStudent = {
      ref: ref(r.id),
      lastName: one(r, 'sn'),
      firstName: one(r, 'givenName'),
      birthDate: isoDate(one(r, 'ENTPersonDateNaissance')),
      ine: one(r, 'ENTEleveINE'),
    };
    // An add request lists the student's whole enrolment (none when the attributes are absent).
    if (r.op === 'add') student.structures = [];
    for (const [attr, kind] of [
      ['ENTEleveClasses', 'classe'],
      ['ENTEleveGroupes', 'groupe'],
    ] as const) {
      const change = changeOf(r, attr);
      if (!change) continue;
      const codes = (values: string[]) => (local(values) ?? []).map((p) => p[0]!);
      // Structures named for enrolment exist (a new group of the year); one named for removal need not.
      const joined = (values: string[]) => {
        for (const code of codes(values)) structure(code, kind);
        return codes(values);
      };
      if (change.replace) {
        student.structures = [...(student.structures ?? []), ...joined(change.replace)];
        if (r.op === 'modify') student.structureKinds = [...(student.structureKinds ?? []), kind];
      }
      if (change.add) student.structuresAdded = [...(student.structuresAdded ?? []), ...joined(change.add)];
      if (change.remove)
        student.structuresRemoved = [...(student.structuresRemoved ?? []), ...codes(change.remove)];
    }
    snap.students.push(student);
    for (const v of r.attrs.get('ENTElevePersRelEleve') ?? []) {
      const [guardianId, parente, , legal] = v.split('$');
      if (!guardianId || (legal && legal !== '1' && legal !== '2')) continue;
      relations.set(guardianId, [
        ...(relations.get(guardianId) ?? []),
        { studentId: r.id, relation: PARENTE[parente ?? ''] ?? 'responsable' },
      ]);
    }
  }
  for (const r of byKind.get('PersRelEleve') ?? []) {
    if (r.op === 'delete') {
      snap.removals.push(ref(r.id));
      continue;
    }
    const listed = r.attrs.get('ENTAuxPersRelEleveEleve') ?? [];
    const children = relations.get(r.id) ?? [];
    for (const studentId of listed) {
      if (
        !children.some((c) => c.studentId === studentId) &&
        snap.students.some((s) => s.ref.id === studentId)
      ) {
        children.push({ studentId, relation: 'responsable' });
      }
    }
    if (r.op === 'add' && !children.length) continue;
    const title = one(r, 'personalTitle');
    const guardian: ImportedGuardian = {
      ref: ref(r.id),
      lastName: one(r, 'sn'),
      firstName: one(r, 'givenName'),
      civility: title === 'M.' || title === 'M' ? 'M' : title ? 'MME' : undefined,
      email: one(r, 'mail'),
      mobile: one(r, 'mobile') ?? one(r, 'ENTPersonMobileSMS'),
      children: r.op === 'add' || r.attrs.has('ENTAuxPersRelEleveEleve') ? children : undefined,
    };
    snap.guardians.push(guardian);
  }
  for (const r of byKind.get('PersEducNat') ?? []) {
    if (r.op === 'delete') {
      snap.removals.push(ref(r.id));
      continue;
    }
    if (!attached(r)) continue;
    const fonction = local(r.attrs.get('ENTPersonFonctions'))?.[0]?.[0];
    const role = FONCTIONS[fonction ?? ''] ?? { profile: 'staff' as const, functions: [] };
    const person: ImportedStaff = {
      ref: ref(r.id),
      lastName: one(r, 'sn'),
      firstName: one(r, 'givenName'),
      birthDate: isoDate(one(r, 'ENTPersonDateNaissance')),
      email: one(r, 'mail'),
      profile: r.op === 'add' || r.attrs.has('ENTPersonFonctions') ? role.profile : undefined,
      functions: [...role.functions],
    };
    const servicesOf = (values: string[], kind: 'classe' | 'groupe', create = true) =>
      (local(values) ?? []).flatMap(([code, national]) => {
        const subject = subjectByNational.get(national ?? '');
        if (!subject) {
          snap.warnings.push(`${one(r, 'sn') ?? r.id} : matière ${national} inconnue, service ignoré.`);
          return [];
        }
        if (create) structure(code!, kind);
        return [{ structure: code!, subject }];
      });
    if (r.op === 'add') person.services = [];
    for (const [attr, kind] of [
      ['ENTAuxEnsClassesMatieres', 'classe'],
      ['ENTAuxEnsGroupesMatieres', 'groupe'],
    ] as const) {
      const change = changeOf(r, attr);
      if (!change) continue;
      if (change.replace) {
        person.services = [...(person.services ?? []), ...servicesOf(change.replace, kind)];
        if (r.op === 'modify') person.serviceKinds = [...(person.serviceKinds ?? []), kind];
      }
      if (change.add)
        person.servicesAdded = [...(person.servicesAdded ?? []), ...servicesOf(change.add, kind)];
      if (change.remove)
        person.servicesRemoved = [
          ...(person.servicesRemoved ?? []),
          ...servicesOf(change.remove, kind, false),
        ];
    }
    person.headOf = local(r.attrs.get('ENTAuxEnsClassesPrincipal'))?.map((p) => p[0]!) ?? [];
    if (person.headOf.length) person.functions!.push('professeur_principal');
    snap.staff.push(person);
  }
  if (!delta) {
    if (byKind.has('Eleve')) snap.managed.push('aaf:student');
    if (byKind.has('PersRelEleve')) snap.managed.push('aaf:guardian');
    if (byKind.has('PersEducNat')) snap.managed.push('aaf:staff');
  }
  // Structure jointures to remember for the next delta.
  snap.structureJointures = [...ours];
  snap.academie = academie;
  return snap;
}
