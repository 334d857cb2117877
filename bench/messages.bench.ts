/**
 * Messaging on PGlite (in memory), demo collège at `school` scale:
 * - a mailbox of 10,000 received messages (among 50,000 in the database) opens: folder counts with unread figures
 *   and the inbox's first page, as the service answers them and through the HTTP route (in process); and a French
 *   full-text search in it — each as a ratio to its baseline, the same question asked of one plain indexed table
 *   holding the 10,000 list lines (no joins, no counts per folder, the tsvector already computed);
 * - a broadcast to about 600 parents (a level's classes): stored (one message, one addressee row per class, one
 *   mailbox entry per parent, mail queue rows) and notified (one e-mail each, to a real SMTP server on loopback),
 *   against a message to one parent.
 * Writes bench/results/messages.json and .md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../apps/api/src/app.js';
import { createSession, SESSION_COOKIE } from '../apps/api/src/auth/sessions.js';
import type { Config } from '../apps/api/src/config.js';
import { insertRows, migrate, openPglite } from '../apps/api/src/db/index.js';
import { LocalDiskStore } from '../apps/api/src/files/store.js';
import { LiveService } from '../apps/api/src/live/service.js';
import { createDraft, type MessagesContext } from '../apps/api/src/messages/drafts.js';
import { sendDueMail } from '../apps/api/src/messages/mail.js';
import { listMessages, mailbox } from '../apps/api/src/messages/mailbox.js';
import { createMailer } from '../apps/api/src/messages/mailer.js';
import { sendDraft } from '../apps/api/src/messages/send.js';
import type { Viewer } from '../apps/api/src/policies/index.js';
import { seedDemo } from '../apps/api/src/seed/index.js';
import { median, RESULTS } from './support.js';

const TODAY = '2026-11-19';
const MAILBOX = 10_000;
const OTHERS = 40_000;
const RUNS = 41;
const NOW = new Date('2026-11-19T09:00:00+01:00');

const db = await openPglite();
const viewerOf = async (id: string) =>
  (
    await db.query<Viewer>(
      `SELECT id, login, first_name AS "firstName", last_name AS "lastName", profile, functions, uai,
              scope_kind AS "scopeKind", scope_code AS "scopeCode", false AS "mustChangePassword" FROM users WHERE id = $1`,
      [id],
    )
  )[0]!;
await migrate(db);
await seedDemo(db, { scale: 'school', today: TODAY, hashSecret: async (s) => `bench$${s}`, modules: [] });
const [teacher] = await db.query<{ id: string; uai: string }>(
  `SELECT u.id, u.uai FROM users u WHERE u.login = 'prof.demo'`,
);
const parents = (await db.query<{ id: string; name: string }>(
  `SELECT id, first_name || ' ' || upper(last_name) AS name FROM users WHERE profile = 'guardian' ORDER BY id`,
))!;

// ---- a mailbox of 10,000 received messages, among 50,000 ----------------------------------------------------------
const WORDS = (
  'sortie musée autorisation réunion parents professeurs devoir maison contrôle fractions exposé cantine menu ' +
  'bulletin trimestre conseil classe retard absence justificatif orientation stage brevet voyage Espagne ' +
  'calculatrice cahier manuel rendez-vous photo élection délégués piscine gymnase bibliothèque CDI'
).split(' ');
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

const messages: unknown[][] = [];
const entries: unknown[][] = [];
const plain: unknown[][] = [];
const start = Date.parse('2026-09-01T08:00:00Z');
for (let i = 0; i < MAILBOX + OTHERS; i++) {
  const id = `bm_${String(i).padStart(6, '0')}`;
  const at = new Date(start + i * 60_000 * 3).toISOString();
  const from = parents[i % parents.length]!;
  const to = i < MAILBOX ? teacher!.id : parents[(i * 7 + 3) % parents.length]!.id;
  const subject = sentence(4);
  // One message in 200 speaks of the kermesse: a rare word, found through the index rather than by walking.
  const text = `Bonjour, ${sentence(40)}${i % 200 === 0 ? ' kermesse' : ''}. Cordialement.`;
  messages.push([
    id,
    teacher!.uai,
    id,
    from.id,
    from.name,
    subject,
    `<p>${text}</p>`,
    text,
    'sent',
    at,
    1,
    at,
    at,
  ]);
  entries.push(
    [from.id, id, id, 'sent', 'sender', at, at, at],
    [to, id, id, 'inbox', 'to', at, i % 9 ? at : null, i % 9 ? at : null],
  );
  if (i < MAILBOX)
    plain.push([to, id, at, subject, text.slice(0, 160), i % 9 !== 0, `${subject} ${from.name} ${text}`]);
}
const t0 = performance.now();
await insertRows(
  db,
  'messages',
  [
    'id',
    'uai',
    'thread_id',
    'sender_id',
    'sender_name',
    'subject',
    'body_html',
    'body_text',
    'state',
    'sent_at',
    'recipient_count',
    'created_at',
    'updated_at',
  ],
  messages,
  { chunk: 5000 },
);
await insertRows(
  db,
  'mailbox_entries',
  ['user_id', 'message_id', 'thread_id', 'box', 'role', 'at', 'read_at', 'seen_at'],
  entries,
  { chunk: 10000 },
);
const loadMs = performance.now() - t0;
// The baseline: the same 10,000 list lines in one plain table, indexed for exactly these two questions.
await db.exec(`CREATE TABLE bench_plain_inbox (user_id text, id text, at timestamptz, subject text, excerpt text,
  read boolean, search tsvector)`);
await db.query(
  `INSERT INTO bench_plain_inbox SELECT r.user_id, r.id, r.at, r.subject, r.excerpt, r.read,
          to_tsvector('french', preau_fold(r.doc))
     FROM json_to_recordset($1::text::json) AS r(user_id text, id text, at timestamptz, subject text, excerpt text, read boolean, doc text)`,
  [
    JSON.stringify(
      plain.map(([user_id, id, at, subject, excerpt, read, doc]) => ({
        user_id,
        id,
        at,
        subject,
        excerpt,
        read,
        doc,
      })),
    ),
  ],
);
await db.exec(`CREATE INDEX ON bench_plain_inbox (user_id, at DESC);
  CREATE INDEX ON bench_plain_inbox USING gin (search); ANALYZE`);

const viewer = await viewerOf(teacher!.id);
const ctx: MessagesContext = {
  db,
  viewer,
  now: NOW,
  files: new LocalDiskStore(join(tmpdir(), 'preau-bench-none')),
  live: new LiveService({ db, clock: () => NOW }),
};
const QUERY = 'sortie musée';
const RARE = 'kermesse';

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    xs.push(performance.now() - s);
  }
  return median(xs);
}

const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-messages-'));
const config: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir,
  allowedOrigins: [],
  publicOrigin: 'http://127.0.0.1',
  sessionTtlSeconds: 8 * 3600,
  maxUploadBytes: 1024 * 1024,
  secureCookies: false,
};
const app = createApp({ db, config, files: new LocalDiskStore(join(dataDir, 'files')), clock: () => NOW });
await db.query('UPDATE users SET must_change_password = false WHERE id = $1', [teacher!.id]);
const session = await createSession(db, teacher!.id, NOW, config.sessionTtlSeconds);
const http = async (path: string) => {
  const res = await app.request(path, { headers: { Cookie: `${SESSION_COOKIE}=${session.token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return res.json();
};

if (process.env.MESSAGES_BENCH_EXPLAIN) {
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN ANALYZE SELECT e.message_id FROM mailbox_entries e JOIN messages m ON m.id = e.message_id
      WHERE e.user_id = $1 AND e.deleted_at IS NULL AND e.trashed_at IS NULL AND e.box <> 'draft'
        AND m.search @@ websearch_to_tsquery('french', preau_fold($2)) ORDER BY e.at DESC, e.message_id DESC LIMIT 51`,
    [teacher!.id, QUERY],
  );
  console.log(plan.map((p) => p['QUERY PLAN']).join('\n'));
  process.exit(0);
}
const found = await listMessages(ctx, { q: QUERY, limit: 50 });
const open = {
  service: await timeIt(() => Promise.all([mailbox(ctx), listMessages(ctx, { folder: 'inbox', limit: 50 })])),
  http: await timeIt(() =>
    Promise.all([http('/api/v1/messages/mailbox'), http('/api/v1/messages?folder=inbox')]),
  ),
  baseline: await timeIt(() =>
    Promise.all([
      db.query(
        'SELECT count(*) FILTER (WHERE NOT read) AS unread, count(*) AS total FROM bench_plain_inbox WHERE user_id = $1',
        [teacher!.id],
      ),
      db.query(
        'SELECT id, at, subject, excerpt, read FROM bench_plain_inbox WHERE user_id = $1 ORDER BY at DESC LIMIT 50',
        [teacher!.id],
      ),
    ]),
  ),
};
const plainSearch = (q: string) =>
  db.query(
    `SELECT id, at, subject, excerpt, read FROM bench_plain_inbox
      WHERE user_id = $1 AND search @@ websearch_to_tsquery('french', preau_fold($2)) ORDER BY at DESC LIMIT 50`,
    [teacher!.id, q],
  );
const rareHits = (await listMessages(ctx, { q: RARE, limit: 100 })).items.length;
const rare = {
  service: await timeIt(() => listMessages(ctx, { q: RARE, limit: 50 })),
  http: await timeIt(() => http(`/api/v1/messages?q=${RARE}`)),
  baseline: await timeIt(() => plainSearch(RARE)),
};
const search = {
  service: await timeIt(() => listMessages(ctx, { q: QUERY, limit: 50 })),
  http: await timeIt(() => http(`/api/v1/messages?q=${encodeURIComponent(QUERY)}`)),
  baseline: await timeIt(() => plainSearch(QUERY)),
};

// ---- a broadcast to ~600 parents, stored and notified ----------------------------------------------------------------
const principal = await viewerOf(
  (await db.query<{ id: string }>(`SELECT id FROM users WHERE login = 'principal.demo'`))[0]!.id,
);
const classes = await db.query<{ id: string; parents: number }>(
  `SELECT c.id, count(DISTINCT g.guardian_id)::int AS parents FROM classes c
     JOIN enrolments e ON e.class_id = c.id JOIN guardianships g ON g.student_id = e.student_id
    WHERE c.uai = $1 AND c.kind = 'classe' GROUP BY c.id ORDER BY c.id`,
  [principal.uai],
);
const chosen: string[] = [];
let reached = 0;
for (const c of classes) {
  if (reached >= 600) break;
  chosen.push(c.id);
  reached += c.parents;
}
// Everyone asks for immediate e-mails, so the broadcast queues one per parent.
await db.query(
  `INSERT INTO message_preferences (user_id, email, notify, updated_at)
   SELECT id, id || '@famille.example', 'immediate', now() FROM users WHERE profile = 'guardian'`,
);
const received: number[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _s, cb) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received.push(1);
      cb();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
const mailer = createMailer({
  smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
  dataDir,
});
const pctx: MessagesContext = { ...ctx, viewer: principal };
const firstParent = parents[0]!;

async function broadcast(to: { kind: 'user' | 'group'; id: string }[]) {
  const { draft } = await createDraft(pctx, {
    subject: 'Information',
    body: '<p>Bonjour à tous.</p>',
    to,
    cc: [],
    bcc: [],
    attachmentIds: [],
    noReply: false,
    urgent: false,
    sendAt: null,
    replyAll: false,
  });
  const s = performance.now();
  const result = await sendDraft(pctx, draft.id);
  const storeMs = performance.now() - s;
  const m = performance.now();
  const before = received.length;
  const run = await sendDueMail({ db, mailer, publicOrigin: config.publicOrigin }, NOW);
  const mailMs = performance.now() - m;
  return {
    storeMs,
    mailMs,
    recipients: result.message.receipts?.total ?? 0,
    mails: run.sent,
    arrived: received.length - before,
  };
}
const single: Awaited<ReturnType<typeof broadcast>>[] = [];
const wide: Awaited<ReturnType<typeof broadcast>>[] = [];
for (let i = 0; i < 5; i++) {
  single.push(await broadcast([{ kind: 'user', id: firstParent.id }]));
  wide.push(await broadcast(chosen.map((id) => ({ kind: 'group' as const, id: `class_parents:${id}` }))));
}
const [rows] = await db.query<{ addressees: number; entries: number; queue: number }>(
  `SELECT (SELECT count(*)::int FROM message_addressees a JOIN messages m ON m.id = a.message_id WHERE m.sender_id = $1) AS addressees,
          (SELECT count(*)::int FROM mailbox_entries e JOIN messages m ON m.id = e.message_id WHERE m.sender_id = $1) AS entries,
          (SELECT count(*)::int FROM message_mail_queue q JOIN messages m ON m.id = q.message_id WHERE m.sender_id = $1) AS queue`,
  [principal.id],
);
mailer.close();
await new Promise<void>((r) => smtp.close(() => r()));
await db.close();
rmSync(dataDir, { recursive: true, force: true });

const med = (xs: number[]) => Math.round(median(xs) * 10) / 10;
const b = {
  recipients: wide[0]!.recipients,
  classes: chosen.length,
  storeMs: med(wide.map((w) => w.storeMs)),
  mailMs: med(wide.map((w) => w.mailMs)),
  singleStoreMs: med(single.map((w) => w.storeMs)),
  singleMailMs: med(single.map((w) => w.mailMs)),
  mailsArrived: wide[0]!.arrived,
  rowsPerBroadcast: {
    messages: 1,
    addressees: chosen.length,
    entries: wide[0]!.recipients + 1,
    queue: wide[0]!.recipients,
  },
};
const r = (x: number) => Math.round(x * 100) / 100;
const out = {
  engine: 'pglite (in memory)',
  mailbox: MAILBOX,
  messagesInDatabase: MAILBOX + OTHERS,
  loadMs: Math.round(loadMs),
  hits: found.items.length,
  open,
  search,
  broadcast: b,
  rows,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'messages.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = `## Messaging: a 10,000-message mailbox and a broadcast to ${b.recipients} parents (PGlite in memory, medians of ${RUNS} runs)

Baseline: the same question asked of one plain table holding the mailbox's 10,000 list lines, indexed for it (no joins, no per-folder counts, search vector precomputed). ${MAILBOX + OTHERS} messages in the database.

| what | baseline | service | ratio | HTTP route (in process) | ratio |
|---|---|---|---|---|---|
| open: folder counts with unread + first page of the inbox (50) | ${r(open.baseline)} ms | ${r(open.service)} ms | ${r(open.service / open.baseline)}× | ${r(open.http)} ms | ${r(open.http / open.baseline)}× |
| search "${QUERY}", common words (French full text, a full first page) | ${r(search.baseline)} ms | ${r(search.service)} ms | ${r(search.service / search.baseline)}× | ${r(search.http)} ms | ${r(search.http / search.baseline)}× |
| search "${RARE}", a rare word (${rareHits} hits in the mailbox) | ${r(rare.baseline)} ms | ${r(rare.service)} ms | ${r(rare.service / rare.baseline)}× | ${r(rare.http)} ms | ${r(rare.http / rare.baseline)}× |

Broadcast to the parents of ${b.classes} classes (${b.recipients} people), medians of 5: stored in ${b.storeMs} ms (one message row, ${b.classes} addressee rows, ${b.recipients + 1} mailbox entries, ${b.recipients} queued e-mails, one statement) against ${b.singleStoreMs} ms for a message to one parent (${r(b.storeMs / b.singleStoreMs)}×); notified in ${b.mailMs} ms (${b.mailsArrived} e-mails received by an SMTP server on loopback, ${Math.round((b.mailsArrived / b.mailMs) * 1000)} e-mails/s) against ${b.singleMailMs} ms for one.
`;
writeFileSync(join(RESULTS, 'messages.md'), md);
console.log(md);
