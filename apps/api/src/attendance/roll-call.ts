/** Roll calls: a séance's list, saving and closing it, late corrections, erroneous entries, a teacher's day. */
import {
  addDays,
  type EntryView,
  type HistoryItem,
  parisLocalTime,
  parisMidnight,
  personName,
  type RollCallBatch,
  type RollCallConflict,
  type RollCallView,
  rollCallProgress,
  rollCallState,
  type SeancesOfDay,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { conflict, type FieldError, HttpProblem, invalid, notFound, problem } from '../http/problem.js';
import { newId } from '../ids.js';
import { decideSeance, requireSeance, withinReach } from '../policies/index.js';
import { type AttendanceContext, type EntryNotice, familyPublications, tellFamilies } from './context.js';
import {
  archiveEntry,
  classSeances,
  classUai,
  type EntryChange,
  type EntryRow,
  historyOf,
  loadEntry,
  loadSeance,
  markEntryErroneous,
  type NewEntry,
  type RollCallSnapshot,
  rollCallSnapshot,
  type SeanceRow,
  teacherSeances,
  userNames,
  writeRollCall,
} from './store.js';
import { entryView, noticePayload, seanceView } from './views.js';

/** The séance, if the viewer may take its roll (its teacher, the CPE, the direction): 404/403 otherwise. */
async function recordableSeance(ctx: AttendanceContext, seanceId: string): Promise<SeanceRow> {
  await requireSeance(ctx, seanceId, 'record');
  const s = await loadSeance(ctx.db, seanceId);
  if (!s) throw notFound();
  return s;
}

/**
 * The séance's roll call as the save reads it, if the viewer may take it (its teacher, the CPE, the direction):
 * 404/403 otherwise.
 */
async function recordableRollCall(ctx: AttendanceContext, seanceId: string): Promise<RollCallSnapshot> {
  const s = await rollCallSnapshot(ctx.db, seanceId);
  await decideSeance(
    ctx,
    s && { id: s.id, uai: s.uai, classId: s.class_id, teacherId: s.teacher_id },
    'record',
  );
  if (!s) throw notFound();
  return s;
}

/** The roll call of a séance: its students in alphabetical order and what has been recorded. */
export async function getRollCall(ctx: AttendanceContext, seanceId: string): Promise<RollCallView> {
  const s = await recordableRollCall(ctx, seanceId);
  return rollCallView(s, s.entries, s.closed_at);
}

function rollCallView(
  s: RollCallSnapshot,
  entries: readonly EntryRow[],
  closedAt: Date | null,
): RollCallView {
  return {
    seance: seanceView(s),
    state: rollCallState(entries.length, closedAt != null),
    closedAt: closedAt ? new Date(closedAt).toISOString() : null,
    students: s.students,
    entries: entries.map(entryView),
  };
}

const parisDateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});

/** A roll call is taken from the séance's start, never before: a family is told nothing about a future class. */
function refuseBeforeStart(s: SeanceRow, now: Date): void {
  if (new Date(s.starts_at).getTime() <= now.getTime()) return;
  throw problem(409, 'seance-not-started', {
    detail:
      `Cette séance n'a pas commencé (${parisDateTimeFormat.format(new Date(s.starts_at))}) : ` +
      "l'appel se fait à partir de son début. Rien n'a été enregistré.",
  });
}

/** How many times a save reads and decides again when another save of the same roll call came in between. */
const SAVE_ATTEMPTS = 5;

/**
 * Saves a batch of marks for a séance, all or nothing: every line is checked first (an unknown student is
 * named by its line), then the changes are written in one statement. A changed entry keeps its previous value
 * in the history; families of students newly absent, late… are told (see `tellFamilies`). Refused before the
 * séance starts.
 *
 * Nothing is locked while the save decides: it reads the roll call, decides, then writes the entries and the
 * families' notices in one statement, which applies only if the entries are still those it read — else the save
 * starts again. A busy database thus never waits on a request being worked on.
 */
export async function saveRollCall(
  ctx: AttendanceContext,
  seanceId: string,
  batch: RollCallBatch,
): Promise<RollCallView> {
  for (let attempt = 1; ; attempt++) {
    const saved = await trySaveRollCall(ctx, seanceId, batch).catch((err: unknown) => {
      // Two first saves at once: the later one finds the entries the other just created.
      if ((err as { code?: string }).code === '23505') return undefined;
      throw err;
    });
    if (saved) return saved;
    if (attempt === SAVE_ATTEMPTS) {
      throw conflict(
        "L'appel a été modifié en même temps par quelqu'un d'autre : rien n'a été enregistré, réessayez.",
      );
    }
  }
}

/** One attempt of `saveRollCall`: undefined when the roll call changed between reading and writing. */
async function trySaveRollCall(
  ctx: AttendanceContext,
  seanceId: string,
  batch: RollCallBatch,
): Promise<RollCallView | undefined> {
  const actorId = ctx.viewer.id;
  const s = await recordableRollCall(ctx, seanceId);
  refuseBeforeStart(s, ctx.now);
  const { students, guardians, entries: existing } = s;
  const byId = new Map(students.map((st) => [st.id, st]));
  const errors: FieldError[] = [];
  batch.marks.forEach((m, i) => {
    if (!byId.has(m.studentId)) {
      errors.push({
        field: `body.marks.${i}.studentId`,
        message: `L'élève « ${m.studentId} » n'est pas inscrit dans la classe ${s.class_name}.`,
      });
    }
  });
  if (errors.length) throw invalid(errors, 'Rien n’a été enregistré : corrigez les lignes signalées.');
  const byStudent = new Map(existing.map((e) => [e.student_id, e]));
  await refuseConflicts(ctx.db, batch, byStudent);
  const changes: EntryChange[] = [];
  const inserts: NewEntry[] = [];
  // What each written entry will be: the families' notices are written in the same statement as the entries.
  const notices: EntryNotice[] = [];
  for (const m of batch.marks) {
    const value = {
      status: m.status,
      lateMinutes: m.status === 'retard' ? (m.lateMinutes ?? null) : null,
      note: m.note ?? null,
    };
    const prev = byStudent.get(m.studentId);
    if (prev && sameEntry(prev, value)) continue;
    const id = prev?.id ?? newId('ent');
    if (prev) changes.push({ id, ...value });
    else inserts.push({ id, studentId: m.studentId, ...value });
    const after: EntryView = {
      id,
      studentId: m.studentId,
      ...value,
      erroneous: false,
      version: (prev?.version ?? 0) + 1,
      recordedAt: ctx.now.toISOString(),
    };
    notices.push({
      studentId: m.studentId,
      before: prev?.status,
      after: after.status,
      payload: noticePayload(s, byId.get(m.studentId), after),
    });
  }
  const seen = Object.fromEntries(existing.map((e) => [e.id, e.version]));
  const told = await ctx.live.prepare(ctx.db, await familyPublications(ctx, ctx.db, s, notices, guardians));
  const written = await writeRollCall(
    ctx.db,
    s,
    {
      seen,
      changes,
      inserts,
      close: batch.close === true,
      reason: batch.reason ?? null,
      notices: told.write,
    },
    actorId,
    ctx.now,
  );
  if (!written) return undefined;
  ctx.live.published(ctx.db, told);
  // The answer is what is now stored, without reading the class again.
  const current = new Map(existing.map((e) => [e.id, e]));
  for (const row of written.written) current.set(row.id, row);
  return rollCallView(s, [...current.values()], written.closedAt);
}

/** The entry already holds this value (and counts): nothing to write. */
const sameEntry = (prev: EntryRow, v: { status: string; lateMinutes: number | null; note: string | null }) =>
  prev.status === v.status && prev.late_minutes === v.lateMinutes && prev.note === v.note && !prev.erroneous;

/** Longer than any school holidays: how far back a class's last séance is looked for. */
const HOLIDAYS_MS = 70 * 86_400_000;

const sameValue = (
  prev: EntryRow,
  m: { status: string; lateMinutes?: number | null; note?: string | null },
): boolean =>
  !prev.erroneous &&
  prev.status === m.status &&
  prev.late_minutes === (m.status === 'retard' ? (m.lateMinutes ?? null) : null);

/**
 * Marks sent with the `expectedVersion` their sender saw (an offline roll call sent when the network returns) must
 * not overwrite a later change by someone else: the whole batch is refused (409 `roll-call-conflict`, nothing
 * written) with each conflict — the mark sent, the entry now, who changed it — so the sender chooses. A mark equal
 * to what is on record is no conflict (the same save sent twice, or the same decision made by two people).
 */
async function refuseConflicts(db: Db, batch: RollCallBatch, existing: Map<string, EntryRow>): Promise<void> {
  const clashes = batch.marks.filter((m) => {
    if (m.expectedVersion == null) return false;
    const prev = existing.get(m.studentId);
    return (prev?.version ?? 0) !== m.expectedVersion && !(prev && sameValue(prev, m));
  });
  if (clashes.length === 0) return;
  const names = await userNames(db, [
    ...new Set(clashes.flatMap((m) => existing.get(m.studentId)?.recorded_by ?? [])),
  ]);
  const conflicts: RollCallConflict[] = clashes.map((m) => {
    const prev = existing.get(m.studentId);
    const who = prev ? names.get(prev.recorded_by) : undefined;
    return {
      studentId: m.studentId,
      yours: { status: m.status, lateMinutes: m.status === 'retard' ? (m.lateMinutes ?? null) : null },
      theirs: prev ? entryView(prev) : null,
      changedBy: who ? personName(who) : '',
    };
  });
  const base = problem(409, 'roll-call-conflict', {
    detail:
      conflicts.length === 1
        ? "Une saisie a changé depuis que vous l'avez vue : choisissez la vôtre ou la leur. Rien n'a été enregistré."
        : `${conflicts.length} saisies ont changé depuis que vous les avez vues : choisissez la vôtre ou la leur. Rien n'a été enregistré.`,
  });
  throw new HttpProblem({ ...base.problem, conflicts } as typeof base.problem);
}

/**
 * The séance of a class (and subject) whose roll the viewer takes: the one under way at `now`, else the latest
 * one already started that day (just taken, still open to corrections), else the next one (that day when `date`
 * is given, else within a week: its list, its roll call from its start), else the last one before. A teacher
 * only finds their own.
 */
export async function currentSeanceId(
  ctx: AttendanceContext,
  query: { classId: string; subjectId?: string; date?: string },
): Promise<string> {
  // The class first: outside the viewer's reach it is the one 404, whatever séances it has. (Within reach, the
  // séances found are the viewer's own; the séance's roll call then checks who records it.)
  const uai = await classUai(ctx.db, query.classId);
  if (!uai || !(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
  const now = ctx.now.getTime();
  const [start, end] = query.date
    ? [parisMidnight(query.date), parisMidnight(addDays(query.date, 1))]
    : [new Date(now - 7 * 86_400_000), new Date(now + 7 * 86_400_000)];
  const scope = {
    classId: query.classId,
    subjectId: query.subjectId,
    teacherId: ctx.viewer.profile === 'teacher' ? ctx.viewer.id : undefined,
  };
  const rows = await classSeances(ctx.db, { ...scope, start, end });
  const today = parisLocalTime(ctx.now).date;
  const started = rows.filter((r) => new Date(r.starts_at).getTime() <= now);
  const chosen =
    started.find((r) => new Date(r.ends_at).getTime() > now) ??
    started.findLast((r) => parisLocalTime(r.starts_at).date === today) ??
    rows.find((r) => new Date(r.starts_at).getTime() > now) ??
    rows[rows.length - 1] ??
    // Deep in the holidays (the summer's are two months long): the last séance before them.
    (query.date
      ? undefined
      : (await classSeances(ctx.db, { ...scope, start: new Date(now - HOLIDAYS_MS), end: start })).at(-1));
  if (!chosen) {
    // Within reach: the viewer may know the class, and this is about their own timetable.
    throw problem(404, 'not-found', {
      detail: "Aucune séance de cette classe n'a lieu à cette date pour vous.",
    });
  }
  return chosen.id;
}

/** A teacher's séances of a day (Europe/Paris), with each roll call's progress: the séance picker's list. */
export async function seancesOfDay(ctx: AttendanceContext, date?: string): Promise<SeancesOfDay> {
  const day = date ?? parisLocalTime(ctx.now).date;
  const rows = await teacherSeances(
    ctx.db,
    ctx.viewer.id,
    parisMidnight(day),
    parisMidnight(addDays(day, 1)),
  );
  return {
    date: day,
    seances: rows.map((r) => ({
      id: r.id,
      start: new Date(r.starts_at).toISOString(),
      end: new Date(r.ends_at).toISOString(),
      label: `${r.class_name} — ${r.subject_name}`,
      classId: r.class_id,
      subject: r.subject_name,
      rollCall: rollCallProgress(r.entries, r.closed),
      started: new Date(r.starts_at).getTime() <= ctx.now.getTime(),
    })),
  };
}

/** An entry the viewer may correct: of their établissement, of a séance whose roll they take. */
async function correctableEntry(
  ctx: AttendanceContext,
  entryId: string,
): Promise<{ entry: EntryRow; seance: SeanceRow }> {
  const entry = await loadEntry(ctx.db, entryId);
  if (!entry || entry.uai !== ctx.viewer.uai) throw notFound();
  return { entry, seance: await recordableSeance(ctx, entry.seance_id) };
}

/** Marks an entry as erroneous (never deleted): it stops counting, the old value stays in the history. */
export async function markErroneous(
  ctx: AttendanceContext,
  entryId: string,
  reason: string,
): Promise<EntryView> {
  const { entry, seance } = await correctableEntry(ctx, entryId);
  if (entry.erroneous) throw conflict('Cette saisie est déjà marquée comme erronée.');
  return ctx.db.transaction(async (tx) => {
    await archiveEntry(tx, entry, ctx.viewer.id, reason, ctx.now);
    const updated = entryView(await markEntryErroneous(tx, entry.id, ctx.viewer.id, ctx.now));
    await tellFamilies(ctx, tx, seance, [
      {
        studentId: entry.student_id,
        before: entry.status,
        after: entry.status,
        erroneous: true,
        payload: noticePayload(seance, undefined, updated),
      },
    ]);
    return updated;
  });
}

/** Every value an entry has had, oldest first, ending with the current one. */
export async function entryHistory(ctx: AttendanceContext, entryId: string): Promise<HistoryItem[]> {
  const { entry } = await correctableEntry(ctx, entryId);
  const items: HistoryItem[] = (await historyOf(ctx.db, entryId)).map((r) => ({
    version: r.version,
    status: r.status,
    lateMinutes: r.late_minutes,
    note: r.note,
    erroneous: r.erroneous,
    recordedAt: new Date(r.recorded_at).toISOString(),
    recordedBy: r.recorded_by,
    changedAt: new Date(r.changed_at).toISOString(),
    changedBy: r.changed_by,
    reason: r.reason,
  }));
  items.push({
    version: entry.version,
    status: entry.status,
    lateMinutes: entry.late_minutes,
    note: entry.note,
    erroneous: entry.erroneous,
    recordedAt: new Date(entry.recorded_at).toISOString(),
    recordedBy: entry.recorded_by,
    changedAt: null,
    changedBy: null,
    reason: null,
  });
  return items;
}
