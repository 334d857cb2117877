import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isQuietTime } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { LocalDiskStore } from '../src/files/store.js';
import { LiveService } from '../src/live/service.js';
import { listMessages, mailbox } from '../src/messages/mailbox.js';
import { createMailer } from '../src/messages/mailer.js';
import { checkAddresses, senderScope } from '../src/messages/reach.js';
import { runMessageJobs } from '../src/messages/worker.js';
import type { SeedContext } from '../src/seed/index.js';
import { messagesSeed } from '../src/seed/messages.js';
import { testEngine } from './support/db.js';
import { rowsOfModule, seedWithModule, viewerOf } from './support/seed.js';

const TODAY = '2026-11-19';

describe('messaging demo data (generator)', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = await rowsOfModule(messagesSeed, 7, TODAY);
    expect(await rowsOfModule(messagesSeed, 7, TODAY)).toBe(a);
    expect(await rowsOfModule(messagesSeed, 8, TODAY)).not.toBe(a);
  });
});

describe(`messaging demo data (${testEngine})`, () => {
  let db: Db;
  let demo: SeedContext['demo'];

  beforeAll(async () => {
    ({ db, demo } = await seedWithModule(messagesSeed, TODAY));
  }, 180_000);
  afterAll(() => db.close());

  const clock = () => new Date('2026-11-19T09:00:00+01:00');
  const ctxOf = async (id: string) => ({
    db,
    viewer: await viewerOf(db, id),
    now: clock(),
    files: new LocalDiskStore('/nonexistent'),
    live: new LiveService({ db, clock }),
  });

  it('spans the weeks before today, nothing delivered after it', async () => {
    const [c] = await db.query<{ sent: number; first: Date; last: Date; entries: number; future: number }>(
      `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, min(sent_at) AS first, max(sent_at) AS last,
              (SELECT count(*)::int FROM mailbox_entries) AS entries,
              count(*) FILTER (WHERE state = 'sent' AND sent_at >= '2026-11-18T23:00:00Z')::int AS future
         FROM messages`,
    );
    expect(c!.sent).toBeGreaterThan(300);
    expect(c!.entries).toBeGreaterThan(5000);
    expect(c!.future).toBe(0);
    expect(new Date(c!.first).getTime()).toBeLessThan(Date.parse('2026-09-15T00:00:00Z'));
  });

  it('delivers nothing in quiet hours but the direction’s urgent messages, and no answer before its question', async () => {
    const sent = await db.query<{ sent_at: Date; urgent: boolean; parent_at: Date | null }>(
      `SELECT m.sent_at, m.urgent, p.sent_at AS parent_at FROM messages m LEFT JOIN messages p ON p.id = m.parent_id
        WHERE m.state = 'sent'`,
    );
    expect(sent.filter((m) => !m.urgent && isQuietTime(new Date(m.sent_at)))).toEqual([]);
    expect(sent.filter((m) => m.parent_at && new Date(m.parent_at) >= new Date(m.sent_at))).toEqual([]);
  });

  it('only ever writes to people the rules allow (or answers whoever wrote)', async () => {
    const rows = await db.query<{ sender_id: string; user_id: string; parent_sender: string | null }>(
      `SELECT m.sender_id, a.user_id, p.sender_id AS parent_sender FROM messages m
         JOIN message_addressees a ON a.message_id = m.id AND a.user_id IS NOT NULL
         LEFT JOIN messages p ON p.id = m.parent_id
        ORDER BY m.id LIMIT 150`,
    );
    for (const r of rows) {
      const viewer = await viewerOf(db, r.sender_id);
      const allowed = new Map(r.parent_sender ? [[r.parent_sender, viewer.uai ?? '']] : []);
      await expect(
        checkAddresses(
          db,
          await senderScope(db, viewer),
          { to: [{ kind: 'user', id: r.user_id }], cc: [], bcc: [] },
          allowed,
        ),
        `${r.sender_id} → ${r.user_id}`,
      ).resolves.toHaveLength(1);
    }
  });

  it('gives the demo parent threads with the teacher and the CPE, some unread', async () => {
    const ctx = await ctxOf(demo.guardianId);
    const box = await mailbox(ctx);
    expect(box.unread).toBeGreaterThan(0);
    const inbox = await listMessages(ctx, { folder: 'inbox', limit: 100 });
    const from = new Set(inbox.items.map((m) => m.from.id));
    expect(from.has(demo.teacherId)).toBe(true);
    expect(from.has(demo.cpeId)).toBe(true);
    expect(from.has(demo.principalId)).toBe(true);
    const sent = await listMessages(ctx, { folder: 'sent', limit: 100 });
    expect(sent.items.find((m) => m.subject === 'Orientation en fin de 4e')?.receipts).toEqual({
      read: 1,
      total: 1,
    });
  });

  it('gives the demo teacher a draft, a message scheduled for the next school morning, and receipts', async () => {
    const ctx = await ctxOf(demo.teacherId);
    expect((await listMessages(ctx, { folder: 'drafts', limit: 10 })).items.length).toBe(1);
    const scheduled = (await listMessages(ctx, { folder: 'scheduled', limit: 10 })).items;
    expect(scheduled.map((m) => m.sendAt)).toEqual(['2026-11-20T06:00:00.000Z']);
    const sent = (await listMessages(ctx, { folder: 'sent', limit: 100 })).items;
    const letter = sent.find((m) => m.subject.startsWith('Voyage en Espagne'))!;
    expect(letter.receipts!.total).toBeGreaterThan(20);
    expect(letter.receipts!.read).toBeLessThan(letter.receipts!.total);
    // At 07:00 on the next school day the scheduled message reaches the class's parents.
    const clock = () => new Date('2026-11-20T06:00:00Z');
    const jobs = await runMessageJobs({
      db,
      live: new LiveService({ db, clock }),
      mailer: createMailer({ dataDir: join(tmpdir(), 'preau-messages-seed-test') }),
      clock,
      publicOrigin: 'http://localhost',
    });
    expect(jobs.delivered).toBe(1);
  });

  it('finds the demo collège’s messages by French full-text search', async () => {
    const ctx = await ctxOf(demo.guardianId);
    const found = await listMessages(ctx, { q: 'reunion parents professeurs', limit: 10 });
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items[0]!.subject).toMatch(/Réunion parents-professeurs/);
  });
});
