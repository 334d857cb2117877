import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpOnLoopback } from '../../../test/support/smtp.js';
import { createMailer, type Mailer } from '../src/messages/mailer.js';
import { runMessageJobs } from '../src/messages/worker.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';
import { group, person, send } from './support/messages.js';
import { activeContent, XSS_PAYLOADS } from './support/xss.js';

describe(`messaging: notification e-mails (${testEngine})`, () => {
  let t: TestApp;
  let a: TestApp['fixture']['schools']['a'];
  let smtp: Awaited<ReturnType<typeof smtpOnLoopback>>;
  let mailer: Mailer;
  const jobs = () =>
    runMessageJobs({
      db: t.db,
      live: t.live,
      mailer,
      clock: t.clock.now,
      publicOrigin: t.config.publicOrigin,
    });
  const prefer = async (
    user: TestApp['fixture']['schools']['a']['guardians']['s1a'],
    notify: string,
    email: string | null,
  ) => {
    const res = await (await t.as(user)).put('/api/v1/messages/preferences', { json: { email, notify } });
    expect(res.status, await res.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    smtp = await smtpOnLoopback();
    mailer = createMailer({ smtpUrl: smtp.url, dataDir: t.config.dataDir });
    await prefer(a.guardians.s1a, 'immediate', 'sophie@famille.example');
    await prefer(a.guardians.s1b, 'digest', 'marc@famille.example');
    await prefer(a.guardians.s2a, 'never', 'nadia@famille.example');
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await t.close();
  });

  it('asks for an address before sending anything', async () => {
    const res = await (await t.as(a.guardians.s2b)).put('/api/v1/messages/preferences', {
      json: { email: null, notify: 'digest' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].field).toBe('body.email');
  });

  it('mails at once those who asked, in the daily digest the others, never the rest', async () => {
    const principal = await t.as(a.principal);
    const { id } = await send(principal, {
      to: [group(`class_parents:${a.classes.c4a}`)],
      subject: 'Photo de classe',
      body: '<p>La photo de classe aura lieu <b>jeudi</b>.</p>',
    });
    const { id: second } = await send(principal, {
      to: [group(`class_parents:${a.classes.c4a}`)],
      subject: 'Cantine',
      body: '<p>Menu de la semaine en pièce jointe.</p>',
    });
    expect((await jobs()).mail).toEqual({ sent: 2, skipped: 0, failed: 0 });
    const immediate = smtp.take('sophie@famille.example');
    expect(immediate.map((m) => m.subject)).toEqual([
      'Bernard PRINCIPALA : Photo de classe',
      'Bernard PRINCIPALA : Cantine',
    ]);
    expect(immediate[0]!.text).toContain('La photo de classe aura lieu jeudi.');
    expect(immediate[0]!.html).toContain('<b>jeudi</b>');
    expect(immediate[0]!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(smtp.received).toEqual([]);

    // Marc opens one in the ENT before the digest: only the other is in it. The digest leaves at 17:00, Paris.
    const marc = await t.as(a.guardians.s1b);
    await marc.post('/api/v1/messages/mark', { json: { ids: [id], read: true } });
    t.clock.current = new Date('2026-11-16T15:59:00Z');
    expect((await jobs()).mail.sent).toBe(0);
    t.clock.current = new Date('2026-11-16T16:00:00Z');
    expect((await jobs()).mail).toEqual({ sent: 1, skipped: 1, failed: 0 });
    const [digest] = smtp.take('marc@famille.example');
    expect(digest!.subject).toBe("Messagerie de l'ENT : 1 nouveau message");
    expect(digest!.text).toContain('Bernard PRINCIPALA — Cantine');
    expect(digest!.text).not.toContain('Photo de classe');
    expect(second).toBeTruthy();
    // Nothing twice.
    expect((await jobs()).mail).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
  });

  it('sends no mail for a recalled message', async () => {
    const teacher = await t.as(a.teachers.maths);
    const { id } = await send(teacher, { to: [person(a.guardians.s1b.id)], subject: 'Oups' });
    expect((await teacher.post(`/api/v1/messages/items/${id}/recall`)).status).toBe(200);
    t.clock.advance(24 * 3600_000);
    await jobs();
    expect(smtp.take('marc@famille.example')).toEqual([]);
  });

  it('carries no active content, whatever the message holds', async () => {
    const teacher = await t.as(a.teachers.maths);
    await send(teacher, {
      to: [person(a.guardians.s1a.id), person(a.guardians.s1b.id)],
      subject: `<img src=x onerror=alert(1)> "><script>alert(1)</script>`,
      body: XSS_PAYLOADS.join('<p>—</p>'),
    });
    t.clock.advance(24 * 3600_000);
    await jobs();
    const mails = [...smtp.take('sophie@famille.example'), ...smtp.take('marc@famille.example')];
    expect(mails.length).toBe(2);
    for (const mail of mails) {
      expect(typeof mail.html).toBe('string');
      expect(activeContent(mail.html as string)).toEqual([]);
      expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(mail.attachments).toEqual([]);
    }
  });

  it('without an SMTP server, writes the e-mails to the outbox folder', async () => {
    const outbox = createMailer({ dataDir: t.config.dataDir });
    const principal = await t.as(a.principal);
    await send(principal, { to: [person(a.guardians.s1a.id)], subject: 'Sans serveur' });
    await runMessageJobs({
      db: t.db,
      live: t.live,
      mailer: outbox,
      clock: t.clock.now,
      publicOrigin: t.config.publicOrigin,
    });
    const dir = join(t.config.dataDir, 'outbox');
    const files = await readdir(dir);
    expect(files.length).toBe(1);
    const mail = await simpleParser(await readFile(join(dir, files[0]!)));
    expect(mail.subject).toBe('Bernard PRINCIPALA : Sans serveur');
    outbox.close();
  });
});
