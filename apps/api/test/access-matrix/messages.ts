import { DEFAULT_MESSAGING_SETTINGS } from '@preau/core';
import type { FxUser, SchoolFixture } from '../support/fixture.js';
import { ACTORS, type Actor, type MatrixContext, type MatrixEntry, type Side } from './types.js';

/**
 * Messaging: every route is the viewer's own mailbox. "Own" resources are messages, drafts and folders of the
 * actor; "other" ones belong to the same kind of person in another établissement (always 404); analysts and
 * inspectors have no mailbox (403).
 */
const schoolOf = (ctx: MatrixContext, side: Side) => (side === 'own' ? ctx.own : ctx.other);

/** The actor, or the same kind of person of the other établissement. */
function holder(ctx: MatrixContext, actor: Actor, side: Side): FxUser {
  const s = schoolOf(ctx, side);
  const map: Partial<Record<Actor, FxUser>> = {
    student: s.students.s1,
    guardian: s.guardians.s1a,
    teacher: s.teachers.maths,
    cpe: s.cpe,
    principal: s.principal,
  };
  return map[actor] ?? s.principal;
}

/** Someone the actor may write to under the default rules. */
const reachable = (s: SchoolFixture, actor: Actor) => (actor === 'cpe' ? s.teachers.maths : s.cpe);

function only(allowed: Partial<Record<Actor, number | readonly [number, number]>>): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : (allowed[a] ?? 403)]),
  ) as MatrixEntry['expect'];
}
/** Every mailbox holder: `ok` at home, 404 for another établissement's. */
const holders = (ok: number, other = 404) =>
  only({
    student: [ok, other],
    guardian: [ok, other],
    teacher: [ok, other],
    cpe: [ok, other],
    principal: [ok, other],
  });
const direction = (ok: number) => only({ principal: [ok, 404] });

let serial = 0;
const NOW = '2026-11-16T08:30:00Z';

/** A message written straight into the tables: sent by `from` to `to`, or a draft of `from`. */
async function message(ctx: MatrixContext, from: FxUser, to: FxUser[], state: 'sent' | 'draft' = 'sent') {
  const id = `mx_msg_${++serial}`;
  const [{ uai }] = (await ctx.t.db.query('SELECT uai FROM users WHERE id = $1', [from.id])) as [
    { uai: string },
  ];
  await ctx.t.db.query(
    `INSERT INTO messages (id, uai, thread_id, sender_id, sender_name, subject, body_html, body_text, state, sent_at,
                           created_at, updated_at)
     VALUES ($1, $2, $1, $3, $4, 'Objet', '<p>Texte</p>', 'Texte', $5, $6, $7, $7)`,
    [id, uai, from.id, from.firstName, state, state === 'sent' ? NOW : null, NOW],
  );
  await ctx.t.db.query(
    `INSERT INTO mailbox_entries (user_id, message_id, thread_id, box, role, at, read_at, seen_at)
     VALUES ($1, $2, $2, $3, 'sender', $4, $4, $4)`,
    [from.id, id, state === 'sent' ? 'sent' : 'draft', NOW],
  );
  for (const [i, u] of to.entries()) {
    await ctx.t.db.query(
      `INSERT INTO message_addressees (message_id, position, field, user_id) VALUES ($1, $2, 'to', $3)`,
      [id, i + 1, u.id],
    );
    if (state === 'sent') {
      await ctx.t.db.query(
        `INSERT INTO mailbox_entries (user_id, message_id, thread_id, box, role, at) VALUES ($1, $2, $2, 'inbox', 'to', $3)`,
        [u.id, id, NOW],
      );
    }
  }
  return id;
}

/** A message the actor received (from the principal; the principal's from the teacher). */
const received = (ctx: MatrixContext, actor: Actor, side: Side) => {
  const s = schoolOf(ctx, side);
  const me = holder(ctx, actor, side);
  return message(ctx, me.id === s.principal.id ? s.teachers.maths : s.principal, [me]);
};
/** A message the actor sent, unread. */
const sentBy = (ctx: MatrixContext, actor: Actor, side: Side) =>
  message(ctx, holder(ctx, actor, side), [reachable(schoolOf(ctx, side), actor)]);
const draftOf = (ctx: MatrixContext, actor: Actor, side: Side) =>
  message(ctx, holder(ctx, actor, side), [reachable(schoolOf(ctx, side), actor)], 'draft');

async function folderOf(ctx: MatrixContext, actor: Actor, side: Side) {
  const id = `mx_fld_${++serial}`;
  await ctx.t.db.query(
    `INSERT INTO message_folders (id, user_id, name, created_at) VALUES ($1, $2, $1, $3)`,
    [id, holder(ctx, actor, side).id, NOW],
  );
  return id;
}

async function reportOn(ctx: MatrixContext, side: Side) {
  const s = schoolOf(ctx, side);
  const id = await message(ctx, s.teachers.maths, [s.guardians.s1a]);
  const reportId = `mx_rpt_${++serial}`;
  await ctx.t.db.query(
    `INSERT INTO message_reports (id, uai, message_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, 'Propos déplacés', $5)`,
    [reportId, s.uai, id, s.guardians.s1a.id, NOW],
  );
  return reportId;
}

const mailbox = (path: string): Pick<MatrixEntry, 'expect' | 'request'> => ({
  expect: holders(200, 200),
  request: () => ({ path }),
});

export const entries: MatrixEntry[] = [
  { route: 'GET /api/v1/messages/mailbox', ...mailbox('/api/v1/messages/mailbox') },
  { route: 'GET /api/v1/messages', ...mailbox('/api/v1/messages?folder=inbox&q=objet') },
  { route: 'GET /api/v1/messages/recipients', ...mailbox('/api/v1/messages/recipients?q=a') },
  // One's own notices: there is no other mailbox's stream to ask for.
  { route: 'GET /api/v1/messages/stream', ...mailbox('/api/v1/messages/stream?follow=false&after=0') },
  { route: 'GET /api/v1/messages/preferences', ...mailbox('/api/v1/messages/preferences') },
  {
    route: 'PUT /api/v1/messages/preferences',
    expect: holders(200, 200),
    request: () => ({
      path: '/api/v1/messages/preferences',
      json: { email: 'x@famille.example', notify: 'digest' },
    }),
  },
  {
    route: 'POST /api/v1/messages/folders',
    expect: holders(201, 201),
    request: () => ({ path: '/api/v1/messages/folders', json: { name: `Dossier ${++serial}` } }),
  },
  {
    route: 'PATCH /api/v1/messages/folders/{id}',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/folders/${await folderOf(ctx, actor, side)}`,
      json: { name: `Renommé ${++serial}` },
    }),
  },
  {
    route: 'DELETE /api/v1/messages/folders/{id}',
    expect: holders(204),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/folders/${await folderOf(ctx, actor, side)}`,
    }),
  },
  {
    route: 'POST /api/v1/messages/mark',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: '/api/v1/messages/mark',
      json: { ids: [await received(ctx, actor, side)], read: true },
    }),
  },
  {
    route: 'POST /api/v1/messages/move',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: '/api/v1/messages/move',
      json: { ids: [await received(ctx, actor, side)], folder: 'trash' },
    }),
  },
  {
    route: 'POST /api/v1/messages/purge',
    expect: holders(200),
    request: async (ctx, actor, side) => {
      const id = await received(ctx, actor, side);
      await ctx.t.db.query('UPDATE mailbox_entries SET trashed_at = $2 WHERE message_id = $1', [id, NOW]);
      return { path: '/api/v1/messages/purge', json: { ids: [id] } };
    },
  },
  {
    route: 'POST /api/v1/messages/drafts',
    // Another établissement's people are out of reach: 404.
    expect: holders(201),
    request: (ctx, actor, side) => ({
      path: '/api/v1/messages/drafts',
      json: { subject: 'Bonjour', to: [{ kind: 'user', id: reachable(schoolOf(ctx, side), actor).id }] },
    }),
  },
  {
    route: 'GET /api/v1/messages/drafts/{id}',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/drafts/${await draftOf(ctx, actor, side)}`,
    }),
  },
  {
    route: 'PUT /api/v1/messages/drafts/{id}',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/drafts/${await draftOf(ctx, actor, side)}`,
      json: { subject: 'Corrigé', to: [{ kind: 'user', id: reachable(schoolOf(ctx, side), actor).id }] },
    }),
  },
  {
    route: 'DELETE /api/v1/messages/drafts/{id}',
    expect: holders(204),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/drafts/${await draftOf(ctx, actor, side)}`,
    }),
  },
  {
    route: 'POST /api/v1/messages/drafts/{id}/send',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/drafts/${await draftOf(ctx, actor, side)}/send`,
      json: {},
    }),
  },
  {
    route: 'GET /api/v1/messages/threads/{id}',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/threads/${await received(ctx, actor, side)}`,
    }),
  },
  {
    route: 'GET /api/v1/messages/reports',
    expect: direction(200),
    request: (ctx, _a, side) => ({ path: `/api/v1/messages/reports?uai=${schoolOf(ctx, side).uai}` }),
  },
  {
    route: 'GET /api/v1/messages/reports/{id}',
    expect: direction(200),
    request: async (ctx, _a, side) => ({ path: `/api/v1/messages/reports/${await reportOn(ctx, side)}` }),
  },
  {
    route: 'PATCH /api/v1/messages/reports/{id}',
    expect: direction(200),
    request: async (ctx, _a, side) => ({
      path: `/api/v1/messages/reports/${await reportOn(ctx, side)}`,
      json: { state: 'closed', note: 'Traité.' },
    }),
  },
  {
    route: 'GET /api/v1/messages/etablissements/{uai}/settings',
    expect: holders(200),
    request: (ctx, _a, side) => ({
      path: `/api/v1/messages/etablissements/${schoolOf(ctx, side).uai}/settings`,
    }),
  },
  {
    route: 'PUT /api/v1/messages/etablissements/{uai}/settings',
    expect: direction(200),
    request: (ctx, _a, side) => ({
      path: `/api/v1/messages/etablissements/${schoolOf(ctx, side).uai}/settings`,
      json: DEFAULT_MESSAGING_SETTINGS,
    }),
  },
  {
    route: 'GET /api/v1/messages/items/{id}',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/items/${await received(ctx, actor, side)}`,
    }),
    // A message of one's own établissement that one does not hold: the same 404.
    neighbour: {
      expect: { student: 404, guardian: 404, teacher: 404, cpe: 404, principal: 404 },
      request: async (ctx) => ({
        path: `/api/v1/messages/items/${await message(ctx, ctx.own.teachers.francais, [ctx.own.guardians.s3a])}`,
      }),
    },
  },
  {
    route: 'GET /api/v1/messages/items/{id}/receipts',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/items/${await sentBy(ctx, actor, side)}/receipts`,
    }),
  },
  {
    route: 'POST /api/v1/messages/items/{id}/recall',
    expect: holders(200),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/items/${await sentBy(ctx, actor, side)}/recall`,
    }),
  },
  {
    route: 'POST /api/v1/messages/items/{id}/report',
    expect: holders(201),
    request: async (ctx, actor, side) => ({
      path: `/api/v1/messages/items/${await received(ctx, actor, side)}/report`,
      json: { reason: 'Propos insultants.' },
    }),
  },
];
