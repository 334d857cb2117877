/**
 * Calendar feeds of the cahier de textes at secret, revocable addresses: a student's due work (all-day events, or
 * to-dos with `?as=todo`), a parent's for one child, a teacher's séances and the work they gave. Only a hash of the
 * secret is stored; an unknown, revoked or orphaned address answers the same 404. UIDs are built from the work's
 * or séance's id, so an edit never changes them (SEQUENCE and LAST-MODIFIED follow the edits).
 */
import { randomBytes } from 'node:crypto';
import {
  addDays,
  type LessonFeedCreatedView,
  type LessonFeedView,
  personName,
  schoolYearBounds,
  schoolYearOf,
  WORK_TYPE_LABELS,
  type WorkType,
} from '@preau/core';
import { hashToken } from '../auth/sessions.js';
import type { Db } from '../db/types.js';
import { conflict, invalid } from '../http/problem.js';
import { newId } from '../ids.js';
import { isGuardianOf, requireStudent } from '../policies/index.js';
import { outOfReach, sameNotFound } from '../policies/lesson-log.js';
import { type StudentWorkRow, studentWork } from './agenda.js';
import { todayOf } from './cahier.js';
import type { LessonLogContext } from './entries.js';
import {
  escapeText,
  type IcalComponent,
  type IcalProp,
  icalCalendar,
  icalDate,
  icalParis,
  icalUtc,
  PARIS_TZID,
} from './ical.js';
import { iso } from './views.js';

/** Active feeds a person may hold at once (one per device or calendar app, roughly). */
export const MAX_FEEDS_PER_USER = 10;

const FEED_PATH = '/api/v1/lesson-log/ical/';

interface FeedRow {
  id: string;
  kind: 'student' | 'guardian' | 'teacher';
  student_id: string | null;
  first_name: string | null;
  last_name: string | null;
  created_at: Date;
  last_used_at: Date | null;
}

function feedView(
  r: FeedRow,
  viewerId: string,
  viewerName: { firstName: string; lastName: string },
): LessonFeedView {
  const student =
    r.kind === 'guardian' && r.student_id
      ? { id: r.student_id, name: personName({ firstName: r.first_name!, lastName: r.last_name! }) }
      : r.kind === 'student'
        ? { id: viewerId, name: personName(viewerName) }
        : null;
  return {
    id: r.id,
    kind: r.kind,
    student,
    createdAt: iso(r.created_at),
    lastUsedAt: r.last_used_at ? iso(r.last_used_at) : null,
  };
}

const FEED_SELECT = `SELECT f.id, f.kind, f.student_id, s.first_name, s.last_name, f.created_at, f.last_used_at
  FROM lesson_feeds f LEFT JOIN users s ON s.id = f.student_id`;

export async function listFeeds(ctx: LessonLogContext): Promise<LessonFeedView[]> {
  const rows = await ctx.db.query<FeedRow>(
    `${FEED_SELECT} WHERE f.user_id = $1 AND f.revoked_at IS NULL ORDER BY f.created_at, f.id`,
    [ctx.viewer.id],
  );
  return rows.map((r) => feedView(r, ctx.viewer.id, ctx.viewer));
}

/** A new secret address; the only time it is shown. */
export async function createFeed(
  ctx: LessonLogContext,
  input: { studentId?: string },
  origin: string,
): Promise<LessonFeedCreatedView> {
  const { db, viewer } = ctx;
  const kind = viewer.profile as 'student' | 'guardian' | 'teacher';
  let studentId: string | null = null;
  if (kind === 'guardian') {
    if (!input.studentId) {
      throw invalid([
        { field: 'body.studentId', message: 'Choisissez l’enfant dont vous suivez le travail.' },
      ]);
    }
    await sameNotFound(requireStudent(ctx, input.studentId));
    studentId = input.studentId;
  } else if (input.studentId && input.studentId !== viewer.id) {
    throw invalid([
      { field: 'body.studentId', message: 'Un abonnement est le vôtre : ne nommez pas d’élève.' },
    ]);
  }
  const token = randomBytes(32).toString('base64url');
  const id = newId('feed');
  await db.transaction(async (tx) => {
    const [{ n }] = (await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM lesson_feeds WHERE user_id = $1 AND revoked_at IS NULL',
      [viewer.id],
    )) as [{ n: number }];
    if (n >= MAX_FEEDS_PER_USER) {
      throw conflict(`${MAX_FEEDS_PER_USER} abonnements au plus : révoquez-en un avant d’en créer un autre.`);
    }
    await tx.query(
      `INSERT INTO lesson_feeds (id, user_id, kind, student_id, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, viewer.id, kind, studentId, hashToken(token), ctx.now],
    );
  });
  const [row] = await db.query<FeedRow>(`${FEED_SELECT} WHERE f.id = $1`, [id]);
  const url = `${origin}${FEED_PATH}${token}.ics`;
  return { ...feedView(row!, viewer.id, viewer), url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
}

/** Revokes one of the viewer's feeds: its address answers 404 from now on. Someone else's: 404. */
export async function revokeFeed(ctx: LessonLogContext, feedId: string): Promise<void> {
  const rows = await ctx.db.query(
    `UPDATE lesson_feeds SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
    [feedId, ctx.viewer.id, ctx.now],
  );
  if (rows.length === 0) throw outOfReach();
}

const frDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const clip = (text: string, max = 2000) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The all-day event, or to-do, of one piece of work. */
export function workComponent(
  w: StudentWorkRow,
  options: { host: string; now: Date; as: 'event' | 'todo'; forTeacher?: boolean },
): IcalComponent {
  const type = WORK_TYPE_LABELS[w.type as WorkType].fr;
  const teacher = personName({ firstName: w.teacher_first_name, lastName: w.teacher_last_name });
  const summary = options.forTeacher
    ? `À rendre (${w.target_name}) — ${type} : ${w.title}`
    : `${w.subject_name} — ${type} : ${w.title}`;
  const description = [
    w.instructions_text,
    `Donné le ${frDate(w.given_on)} par ${teacher} (${w.target_name}), séance « ${w.entry_title} ».`,
    w.estimated_minutes ? `Temps estimé : ${w.estimated_minutes} min.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const common: IcalProp[] = [
    ['UID', `travail-${w.id}@${options.host}`],
    ['DTSTAMP', icalUtc(options.now)],
    ['SUMMARY', escapeText(summary)],
    ['DESCRIPTION', escapeText(clip(description))],
    ['CATEGORIES', `${escapeText(w.subject_name)},${escapeText(type)}`],
    ['SEQUENCE', String(w.version - 1)],
    ['LAST-MODIFIED', icalUtc(new Date(w.updated_at))],
  ];
  if (options.as === 'todo') {
    const done = w.done_at !== null;
    return {
      type: 'VTODO',
      props: [
        ...common,
        ['DTSTART', icalDate(w.given_on), { VALUE: 'DATE' }],
        ['DUE', icalDate(w.due_on), { VALUE: 'DATE' }],
        ['STATUS', done ? 'COMPLETED' : 'NEEDS-ACTION'],
        ...(done
          ? ([
              ['COMPLETED', icalUtc(new Date(w.done_at!))],
              ['PERCENT-COMPLETE', '100'],
            ] as IcalProp[])
          : []),
      ],
    };
  }
  return {
    type: 'VEVENT',
    props: [
      ...common,
      ['DTSTART', icalDate(w.due_on), { VALUE: 'DATE' }],
      ['DTEND', icalDate(addDays(w.due_on, 1)), { VALUE: 'DATE' }],
      ['TRANSP', 'TRANSPARENT'],
      ['STATUS', 'CONFIRMED'],
    ],
  };
}

interface FeedOwner {
  id: string;
  user_id: string;
  kind: 'student' | 'guardian' | 'teacher';
  student_id: string | null;
  first_name: string;
  last_name: string;
  child_first_name: string | null;
  child_last_name: string | null;
}

/** The calendar at a secret address; 404 for an unknown, revoked or no longer valid one. */
export async function feedCalendar(
  deps: { db: Db; now: Date; origin: string },
  token: string,
  as: 'event' | 'todo',
): Promise<string> {
  const { db, now } = deps;
  const [feed] = await db.query<FeedOwner>(
    `SELECT f.id, f.user_id, f.kind, f.student_id, u.first_name, u.last_name,
            c.first_name AS child_first_name, c.last_name AS child_last_name
       FROM lesson_feeds f JOIN users u ON u.id = f.user_id LEFT JOIN users c ON c.id = f.student_id
      WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.disabled_at IS NULL AND c.disabled_at IS NULL`,
    [hashToken(token)],
  );
  const gone = outOfReach;
  if (!feed) throw gone();
  if (feed.kind === 'guardian' && !(await isGuardianOf(db, feed.user_id, feed.student_id!))) throw gone();
  await db.query('UPDATE lesson_feeds SET last_used_at = $2 WHERE id = $1', [feed.id, now]);
  const year = schoolYearOf(todayOf(now));
  const range = schoolYearBounds(year);
  const host = new URL(deps.origin).hostname;
  if (feed.kind === 'teacher') return teacherCalendar(db, feed, range, { host, now });
  const studentId = feed.kind === 'guardian' ? feed.student_id! : feed.user_id;
  const who =
    feed.kind === 'guardian'
      ? personName({ firstName: feed.child_first_name!, lastName: feed.child_last_name! })
      : personName({ firstName: feed.first_name, lastName: feed.last_name });
  const rows = await studentWork(db, studentId, range, now);
  return icalCalendar({
    name: `Travail à faire — ${who}`,
    description: `Cahier de textes ${year}-${year + 1} : le travail à faire de ${who}, par date d'échéance.`,
    components: rows.map((w) => workComponent(w, { host, now, as })),
  });
}

/** A teacher's séances over a range, with the entry filling each, and the work they gave due in it. */
export function teacherFeedRows(db: Db, teacherId: string, range: { from: string; to: string }) {
  return Promise.all([
    db.query<{
      id: string;
      starts_at: Date;
      ends_at: Date;
      room: string | null;
      class_name: string;
      subject_name: string;
      entry_title: string | null;
      content_text: string | null;
    }>(
      `SELECT s.id, s.starts_at, s.ends_at, s.room, c.name AS class_name, sub.name AS subject_name,
              e.title AS entry_title, e.content_text
         FROM seances s JOIN classes c ON c.id = s.class_id JOIN subjects sub ON sub.id = s.subject_id
         LEFT JOIN lesson_entries e ON e.seance_id = s.id
        WHERE s.teacher_id = $1 AND s.starts_at >= $2::date AND s.starts_at < $3::date + 1
        ORDER BY s.starts_at, s.id`,
      [teacherId, range.from, range.to],
    ),
    db.query<StudentWorkRow>(
      `SELECT w.id, w.entry_id, w.class_id, tc.name AS target_name, tc.kind AS target_kind, w.position, w.type,
              w.title, w.instructions_html, w.instructions_text, to_char(w.given_on, 'YYYY-MM-DD') AS given_on,
              to_char(w.due_on, 'YYYY-MM-DD') AS due_on, w.estimated_minutes, w.version, w.updated_at,
              e.title AS entry_title, to_char(e.date, 'YYYY-MM-DD') AS entry_date, e.subject_id,
              sub.code AS subject_code, sub.name AS subject_name, e.teacher_id,
              u.first_name AS teacher_first_name, u.last_name AS teacher_last_name, e.publish_at,
              NULL::timestamptz AS done_at
         FROM lesson_work w JOIN lesson_entries e ON e.id = w.entry_id JOIN classes tc ON tc.id = w.class_id
         JOIN subjects sub ON sub.id = e.subject_id JOIN users u ON u.id = e.teacher_id
        WHERE e.teacher_id = $1 AND w.due_on BETWEEN $2::date AND $3::date
        ORDER BY w.due_on, w.id`,
      [teacherId, range.from, range.to],
    ),
  ]);
}

async function teacherCalendar(
  db: Db,
  feed: FeedOwner,
  range: { from: string; to: string },
  options: { host: string; now: Date },
): Promise<string> {
  const [seances, work] = await teacherFeedRows(db, feed.user_id, range);
  const name = personName({ firstName: feed.first_name, lastName: feed.last_name });
  const components: IcalComponent[] = seances.map((s) => ({
    type: 'VEVENT',
    props: [
      ['UID', `seance-${s.id}@${options.host}`],
      ['DTSTAMP', icalUtc(options.now)],
      ['DTSTART', icalParis(new Date(s.starts_at)), { TZID: PARIS_TZID }],
      ['DTEND', icalParis(new Date(s.ends_at)), { TZID: PARIS_TZID }],
      [
        'SUMMARY',
        escapeText(`${s.class_name} — ${s.subject_name}${s.entry_title ? ` : ${s.entry_title}` : ''}`),
      ],
      ...(s.room ? ([['LOCATION', escapeText(`Salle ${s.room}`)]] as IcalProp[]) : []),
      ...(s.content_text ? ([['DESCRIPTION', escapeText(clip(s.content_text))]] as IcalProp[]) : []),
      ['CATEGORIES', escapeText(s.subject_name)],
    ],
  }));
  components.push(...work.map((w) => workComponent(w, { ...options, as: 'event', forTeacher: true })));
  return icalCalendar({
    name: `Cahier de textes — ${name}`,
    description: 'Vos séances et le travail que vous avez donné, à sa date d’échéance.',
    components,
  });
}
