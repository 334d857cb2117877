import { PERIOD_SCHEMES, periodsFor, personName } from '@preau/core';
import { insertRows } from '../db/index.js';
import type { Db } from '../db/types.js';
import { newId } from '../ids.js';
import { closeAccounts } from './closures.js';
import { makeLogins } from './logins.js';
import type {
  DirectorySnapshot,
  ExternalRef,
  ImportedGuardian,
  ImportedStaff,
  ImportedStudent,
} from './model.js';
import { changedDetails, detailsOf, detailValues, linkRef, saveDetails } from './person-details.js';
import { type CurrentState, loadState, type PersonRow, refKey, sameName } from './state.js';

/**
 * Compares what a directory source says with the database and either describes the changes (preview) or makes
 * them (apply), in one transaction. Idempotent: the same snapshot twice changes nothing the second time.
 * Records are only ever matched by the school's external ids (or, once, a hand-made staff account by name);
 * people the import does not manage are never touched; classes and subjects are created, never deleted.
 */
export type Action = 'create' | 'update' | 'adopt' | 'close' | 'reopen' | 'add' | 'remove';
export type Subject =
  | 'classe'
  | 'groupe'
  | 'subject'
  | 'student'
  | 'guardian'
  | 'staff'
  | 'enrolment'
  | 'guardianship'
  | 'service'
  | 'head_teacher'
  | 'period';

export interface PlanEntry {
  action: Action;
  subject: Subject;
  label: string;
}

export interface ImportPlan {
  kind: string;
  uai: string;
  schoolYear: number;
  mode: 'full' | 'delta';
  /** `action:subject` → count, e.g. `create:student`. */
  counts: Record<string, number>;
  /** The first entries (the counts are complete). */
  entries: PlanEntry[];
  total: number;
  warnings: string[];
  /** The divisions and groups the source describes (their classes' credential sheets are the import's). */
  structures: string[];
}

const MAX_ENTRIES = 2000;

export async function reconcile(
  db: Db,
  snap: DirectorySnapshot,
  options: { apply: boolean; now: Date; appliedBy?: string | null },
): Promise<ImportPlan> {
  return db.transaction(async (tx) => {
    const staffSource = snap.kind.startsWith('aaf') ? 'aaf' : 'sts';
    const state = await loadState(tx, snap, staffSource);
    const run = new Run(tx, snap, state, options);
    await run.structures();
    await run.people();
    await run.finish();
    return run.plan;
  });
}

class Run {
  readonly plan: ImportPlan;
  private readonly writes: ((tx: Db) => Promise<void>)[] = [];
  private readonly newUsers: unknown[][] = [];
  private readonly newRefs: unknown[][] = [];
  private readonly newDetails: unknown[][] = [];
  private readonly toClose: { id: string; reason: string }[] = [];
  private readonly toReopen: string[] = [];
  /** Our user id for each snapshot ref (existing or about to be created). */
  private readonly ids = new Map<string, string>();
  private readonly classIds = new Map<string, string>();
  private readonly subjectIds = new Map<string, string>();

  constructor(
    private readonly tx: Db,
    private readonly snap: DirectorySnapshot,
    private readonly state: CurrentState,
    private readonly options: { apply: boolean; now: Date; appliedBy?: string | null },
  ) {
    this.plan = {
      kind: snap.kind,
      uai: snap.uai,
      schoolYear: snap.schoolYear,
      mode: snap.mode,
      counts: {},
      entries: [],
      total: 0,
      warnings: [...snap.warnings],
      structures: snap.structures.map((s) => s.code),
    };
  }

  private note(action: Action, subject: Subject, label: string, write?: (tx: Db) => Promise<void>) {
    const key = `${action}:${subject}`;
    this.plan.counts[key] = (this.plan.counts[key] ?? 0) + 1;
    this.plan.total++;
    if (this.plan.entries.length < MAX_ENTRIES) this.plan.entries.push({ action, subject, label });
    if (write) this.writes.push(write);
  }

  async structures() {
    const { snap, state } = this;
    // The school year's periods (trimestres and semestres), for the grade book of the new classes.
    const periods = await this.tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM periods WHERE uai = $1 AND school_year = $2',
      [snap.uai, snap.schoolYear],
    );
    if (!periods[0]!.n) {
      this.note('create', 'period', `Périodes ${snap.schoolYear}-${snap.schoolYear + 1}`, (tx) =>
        insertRows(
          tx,
          'periods',
          ['id', 'uai', 'school_year', 'scheme', 'number', 'name', 'starts_on', 'ends_on', 'grades_deadline'],
          PERIOD_SCHEMES.flatMap((scheme) =>
            periodsFor(scheme, snap.schoolYear).map((p) => [
              newId('per'),
              snap.uai,
              snap.schoolYear,
              scheme,
              p.number,
              p.name.fr,
              p.startsOn,
              p.endsOn,
              p.gradesDeadline,
            ]),
          ),
        ),
      );
    }
    for (const s of snap.subjects) {
      const found = state.subjects.get(s.code);
      if (found) {
        this.subjectIds.set(s.code, found.id);
        if (s.nationalCode && !found.nationalCode) {
          this.writes.push((tx) =>
            linkRef(tx, { source: 'bcn', scope: snap.uai, id: s.nationalCode! }, 'subject', found.id),
          );
        }
        continue;
      }
      const id = newId('sub');
      this.subjectIds.set(s.code, id);
      this.note('create', 'subject', `${s.code} — ${s.name}`, async (tx) => {
        await tx.query('INSERT INTO subjects (id, uai, code, name) VALUES ($1, $2, $3, $4)', [
          id,
          snap.uai,
          s.code,
          s.name,
        ]);
        if (s.nationalCode)
          await linkRef(tx, { source: 'bcn', scope: snap.uai, id: s.nationalCode }, 'subject', id);
      });
    }
    for (const s of snap.structures) {
      const found = state.classes.get(s.code);
      if (found) {
        this.classIds.set(s.code, found.id);
        continue;
      }
      const id = newId('cls');
      this.classIds.set(s.code, id);
      this.note('create', s.kind, s.name, (tx) =>
        tx
          .query(
            'INSERT INTO classes (id, uai, kind, name, level, school_year) VALUES ($1, $2, $3, $4, $5, $6)',
            [id, snap.uai, s.kind, s.name, s.level ?? null, snap.schoolYear],
          )
          .then(() => undefined),
      );
    }
  }

  async people() {
    const { snap } = this;
    const created: {
      ref: ExternalRef;
      firstName: string;
      lastName: string;
      profile: string;
      functions: string[];
    }[] = [];
    const match = (ref: ExternalRef) => this.state.byRef.get(refKey(ref));

    for (const s of snap.students) this.person(s, 'student', [], match(s.ref), created);
    for (const g of snap.guardians) this.person(g, 'guardian', [], match(g.ref), created);
    for (const p of snap.staff)
      this.person(p, p.profile ?? 'teacher', p.functions ?? [], match(p.ref) ?? this.adopt(p), created);

    // Logins for the new accounts, unique against the database and each other.
    const logins = await makeLogins(this.tx, created);
    created.forEach((c, i) => {
      const id = this.ids.get(refKey(c.ref))!;
      this.newUsers.push([
        id,
        logins[i],
        c.firstName,
        c.lastName,
        c.profile,
        c.functions,
        snap.uai,
        true,
        this.options.now,
      ]);
      this.newRefs.push([c.ref.source, c.ref.scope, 'user', c.ref.id, id]);
    });

    for (const s of snap.students) this.enrolments(s);
    for (const g of snap.guardians) this.guardianships(g);
    for (const p of snap.staff) this.services(p);
    this.departures();
  }

  /** A staff member of the source not yet known: a hand-made account of the same name and kind is adopted. */
  private adopt(p: ImportedStaff): PersonRow | undefined {
    if (!p.firstName || !p.lastName) return undefined;
    const index = this.state.unmanagedStaff.findIndex(
      (u) =>
        sameName(u.firstName, p.firstName!) &&
        sameName(u.lastName, p.lastName!) &&
        (u.profile === p.profile || !p.profile),
    );
    if (index < 0) return undefined;
    const [row] = this.state.unmanagedStaff.splice(index, 1);
    this.note(
      'adopt',
      'staff',
      `${personName(row!)} (compte existant rattaché à ${p.ref.source.toUpperCase()} ${p.ref.id})`,
      (tx) => linkRef(tx, p.ref, 'user', row!.id),
    );
    return row;
  }

  private person(
    p: ImportedStudent | ImportedGuardian | ImportedStaff,
    profile: string,
    functions: string[],
    row: PersonRow | undefined,
    created: {
      ref: ExternalRef;
      firstName: string;
      lastName: string;
      profile: string;
      functions: string[];
    }[],
  ) {
    const subject = profile === 'student' ? 'student' : profile === 'guardian' ? 'guardian' : 'staff';
    const departed = 'departed' in p && p.departed;
    const details = detailsOf(p);
    if (!row) {
      if (departed || !p.firstName || !p.lastName) return;
      const id = newId('usr');
      this.ids.set(refKey(p.ref), id);
      created.push({ ref: p.ref, firstName: p.firstName, lastName: p.lastName, profile, functions });
      if (Object.values(details).some((v) => v !== undefined))
        this.newDetails.push([id, ...detailValues(details)]);
      this.note('create', subject, personName(p));
      return;
    }
    this.ids.set(refKey(p.ref), row.id);
    const label = personName({
      firstName: p.firstName ?? row.firstName,
      lastName: p.lastName ?? row.lastName,
    });
    if (departed) {
      if (!row.disabled) this.close(row.id, subject, label, 'Sortie de l’établissement (SIECLE)');
      return;
    }
    if (row.disabled) {
      if (row.purged) {
        this.plan.warnings.push(`${label} : compte déjà supprimé, non rouvert.`);
        return;
      }
      this.toReopen.push(row.id);
      this.note('reopen', subject, `${label} (retour dans l’établissement)`);
    }
    const changes: string[] = [];
    // Names differing only by case or accents (DUPONT / Dupont) are the same name: the account keeps its own.
    const firstName = p.firstName && !sameName(p.firstName, row.firstName) ? p.firstName : row.firstName;
    const lastName = p.lastName && !sameName(p.lastName, row.lastName) ? p.lastName : row.lastName;
    if (firstName !== row.firstName) changes.push('prénom');
    if (lastName !== row.lastName) changes.push('nom');
    const wantedFunctions = [...new Set([...row.functions, ...functions])];
    const profileChange = subject === 'staff' && 'profile' in p && p.profile && p.profile !== row.profile;
    if (profileChange) changes.push('profil');
    if (wantedFunctions.length !== row.functions.length) changes.push('fonctions');
    const detailChanges = changedDetails(details, row);
    changes.push(...detailChanges);
    if (!changes.length) return;
    this.note('update', subject, `${label} : ${changes.join(', ')}`, async (tx) => {
      await tx.query(
        `UPDATE users SET first_name = $2, last_name = $3, functions = $4, profile = $5 WHERE id = $1`,
        [
          row.id,
          firstName,
          lastName,
          wantedFunctions,
          profileChange ? (p as ImportedStaff).profile : row.profile,
        ],
      );
      if (detailChanges.length) {
        await saveDetails(tx, row.id, details);
      }
    });
  }

  private close(id: string, subject: Subject, label: string, reason: string) {
    if (this.toClose.some((c) => c.id === id)) return;
    this.toClose.push({ id, reason });
    this.note('close', subject, `${label} (${reason})`);
  }

  private enrolments(s: ImportedStudent) {
    const studentId = this.ids.get(refKey(s.ref));
    if (!studentId || s.structures === undefined || s.departed) return;
    const wanted = new Set(
      s.structures.map((code) => this.classIds.get(code)).filter((id): id is string => Boolean(id)),
    );
    const kinds = new Set(s.structureKinds ?? ['classe', 'groupe']);
    const name = personName(s) || s.ref.id;
    for (const code of s.structures) {
      const classId = this.classIds.get(code);
      if (!classId) {
        this.plan.warnings.push(`${name} : structure ${code} inconnue.`);
        continue;
      }
      if (this.state.enrolments.has(`${classId}|${studentId}`)) continue;
      this.note('add', 'enrolment', `${name} → ${code}`, (tx) =>
        tx
          .query('INSERT INTO enrolments (class_id, student_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
            classId,
            studentId,
          ])
          .then(() => undefined),
      );
    }
    // Leaves the classes (or groups) of the year the source no longer lists for them: a move between classes.
    for (const [code, cls] of this.state.classes) {
      if (
        wanted.has(cls.id) ||
        !kinds.has(cls.kind as 'classe') ||
        !this.state.enrolments.has(`${cls.id}|${studentId}`)
      )
        continue;
      this.note('remove', 'enrolment', `${name} ✕ ${code}`, (tx) =>
        tx
          .query('DELETE FROM enrolments WHERE class_id = $1 AND student_id = $2', [cls.id, studentId])
          .then(() => undefined),
      );
    }
  }

  private guardianships(g: ImportedGuardian) {
    const guardianId = this.ids.get(refKey(g.ref));
    if (!guardianId || !g.children) return;
    const name = personName(g);
    const wanted = new Set<string>();
    for (const c of g.children) {
      const studentId = this.ids.get(refKey({ ...g.ref, id: c.studentId }));
      if (!studentId) continue;
      wanted.add(studentId);
      const current = this.state.guardianships.get(`${studentId}|${guardianId}`);
      if (current === c.relation) continue;
      this.note(current ? 'update' : 'add', 'guardianship', `${name} — enfant ${c.studentId}`, (tx) =>
        tx
          .query(
            `INSERT INTO guardianships (student_id, guardian_id, relation) VALUES ($1, $2, $3)
           ON CONFLICT (student_id, guardian_id) DO UPDATE SET relation = EXCLUDED.relation`,
            [studentId, guardianId, c.relation],
          )
          .then(() => undefined),
      );
    }
    for (const key of this.state.guardianships.keys()) {
      const [studentId, gid] = key.split('|');
      if (gid !== guardianId || wanted.has(studentId!)) continue;
      this.note('remove', 'guardianship', `${name} — ${studentId}`, (tx) =>
        tx
          .query('DELETE FROM guardianships WHERE student_id = $1 AND guardian_id = $2', [
            studentId,
            guardianId,
          ])
          .then(() => undefined),
      );
    }
  }

  private services(p: ImportedStaff) {
    const teacherId = this.ids.get(refKey(p.ref));
    if (!teacherId) return;
    const name = personName(p);
    if (p.services) {
      const wanted = new Set<string>();
      for (const s of p.services) {
        const classId = this.classIds.get(s.structure);
        const subjectId = this.subjectIds.get(s.subject) ?? this.state.subjects.get(s.subject)?.id;
        if (!classId || !subjectId) continue;
        const key = `${teacherId}|${classId}|${subjectId}`;
        wanted.add(key);
        if (this.state.assignments.has(key)) continue;
        this.note('add', 'service', `${name} : ${s.subject} en ${s.structure}`, (tx) =>
          tx
            .query(
              'INSERT INTO teaching_assignments (id, teacher_id, class_id, subject_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
              [newId('tas'), teacherId, classId, subjectId],
            )
            .then(() => undefined),
        );
      }
      const imported = new Set(this.classIds.values());
      for (const [key, id] of this.state.assignments) {
        const [tid, classId] = key.split('|');
        if (tid !== teacherId || wanted.has(key) || !imported.has(classId!)) continue;
        this.note('remove', 'service', `${name} : service retiré`, (tx) =>
          tx.query('DELETE FROM teaching_assignments WHERE id = $1', [id]).then(() => undefined),
        );
      }
    }
    for (const code of p.headOf ?? []) {
      const cls = this.state.classes.get(code);
      const classId = this.classIds.get(code);
      if (!classId || cls?.headTeacherId === teacherId) continue;
      this.note('update', 'head_teacher', `${name} : professeur principal de ${code}`, (tx) =>
        tx
          .query('UPDATE classes SET head_teacher_id = $2 WHERE id = $1', [classId, teacherId])
          .then(() => undefined),
      );
    }
  }

  private departures() {
    const { snap, state } = this;
    const listed = new Set([...snap.students, ...snap.guardians, ...snap.staff].map((p) => refKey(p.ref)));
    if (snap.mode === 'full') {
      for (const m of state.managed) {
        if (listed.has(m.key) || m.person.disabled) continue;
        this.close(m.person.id, m.role, personName(m.person), 'Absent(e) de l’annuaire');
      }
    }
    for (const ref of snap.removals) {
      const row = state.byRef.get(refKey(ref));
      if (!row || row.disabled) continue;
      const role = row.profile === 'student' ? 'student' : row.profile === 'guardian' ? 'guardian' : 'staff';
      this.close(row.id, role, personName(row), 'Supprimé(e) de l’annuaire');
    }
  }

  async finish() {
    if (!this.options.apply) return;
    const tx = this.tx;
    await insertRows(
      tx,
      'users',
      [
        'id',
        'login',
        'first_name',
        'last_name',
        'profile',
        'functions',
        'uai',
        'must_change_password',
        'created_at',
      ],
      this.newUsers,
    );
    await insertRows(
      tx,
      'external_ids',
      ['source', 'scope', 'kind', 'external_id', 'record_id'],
      this.newRefs,
    );
    await insertRows(
      tx,
      'person_details',
      ['user_id', 'birth_date', 'ine', 'email', 'mobile', 'accepts_sms', 'civility'],
      this.newDetails,
    );
    for (const write of this.writes) await write(tx);
    if (this.toReopen.length) {
      await tx.query('UPDATE users SET disabled_at = NULL WHERE id = ANY($1::text[])', [this.toReopen]);
      await tx.query('DELETE FROM account_closures WHERE user_id = ANY($1::text[]) AND purged_at IS NULL', [
        this.toReopen,
      ]);
    }
    await closeAccounts(tx, this.toClose, this.options.now);
    for (const jointure of this.snap.structureJointures ?? []) {
      await linkRef(
        tx,
        { source: 'aaf', scope: this.snap.academie ?? '', id: jointure },
        'etablissement',
        this.snap.uai,
      );
    }
    await tx.query(
      'INSERT INTO directory_imports (id, uai, kind, applied_by, applied_at, summary) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        newId('imp'),
        this.snap.uai,
        this.snap.kind,
        this.options.appliedBy ?? null,
        this.options.now,
        JSON.stringify({ counts: this.plan.counts, total: this.plan.total }),
      ],
    );
  }
}
