// Test-only messaging routes for <preau-messages>'s connected mode (`/__messages/<ns>/api/v1/…`), following the
// API's contract: the mailbox, pages of a folder (120 messages in the inbox, 50 a page, with a cursor), threads, the
// recipient picker, drafts (created, saved, sent, discarded), marks and moves, recall, files, and a real
// server-sent-events stream. Test controls: `POST /__messages/<ns>/emit {event, data}` sends a live notice,
// `GET /__messages/<ns>/log` shows what reached the server, `POST /__messages/<ns>/quiet` makes drafts wait for 07:00.
import { emitNotice, openLiveStream } from './live-stream.mjs';

const namespaces = new Map();
const INBOX = 120;
const PAGE = 50;

const teacher = { id: 'prof', name: 'Claire DUBOIS', profile: 'teacher' };
const people = [
  {
    kind: 'user',
    id: 'parent-bernard',
    name: 'Sophie BERNARD',
    profile: 'guardian',
    detail: 'Parent de Léa BERNARD (4e B)',
  },
  { kind: 'user', id: 'cpe', name: 'Nadia BERTRAND', profile: 'vie_scolaire', detail: 'CPE' },
];
const groups = [
  {
    kind: 'group',
    id: 'class_parents:4b',
    group: 'class_parents',
    label: 'Parents d’élèves de 4e B',
    memberCount: 24,
  },
];

function inboxItem(i) {
  return {
    id: `m${i}`,
    threadId: `m${i}`,
    folder: 'inbox',
    state: 'sent',
    subject: i === 0 ? 'Sortie au musée' : `Message ${i}`,
    excerpt: `Texte du message ${i}.`,
    from: { id: 'parent-bernard', name: 'Sophie BERNARD', profile: 'guardian' },
    to: [],
    at: new Date(Date.parse('2026-11-19T08:00:00Z') - i * 3_600_000).toISOString(),
    sendAt: null,
    read: i > 2,
    urgent: false,
    noReply: false,
    hasAttachments: false,
    receipts: null,
  };
}

function state(ns) {
  let s = namespaces.get(ns);
  if (!s) {
    s = {
      inbox: Array.from({ length: INBOX }, (_, i) => inboxItem(i)),
      sent: [],
      drafts: new Map(),
      log: [],
      streams: new Set(),
      seq: 0,
      quiet: false,
    };
    namespaces.set(ns, s);
  }
  return s;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function send(ctx, status, body, type = 'application/json') {
  ctx.status = status;
  ctx.type = type;
  ctx.body = body === undefined ? '' : JSON.stringify(body);
}

function problem(ctx, status, title, errors = []) {
  send(ctx, status, { type: 'about:blank', title, status, errors }, 'application/problem+json');
}

function mailbox(s) {
  const unread = s.inbox.filter((m) => !m.read).length;
  const folder = (id, name, total, u = 0) => ({ id, name, system: id, total, unread: u });
  return {
    folders: [
      folder('inbox', 'Boîte de réception', s.inbox.length, unread),
      folder('sent', 'Messages envoyés', s.sent.length),
      folder('drafts', 'Brouillons', s.drafts.size),
      folder('scheduled', 'Envois programmés', 0),
      folder('trash', 'Corbeille', 0),
    ],
    unread,
    canSendUrgent: false,
    recallMinutes: 60,
    now: '2026-11-19T09:15:00.000Z',
  };
}

function draftView(s, d) {
  const label = (a) =>
    [...people, ...groups].find((p) => p.id === a.id)?.label ??
    [...people].find((p) => p.id === a.id)?.name ??
    a.id;
  const addressees = (list, field) =>
    list.map((a) => ({ kind: a.kind, id: a.id, label: label(a), field, memberCount: null }));
  return {
    id: d.id,
    threadId: d.id,
    parentId: d.replyTo ?? null,
    version: d.version,
    subject: d.subject ?? '',
    bodyHtml: d.body ?? '',
    to: addressees(d.to ?? [], 'to'),
    cc: addressees(d.cc ?? [], 'cc'),
    bcc: addressees(d.bcc ?? [], 'bcc'),
    attachments: (d.attachmentIds ?? []).map((id) => ({
      id,
      name: `${id}.pdf`,
      mediaType: 'application/pdf',
      size: 2048,
    })),
    noReply: !!d.noReply,
    urgent: !!d.urgent,
    sendAt: d.sendAt ?? null,
    deliversAt: d.sendAt ?? (s.quiet ? '2026-11-20T06:00:00.000Z' : '2026-11-19T09:15:00.000Z'),
    savedAt: '2026-11-19T09:15:00.000Z',
  };
}

export async function messagesApiMiddleware(ctx, next) {
  const match = /^\/__messages\/([\w-]+)\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, ns, route] = match;
  const s = state(ns);
  const method = ctx.method;
  const json = async () => {
    const text = (await readBody(ctx.req)).toString('utf8');
    return text ? JSON.parse(text) : {};
  };
  const unsafe = method !== 'GET';
  if (unsafe && route !== 'emit' && route !== 'quiet' && ctx.get('x-csrf-token') !== `csrf-${ns}`)
    return problem(ctx, 403, 'CSRF');

  if (route === 'log') return send(ctx, 200, s.log);
  if (route === 'emit') {
    const { event, data } = await json();
    emitNotice(s, event, data);
    return send(ctx, 200, { streams: s.streams.size });
  }
  if (route === 'quiet') {
    s.quiet = true;
    return send(ctx, 200, {});
  }
  if (route === 'api/v1/me') return send(ctx, 200, { user: null, csrfToken: `csrf-${ns}` });

  if (route === 'api/v1/messages/stream') return openLiveStream(ctx, s.streams, 100);
  if (route === 'api/v1/messages/mailbox') return send(ctx, 200, mailbox(s));
  if (route === 'api/v1/messages' && method === 'GET') {
    const q = String(ctx.query.q ?? '');
    const list = q
      ? s.inbox.filter((m) => m.subject.toLowerCase().includes(q.toLowerCase()))
      : ctx.query.folder === 'sent'
        ? s.sent
        : ctx.query.folder === 'drafts'
          ? [...s.drafts.values()].map((d) => ({
              ...inboxItem(0),
              id: d.id,
              threadId: d.id,
              folder: 'drafts',
              state: 'draft',
              subject: d.subject ?? '',
            }))
          : ctx.query.folder === 'inbox'
            ? s.inbox
            : [];
    const start = Number(ctx.query.cursor ?? 0);
    s.log.push({ list: ctx.query.folder ?? `q=${q}`, cursor: start });
    const items = list.slice(start, start + PAGE);
    return send(ctx, 200, { items, nextCursor: start + PAGE < list.length ? String(start + PAGE) : null });
  }
  const thread = /^api\/v1\/messages\/threads\/([\w-]+)$/.exec(route);
  if (thread) {
    const m = [...s.inbox, ...s.sent].find((x) => x.threadId === thread[1]);
    s.log.push({ thread: thread[1], found: !!m });
    if (!m) return problem(ctx, 404, 'Introuvable');
    const own = m.folder === 'sent';
    return send(ctx, 200, {
      id: m.threadId,
      subject: m.subject,
      messages: [
        {
          ...m,
          parentId: null,
          bodyHtml: `<p>${m.excerpt}</p><p><a href="javascript:alert(1)">lien piégé</a></p>`,
          addressees: [{ kind: 'user', id: 'prof', label: teacher.name, field: 'to', memberCount: null }],
          attachments: [],
          viewerInBcc: false,
          canReply: true,
          canReplyAll: false,
          ...(own ? { receipts: { read: 0, total: 1 } } : {}),
          recallableUntil: own ? '2026-11-19T10:15:00.000Z' : null,
          reported: false,
        },
      ],
    });
  }
  if (route === 'api/v1/messages/recipients') {
    const q = String(ctx.query.q ?? '').toLowerCase();
    s.log.push({ recipients: q });
    return send(ctx, 200, {
      people: people.filter((p) => p.name.toLowerCase().includes(q)),
      groups: groups.filter((g) => g.label.toLowerCase().includes(q)),
    });
  }
  if (route === 'api/v1/messages/mark' && method === 'POST') {
    const body = await json();
    s.log.push({ mark: body, key: ctx.get('idempotency-key') });
    for (const m of s.inbox) if (body.ids.includes(m.id)) m.read = body.read;
    return send(ctx, 200, { updated: body.ids.length });
  }
  if (route === 'api/v1/messages/move' && method === 'POST') {
    const body = await json();
    s.log.push({ move: body });
    s.inbox = s.inbox.filter((m) => !body.ids.includes(m.id));
    return send(ctx, 200, { updated: body.ids.length });
  }
  if (route === 'api/v1/messages/drafts' && method === 'POST') {
    const body = await json();
    const id = `d${s.drafts.size + 1}`;
    const d = { ...body, id, version: 1 };
    s.drafts.set(id, d);
    s.log.push({ create: id, key: ctx.get('idempotency-key') });
    return send(ctx, 201, draftView(s, d));
  }
  const draft = /^api\/v1\/messages\/drafts\/([\w-]+)(\/send)?$/.exec(route);
  if (draft) {
    const d = s.drafts.get(draft[1]);
    if (!d) return problem(ctx, 404, 'Introuvable');
    if (method === 'GET') return send(ctx, 200, draftView(s, d));
    if (method === 'DELETE') {
      s.drafts.delete(d.id);
      s.log.push({ discard: d.id });
      return send(ctx, 204);
    }
    const body = await json();
    if (method === 'PUT' && !draft[2]) {
      Object.assign(d, body, { version: d.version + 1 });
      s.log.push({ save: d.id, subject: d.subject, body: d.body, key: ctx.get('idempotency-key') });
      return send(ctx, 200, draftView(s, d));
    }
    if (method === 'POST' && draft[2]) {
      if (body.draft) Object.assign(d, body.draft, { version: d.version + 1 });
      s.log.push({ send: d.id, subject: d.subject });
      if (/refus/i.test(d.subject ?? ''))
        return problem(ctx, 400, 'Requête invalide', [
          { field: 'body.to.0', message: 'Vous ne pouvez pas écrire à cette personne.' },
        ]);
      s.drafts.delete(d.id);
      const message = {
        ...inboxItem(0),
        id: d.id,
        threadId: d.id,
        folder: 'sent',
        subject: d.subject,
        from: teacher,
      };
      s.sent.unshift(message);
      const deliversAt = s.quiet ? '2026-11-20T06:00:00.000Z' : '2026-11-19T09:15:00.000Z';
      return send(ctx, 200, { message, delivered: !s.quiet, deliversAt });
    }
  }
  if (route === 'api/v1/files' && method === 'POST') {
    const raw = await readBody(ctx.req);
    const name = /filename="([^"]+)"/.exec(raw.toString('latin1'))?.[1] ?? 'fichier';
    s.log.push({ upload: name });
    return send(ctx, 201, { id: `file-${name.replace(/\W+/g, '-')}` });
  }
  const act = /^api\/v1\/messages\/items\/([\w-]+)\/(recall|report)$/.exec(route);
  if (act && method === 'POST') {
    const body = await json();
    s.log.push({ [act[2]]: act[1], ...body });
    if (act[2] === 'report') return send(ctx, 201, { id: 'rpt1' });
    // A recalled message is a draft again: its conversation leaves the sent folder.
    s.sent = s.sent.filter((m) => m.id !== act[1]);
    const d = { id: act[1], subject: 'Rappelé', version: 1, to: [{ kind: 'user', id: 'parent-bernard' }] };
    s.drafts.set(d.id, d);
    return send(ctx, 200, draftView(s, d));
  }
  return problem(ctx, 404, `Aucune route ${method} ${route}`);
}
