import { DEFAULT_MESSAGING_SETTINGS, DEFAULT_QUIET_HOURS } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/messages/mailer.js';
import { deliveryTime, mailDueTime } from '../src/messages/timing.js';
import { runMessageJobs } from '../src/messages/worker.js';
import { buildTestApp, type TestApp } from './support/app.js';
import type { TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import { folderIds, group, person, send } from './support/messages.js';
import { sseReader } from './support/sse.js';

/** What a stream holds for a viewer now (replayed from the start, then closed). */
async function pending(client: TestClient) {
  const stream = sseReader(await client.get('/api/v1/messages/stream?follow=false&after=0'));
  await stream.until(() => false);
  return stream.events.map((e) => ({ event: e.event, ...(JSON.parse(e.data ?? '{}') as object) }));
}

const paris = (iso: string) => new Date(iso);

describe('messaging: when messages and e-mails go out (quiet hours)', () => {
  const q = DEFAULT_QUIET_HOURS;
  it('moves a message written at 21:30 to 07:00 the next school day, but not the direction’s urgent one', () => {
    const now = paris('2026-11-19T21:30:00+01:00'); // a Thursday
    expect(deliveryTime({ sendAt: null, urgent: false, now, quietHours: q }).toISOString()).toBe(
      '2026-11-20T06:00:00.000Z',
    );
    expect(deliveryTime({ sendAt: null, urgent: true, now, quietHours: q })).toEqual(now);
    // Friday evening: Monday morning.
    const friday = paris('2026-11-20T20:15:00+01:00');
    expect(deliveryTime({ sendAt: null, urgent: false, now: friday, quietHours: q }).toISOString()).toBe(
      '2026-11-23T06:00:00.000Z',
    );
    // A chosen time in open hours is kept; one in quiet hours moves to their end.
    const noon = paris('2026-11-20T12:00:00+01:00');
    expect(deliveryTime({ sendAt: noon, urgent: false, now, quietHours: q })).toEqual(noon);
    const late = paris('2026-11-20T22:00:00+01:00');
    expect(deliveryTime({ sendAt: late, urgent: false, now, quietHours: q }).toISOString()).toBe(
      '2026-11-23T06:00:00.000Z',
    );
  });

  it('never times an e-mail in quiet hours, urgent or not, immediate or digest', () => {
    const s = DEFAULT_MESSAGING_SETTINGS;
    const urgentAt = paris('2026-11-19T21:30:00+01:00');
    expect(mailDueTime('immediate', urgentAt, s, q).toISOString()).toBe('2026-11-20T06:00:00.000Z');
    // The Friday digest at 17:00; a message of Friday 18:00 waits for Saturday's, which is Monday 07:00.
    expect(mailDueTime('digest', paris('2026-11-20T10:00:00+01:00'), s, q).toISOString()).toBe(
      '2026-11-20T16:00:00.000Z',
    );
    expect(mailDueTime('digest', paris('2026-11-20T18:00:00+01:00'), s, q).toISOString()).toBe(
      '2026-11-23T06:00:00.000Z',
    );
    // An établissement that turned quiet hours off mails at any time.
    const off = { ...q, enabled: false };
    expect(mailDueTime('immediate', urgentAt, s, off)).toEqual(urgentAt);
  });
});

describe(`messaging: live notices (${testEngine})`, () => {
  let t: TestApp;
  let a: TestApp['fixture']['schools']['a'];

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
  });
  afterAll(() => t.close());

  it('a new message, its read receipt and a recall reach the open pages of those concerned', async () => {
    const [parent, teacher] = await Promise.all([t.as(a.guardians.s1a), t.as(a.teachers.maths)]);
    const teacherPage = sseReader(await teacher.get('/api/v1/messages/stream'));
    const parentPage = sseReader(await parent.get('/api/v1/live/stream?areas=messages'));

    const { id } = await send(parent, {
      to: [person(a.teachers.maths.id)],
      subject: 'Sortie au musée',
      body: '<p>Un secret dans le corps.</p>',
    });
    expect(id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
    await teacherPage.until(() => teacherPage.events.some((e) => e.event === 'messages.received'));
    const received = teacherPage.events.find((e) => e.event === 'messages.received')!;
    expect(JSON.parse(received.data!)).toMatchObject({
      messageId: id,
      threadId: expect.stringMatching(/^thr_[A-Za-z0-9_-]{22}$/), // a new thread, its own record id
      subject: 'Sortie au musée',
      urgent: false,
    });
    expect(received.data).not.toContain('secret'); // ids and labels only: the page reads the body itself

    expect((await teacher.post('/api/v1/messages/mark', { json: { ids: [id], read: true } })).status).toBe(
      200,
    );
    await parentPage.until(() => parentPage.events.some((e) => e.event === 'messages.read'));
    expect(parentPage.data().find((d) => d.messageId === id && 'read' in d)).toMatchObject({
      messageId: id,
      read: 1,
      total: 1,
    });
    // The teacher's other tabs hear of their own change.
    await teacherPage.until(() => teacherPage.events.some((e) => e.event === 'messages.mailbox'));

    const { id: oops } = await send(parent, { to: [person(a.teachers.maths.id)], subject: 'Oups' });
    expect((await parent.post(`/api/v1/messages/items/${oops}/recall`)).status).toBe(200);
    await teacherPage.until(() => teacherPage.events.some((e) => e.event === 'messages.recalled'));
    expect(teacherPage.data().at(-1)).toMatchObject({ messageId: oops });
    expect(await folderIds(teacher, 'inbox')).not.toContain(oops);
    await Promise.all([teacherPage.cancel(), parentPage.cancel()]);
  });

  it('publishes nothing for a send that is refused', async () => {
    const [teacher, parent] = await Promise.all([t.as(a.teachers.maths), t.as(a.guardians.s1a)]);
    const before = await pending(parent);
    const draft = await (
      await teacher.post('/api/v1/messages/drafts', {
        json: { subject: '', to: [person(a.guardians.s1a.id)] },
      })
    ).json();
    const refused = await teacher.post(`/api/v1/messages/drafts/${draft.id}/send`, { json: {} });
    expect(refused.status).toBe(400);
    expect(await pending(parent)).toEqual(before);
  });

  it('holds an evening broadcast until 07:00 and its e-mails too; the direction’s urgent message goes at once', async () => {
    await (await t.as(a.guardians.s1b)).put('/api/v1/messages/preferences', {
      json: { email: 'marc@famille.example', notify: 'immediate' },
    });
    t.clock.current = new Date('2026-11-16T20:30:00Z'); // Monday 21:30 in Paris
    const [teacher, principal, parent] = await Promise.all([
      t.as(a.teachers.maths),
      t.as(a.principal),
      t.as(a.guardians.s1b),
    ]);
    const seen = (await pending(parent)).length;

    const draft = await (
      await teacher.post('/api/v1/messages/drafts', {
        json: { subject: 'Sortie de jeudi', to: [group(`class_parents:${a.classes.c4a}`)] },
      })
    ).json();
    expect(draft.deliversAt).toBe('2026-11-17T06:00:00.000Z'); // the composer suggests 07:00
    const sent = await (await teacher.post(`/api/v1/messages/drafts/${draft.id}/send`, { json: {} })).json();
    expect(sent).toMatchObject({ delivered: false, deliversAt: '2026-11-17T06:00:00.000Z' });
    expect(await folderIds(parent, 'inbox')).not.toContain(draft.id);

    const { id: urgent, result } = await send(principal, {
      to: [group(`class_parents:${a.classes.c4a}`)],
      subject: 'Collège fermé demain (neige)',
      urgent: true,
    });
    expect(result.delivered).toBe(true);
    const tonight = (await pending(parent)).slice(seen);
    expect(tonight.map((n) => [n.event, (n as { messageId?: string }).messageId])).toEqual([
      ['messages.received', urgent],
    ]);
    const [mail] = await t.db.query<{ due_at: Date }>(
      'SELECT due_at FROM message_mail_queue WHERE message_id = $1 AND user_id = $2',
      [urgent, a.guardians.s1b.id],
    );
    expect(new Date(mail!.due_at).toISOString()).toBe('2026-11-17T06:00:00.000Z');

    // Read at 21:35: the principal hears of it in the morning, not tonight.
    t.clock.advance(5 * 60_000);
    await (await t.as(a.guardians.s1b)).post('/api/v1/messages/mark', {
      json: { ids: [urgent], read: true },
    });
    const principalNow = await pending(await t.as(a.principal));
    expect(principalNow.filter((n) => n.event === 'messages.read')).toEqual([]);

    t.clock.current = new Date('2026-11-17T06:00:00Z');
    const mailer = createMailer({ dataDir: t.config.dataDir });
    const jobs = await runMessageJobs({
      db: t.db,
      live: t.live,
      mailer,
      clock: t.clock.now,
      publicOrigin: t.config.publicOrigin,
    });
    mailer.close();
    await t.live.deliverDue();
    expect(jobs.delivered).toBe(1);
    const morning = await t.as(a.guardians.s1b);
    expect(await folderIds(morning, 'inbox')).toContain(draft.id);
    expect((await pending(morning)).slice(seen).map((n) => n.event)).toContain('messages.received');
    const receipts = (await pending(await t.as(a.principal))).filter((n) => n.event === 'messages.read');
    expect(receipts).toMatchObject([{ messageId: urgent, read: 1 }]);
  });
});
