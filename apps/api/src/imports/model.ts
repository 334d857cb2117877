/**
 * What a directory source says about one établissement, whatever its format (SIECLE + STS-web, AAF): the
 * neutral shape that `plan.ts` compares with the database. Each person and structure carries the source's own
 * identifier, kept as an external id on our record.
 */
export type ExternalSource = 'siecle' | 'sts' | 'aaf';

export interface ExternalRef {
  source: ExternalSource;
  /** The UAI for a school's own exports, the académie code for AAF. */
  scope: string;
  id: string;
}

export type Relation = 'mere' | 'pere' | 'tuteur' | 'responsable';
export type PersonRole = 'student' | 'guardian' | 'staff';
export type ManagedKind = `${ExternalSource}:${PersonRole}`;
export type StaffProfile = 'teacher' | 'vie_scolaire' | 'direction' | 'staff';

export interface ImportedSubject {
  /** Short management code (SIECLE/STS CODE_GESTION): our subjects' code, e.g. MATHS. */
  code: string;
  /** National 6-digit code (BCN), used by the LSU. */
  nationalCode?: string;
  name: string;
}

export interface ImportedStructure {
  /** The division or group code (4A, 4ESP1): unique within the établissement and year. */
  code: string;
  kind: 'classe' | 'groupe';
  name: string;
  level?: string;
}

export interface ImportedStudent {
  ref: ExternalRef;
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  ine?: string;
  /** Division and group codes; undefined in a delta that does not change them. */
  structures?: string[];
  /** Which kinds `structures` speaks of (a delta may replace the classes and leave the groups); default both. */
  structureKinds?: ('classe' | 'groupe')[];
  /** A delta's additions to the student's divisions and groups (the others stay). */
  structuresAdded?: string[];
  /** A delta's removals from the student's divisions and groups (the others stay). */
  structuresRemoved?: string[];
  /** Left the établissement (SIECLE DATE_SORTIE passed). */
  departed?: boolean;
}

export interface ImportedGuardian {
  ref: ExternalRef;
  firstName?: string;
  lastName?: string;
  civility?: 'M' | 'MME';
  email?: string;
  mobile?: string;
  acceptsSms?: boolean;
  /** Children (by the students' refs' ids, same source and scope) and the relation. */
  children?: { studentId: string; relation: Relation }[];
}

export interface ImportedStaff {
  ref: ExternalRef;
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  email?: string;
  profile?: StaffProfile;
  functions?: string[];
  /** Teaching: (structure code, subject code) pairs; undefined in a delta that does not change them. */
  services?: { structure: string; subject: string }[];
  /** Which kinds of structure `services` speaks of (a delta may replace the classes' services only); default both. */
  serviceKinds?: ('classe' | 'groupe')[];
  /** A delta's added services (the others stay). */
  servicesAdded?: { structure: string; subject: string }[];
  /** A delta's removed services (the others stay). */
  servicesRemoved?: { structure: string; subject: string }[];
  /** Structures this person is professeur principal of. */
  headOf?: string[];
}

export interface DirectorySnapshot {
  /** What was read, for the history: `siecle+sts`, `aaf-full`, `aaf-delta`. */
  kind: string;
  uai: string;
  schoolYear: number;
  /** full: absent managed people leave; delta: only what is listed changes, `removals` leave. */
  mode: 'full' | 'delta';
  subjects: ImportedSubject[];
  structures: ImportedStructure[];
  students: ImportedStudent[];
  guardians: ImportedGuardian[];
  staff: ImportedStaff[];
  /** Delta: people whose account closes (AAF deleteRequest). */
  removals: ExternalRef[];
  /**
   * What this snapshot covers in full, as `source:role` (`siecle:student`, `siecle:guardian`, `sts:staff`,
   * `aaf:student`…): in full mode, managed people of these kinds absent from it leave.
   */
  managed: ManagedKind[];
  warnings: string[];
  /** AAF: the établissement's structure jointures and académie, kept to read later deltas. */
  structureJointures?: string[];
  academie?: string;
}

export const emptySnapshot = (
  kind: string,
  uai: string,
  schoolYear: number,
  mode: 'full' | 'delta',
): DirectorySnapshot => ({
  kind,
  uai,
  schoolYear,
  mode,
  subjects: [],
  structures: [],
  students: [],
  guardians: [],
  staff: [],
  removals: [],
  managed: [],
  warnings: [],
});

/** The level of a division from its code or MEF label: 6e, 5e, 4e, 3e (collège), 2nde, 1re, Tle. */
export function levelOf(...hints: (string | undefined)[]): string | undefined {
  for (const hint of hints) {
    if (!hint) continue;
    const h = hint.toUpperCase();
    if (/^6|6EME|SIXIEME/.test(h)) return '6e';
    if (/^5|5EME|CINQUIEME/.test(h)) return '5e';
    if (/^4|4EME|QUATRIEME/.test(h)) return '4e';
    if (/^3|3EME|TROISIEME/.test(h)) return '3e';
    if (/^2|SECONDE|2NDE/.test(h)) return '2nde';
    if (/^1|PREMIERE|1ERE/.test(h)) return '1re';
    if (/^T|TERMINALE/.test(h)) return 'Tle';
  }
  return undefined;
}
