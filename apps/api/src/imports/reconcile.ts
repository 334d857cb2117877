import { PERIOD_SCHEMES, periodsFor, personName } from '@preau/core';
import { insertRows } from '../db/index.js';
import type { Db } from '../db/types.js';
import { newId } from '../ids.js';
import { closeAccounts } from './closures.js';
import { enrolments, guardianships, type LinkRun, services } from './links.js';
import { makeLogins } from './logins.js';
import type {
  DirectorySnapshot,
  ExternalRef,
  ImportedGuardian,
  ImportedStaff,
  ImportedStudent,
} from './model.js';
import { changedDetails, detailsOf, detailValues, linkRef, saveDetails } from './person-details.js';
import { type Action, type ImportPlan, noteChange, type Subject } from './plan.js';
import { type CurrentState, loadState, type PersonRow, refKey, sameName } from './state.js';

/**
 * Compares what a directory source says with the database and either describes the changes (preview) or makes
 * them (apply), in one transaction. Idempotent: the same snapshot twice changes nothing the second time.
 * Records are only ever matched by the school's external ids (or, once, a hand-made staff account by name);
 * people the import does not manage are never touched; classes and subjects are created, never deleted.
 */
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

/**
 * Subjects keep readable ids like the demo's (`0511085C-MATHS`); a code with other characters (a space) is
 * spelled in hex after a colon, so the id stays a valid path parameter and never meets a readable one.
 */
export const subjectIdOf = (uai: string, code: string): string =>
  /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? `${uai}-${code}` : `${uai}:${Buffer.from(code).toString('hex')}`;

class Run implements LinkRun {
  readonly plan: ImportPlan;
  private readonly writes: ((tx: Db) => Promise<void>)[] = [];
  private readonly newUsers: unknown[][] = [];
  private readonly newRefs: unknown[][] = [];
  private readonly newDetails: unknown[][] = [];
  private readonly toClose: { id: string; reason: string }[] = [];
  private readonly toReopen: string[] = [];
  /** Our user id for each snapshot ref (existing or about to be created). */
  readonly ids = new Map<string, string>();
  readonly classIds = new Map<string, string>();
  readonly subjectIds = new Map<string, string>();

  constructor(
    private readonly tx: Db,
    readonly snap: DirectorySnapshot,
    readonly state: CurrentState,
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

  readonly note = (action: Action, subject: Subject, label: string, write?: (tx: Db) => Promise<void>) => {
    noteChange(this.plan, action, subject, label);
    if (write) this.writes.push(write);
  };

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
              `${snap.uai}-${snap.schoolYear}-${scheme === 'trimestre' ? 'T' : 'S'}${p.number}`,
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
      const id = subjectIdOf(snap.uai, s.code);
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

    for (const s of snap.students) enrolments(this, s);
    for (const g of snap.guardians) guardianships(this, g);
    for (const p of snap.staff) services(this, p);
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
      const id = newId('u');
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
