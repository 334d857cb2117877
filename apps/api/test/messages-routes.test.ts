import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import { folderIds, group, person, send } from './support/messages.js';
import { samplePng } from './support/samples.js';

const MINUTE = 60_000;

describe(`messaging API (${testEngine})`, () => {
  let t: TestApp;
  let a: TestApp['fixture']['schools']['a'];
  let parent: TestClient;
  let teacher: TestClient;
  let principal: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
  });
  afterAll(() => t.close());
  // Fresh sessions for each test: some move the clock by hours.
  beforeEach(async () => {
    [parent, teacher, principal] = await Promise.all([
      t.as(a.guardians.s1a),
      t.as(a.teachers.maths),
      t.as(a.principal),
    ]);
  });

  it('a parent writes to the teacher, who reads and answers in the same thread; receipts follow', async () => {
    const draft = await parent.post('/api/v1/messages/drafts', {
      json: { clientKey: 'cle-brouillon-001', subject: 'Sortie au musée', to: [person(a.teachers.maths.id)] },
    });
    expect(draft.status).toBe(201);
    const { id } = await draft.json();
    // A retried creation finds the same draft; autosave twice leaves the same draft.
    const again = await parent.post('/api/v1/messages/drafts', {
      json: { clientKey: 'cle-brouillon-001', subject: 'Sortie au musée' },
    });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(id);
    const content = {
      subject: 'Sortie au musée',
      body: '<p>Camille peut-elle venir <b>sans</b> autorisation signée ?</p>',
      to: [person(a.teachers.maths.id)],
    };
    const first = await (await parent.put(`/api/v1/messages/drafts/${id}`, { json: content })).json();
    const second = await (await parent.put(`/api/v1/messages/drafts/${id}`, { json: content })).json();
    expect({ ...second, version: 0, savedAt: '' }).toEqual({ ...first, version: 0, savedAt: '' });
    expect(await folderIds(parent, 'drafts')).toContain(id);

    const sent = await (await parent.post(`/api/v1/messages/drafts/${id}/send`, { json: {} })).json();
    expect(sent.delivered).toBe(true);
    expect(sent.message.receipts).toEqual({ read: 0, total: 1 });
    expect(await folderIds(parent, 'sent')).toContain(id);
    expect(await folderIds(parent, 'drafts')).not.toContain(id);

    const box = await (await teacher.get('/api/v1/messages/mailbox')).json();
    expect(box.unread).toBe(1);
    const inbox = await (await teacher.get('/api/v1/messages?folder=inbox')).json();
    expect(inbox.items[0]).toMatchObject({ id, read: false, subject: 'Sortie au musée', folder: 'inbox' });
    expect(inbox.items[0].excerpt).toBe('Camille peut-elle venir sans autorisation signée ?');
    const opened = await (await teacher.get(`/api/v1/messages/items/${id}`)).json();
    expect(opened.bodyHtml).toBe('<p>Camille peut-elle venir <b>sans</b> autorisation signée ?</p>');
    expect(opened.canReply).toBe(true);
    expect(opened.from).toEqual({ id: a.guardians.s1a.id, name: 'Sophie ÉLÈVEA1', profile: 'guardian' });
    expect((await teacher.post('/api/v1/messages/mark', { json: { ids: [id], read: true } })).status).toBe(
      200,
    );
    expect((await (await teacher.get('/api/v1/messages/mailbox')).json()).unread).toBe(0);

    const receipts = await (await parent.get(`/api/v1/messages/items/${id}/receipts`)).json();
    expect(receipts).toMatchObject({ read: 1, total: 1 });
    expect(receipts.recipients[0].readAt).toBe(t.clock.now().toISOString());
    // Marking unread again is the teacher's own business: the receipt stays.
    await teacher.post('/api/v1/messages/mark', { json: { ids: [id], read: false } });
    expect((await (await parent.get(`/api/v1/messages/items/${id}/receipts`)).json()).read).toBe(1);
    expect((await teacher.get(`/api/v1/messages/items/${id}/receipts`)).status).toBe(404);

    t.clock.advance(MINUTE);
    const reply = await (
      await teacher.post('/api/v1/messages/drafts', {
        json: { replyTo: id, body: '<p>Non, il la faut.</p>' },
      })
    ).json();
    expect(reply.subject).toBe('RE : Sortie au musée');
    await teacher.post(`/api/v1/messages/drafts/${reply.id}/send`, { json: {} });
    const thread = await (await parent.get(`/api/v1/messages/threads/${reply.threadId}`)).json();
    expect(thread.messages.map((m: { id: string }) => m.id)).toEqual([id, reply.id]);
    expect(thread.messages[1].from.id).toBe(a.teachers.maths.id);
  });

  it('never shows bcc to other recipients, nor a group’s members', async () => {
    const { id } = await send(principal, {
      to: [group(`class_parents:${a.classes.c4a}`)],
      cc: [person(a.teachers.maths.id)],
      bcc: [person(a.cpe.id)],
      subject: 'Conseil de classe',
    });
    const asParent = await (await parent.get(`/api/v1/messages/items/${id}`)).json();
    expect(asParent.addressees).toEqual([
      {
        kind: 'group',
        id: `class_parents:${a.classes.c4a}`,
        label: 'Parents d’élèves de 4e A',
        field: 'to',
        memberCount: null,
      },
      { kind: 'user', id: a.teachers.maths.id, label: 'Hélène MATHSA', field: 'cc', memberCount: null },
    ]);
    expect(asParent.viewerInBcc).toBe(false);
    const cpe = await t.as(a.cpe);
    const asCpe = await (await cpe.get(`/api/v1/messages/items/${id}`)).json();
    expect(asCpe.viewerInBcc).toBe(true);
    expect(asCpe.addressees.some((x: { field: string }) => x.field === 'bcc')).toBe(false);
    const asSender = await (await principal.get(`/api/v1/messages/items/${id}`)).json();
    expect(
      asSender.addressees.map((x: { field: string; memberCount: number | null }) => [x.field, x.memberCount]),
    ).toEqual([
      ['to', 4],
      ['cc', null],
      ['bcc', null],
    ]);
    expect(asSender.receipts).toEqual({ read: 0, total: 6 });
    // One message row and one addressee row for the class, whatever its size.
    const [rows] = await t.db.query<{ addressees: number; entries: number }>(
      `SELECT (SELECT count(*)::int FROM message_addressees WHERE message_id = $1) AS addressees,
              (SELECT count(*)::int FROM mailbox_entries WHERE message_id = $1) AS entries`,
      [id],
    );
    expect(rows).toEqual({ addressees: 3, entries: 7 });
  });

  it('recalls a message read by nobody within the delay, and not otherwise', async () => {
    const { id } = await send(teacher, {
      to: [group(`class_parents:${a.classes.c4a}`)],
      subject: 'Erreur de date',
    });
    expect(await folderIds(parent, 'inbox')).toContain(id);
    const opened = await (await teacher.get(`/api/v1/messages/items/${id}`)).json();
    expect(opened.recallableUntil).toBe(new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString());
    t.clock.advance(30 * MINUTE);
    const recalled = await teacher.post(`/api/v1/messages/items/${id}/recall`);
    expect(recalled.status).toBe(200);
    expect((await recalled.json()).subject).toBe('Erreur de date');
    expect(await folderIds(parent, 'inbox')).not.toContain(id);
    expect((await parent.get(`/api/v1/messages/items/${id}`)).status).toBe(404);
    expect(await folderIds(teacher, 'drafts')).toContain(id);

    // Sent again: once a parent has opened it, it stays.
    await teacher.post(`/api/v1/messages/drafts/${id}/send`, { json: {} });
    await parent.post('/api/v1/messages/mark', { json: { ids: [id], read: true } });
    const late = await teacher.post(`/api/v1/messages/items/${id}/recall`);
    expect(late.status).toBe(409);
    expect((await problemOf(late)).detail).toMatch(/déjà été lu/);
    expect(await folderIds(parent, 'inbox')).toContain(id);

    const { id: other } = await send(teacher, { to: [person(a.guardians.s2a.id)], subject: 'Trop tard' });
    t.clock.advance(61 * MINUTE);
    const expired = await teacher.post(`/api/v1/messages/items/${other}/recall`);
    expect(expired.status).toBe(409);
    expect((await problemOf(expired)).detail).toMatch(/délai de rappel \(60 min\)/);
  });

  it('lets a parent recall too, under their child’s établissement’s delay (a parent has none of their own)', async () => {
    const { id } = await send(parent, { to: [person(a.teachers.maths.id)], subject: 'Envoyé trop vite' });
    const opened = await (await parent.get(`/api/v1/messages/items/${id}`)).json();
    expect(opened.recallableUntil).toBe(new Date(t.clock.now().getTime() + 60 * MINUTE).toISOString());
    const box = await (await parent.get('/api/v1/messages/mailbox')).json();
    expect(box).toMatchObject({ recallMinutes: 60, now: t.clock.now().toISOString() });
    expect((await parent.post(`/api/v1/messages/items/${id}/recall`)).status).toBe(200);
    expect(await folderIds(teacher, 'inbox')).not.toContain(id);
  });

  it('refuses replies to a no-reply message', async () => {
    const { id } = await send(principal, {
      to: [person(a.guardians.s1a.id)],
      subject: 'Calendrier',
      noReply: true,
    });
    const view = await (await parent.get(`/api/v1/messages/items/${id}`)).json();
    expect(view).toMatchObject({ noReply: true, canReply: false, canReplyAll: false });
    const reply = await parent.post('/api/v1/messages/drafts', { json: { replyTo: id } });
    expect(reply.status).toBe(403);
  });

  it('holds a deferred message until its time, and delivers it then', async () => {
    const { runMessageJobs } = await import('../src/messages/worker.js');
    const { createMailer } = await import('../src/messages/mailer.js');
    const at = new Date(t.clock.now().getTime() + 2 * 3600_000).toISOString();
    const { id, result } = await send(teacher, {
      to: [person(a.guardians.s2b.id)],
      subject: 'Demain',
      sendAt: at,
    });
    expect(result.delivered).toBe(false);
    expect(result.message).toMatchObject({ state: 'scheduled', folder: 'scheduled', at });
    const other = await t.as(a.guardians.s2b);
    expect(await folderIds(other, 'inbox')).not.toContain(id);
    const jobs = {
      db: t.db,
      live: t.live,
      clock: t.clock.now,
      publicOrigin: t.config.publicOrigin,
      mailer: createMailer({ dataDir: t.config.dataDir }),
    };
    expect((await runMessageJobs(jobs)).delivered).toBe(0);
    t.clock.advance(2 * 3600_000);
    expect((await runMessageJobs(jobs)).delivered).toBe(1);
    const [later1, teacherLater] = await Promise.all([t.as(a.guardians.s2b), t.as(a.teachers.maths)]);
    expect(await folderIds(later1, 'inbox')).toContain(id);
    expect(await folderIds(teacherLater, 'sent')).toContain(id);
    teacher = teacherLater;
    // A deferred message can be taken back before its time: it returns to the drafts.
    const later = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const { id: again } = await send(teacher, {
      to: [person(a.guardians.s2b.id)],
      subject: 'Plus tard',
      sendAt: later,
    });
    expect((await teacher.post(`/api/v1/messages/items/${again}/recall`)).status).toBe(200);
    expect(await folderIds(teacher, 'drafts')).toContain(again);
  });

  it('lets only the direction mark a message urgent', async () => {
    const draft = await teacher.post('/api/v1/messages/drafts', {
      json: { subject: 'Alerte', to: [person(a.cpe.id)], urgent: true },
    });
    expect(draft.status).toBe(400);
    expect((await problemOf(draft)).errors).toEqual([
      { field: 'body.urgent', message: 'Seule la direction peut marquer un message comme urgent.' },
    ]);
    const { id } = await send(principal, {
      to: [person(a.cpe.id)],
      subject: 'Alerte intrusion',
      urgent: true,
    });
    const cpe = await t.as(a.cpe);
    expect((await (await cpe.get(`/api/v1/messages/items/${id}`)).json()).urgent).toBe(true);
  });

  it('a refused send keeps the draft as it was saved', async () => {
    const created = await (
      await parent.post('/api/v1/messages/drafts', {
        json: { subject: 'Brouillon important', body: '<p>Long texte</p>' },
      })
    ).json();
    const noOne = await parent.post(`/api/v1/messages/drafts/${created.id}/send`, { json: {} });
    expect(noOne.status).toBe(400);
    expect((await problemOf(noOne)).errors?.[0]?.field).toBe('body.to');
    const outOfReach = await parent.post(`/api/v1/messages/drafts/${created.id}/send`, {
      json: {
        draft: {
          subject: 'Brouillon important',
          body: '<p>Long texte</p>',
          to: [person(a.teachers.francais.id)],
        },
      },
    });
    expect(outOfReach.status).toBe(404);
    const kept = await (await parent.get(`/api/v1/messages/drafts/${created.id}`)).json();
    expect(kept).toMatchObject({ subject: 'Brouillon important', bodyHtml: '<p>Long texte</p>', to: [] });
    const past = await parent.post(`/api/v1/messages/drafts/${created.id}/send`, {
      json: {
        draft: {
          subject: 'Brouillon important',
          to: [person(a.teachers.maths.id)],
          sendAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
        },
      },
    });
    expect(past.status).toBe(400);
    expect((await problemOf(past)).errors?.[0]?.field).toBe('body.sendAt');
    expect(await folderIds(parent, 'drafts')).toContain(created.id);
  });

  it('searches in French, without regard to accents, only in one’s own mailbox', async () => {
    const { id } = await send(principal, {
      to: [person(a.guardians.s1a.id)],
      subject: 'Réunion parents-professeurs',
      body: '<p>Les élèves de 4e présenteront leurs exposés.</p>',
    });
    const { id: unrelated } = await send(principal, {
      to: [person(a.guardians.s2a.id)],
      subject: 'Réunion du CA',
    });
    for (const q of ['reunion', 'RÉUNION', 'professeur', 'eleve', 'exposé', '"parents-professeurs"']) {
      const found = await folderIds(parent, 'inbox', `&q=${encodeURIComponent(q)}`);
      expect(found, q).toContain(id);
      expect(found, q).not.toContain(unrelated);
    }
    expect(await folderIds(parent, 'inbox', `&q=${encodeURIComponent('reunion -exposes')}`)).not.toContain(
      id,
    );
    // Without a folder: everywhere but the trash.
    const everywhere = await (await parent.get('/api/v1/messages?q=reunion')).json();
    expect(everywhere.items.map((m: { id: string }) => m.id)).toContain(id);
  });

  it('pages a folder newest first with a cursor', async () => {
    const other = await t.as(a.guardians.s3a);
    const sentIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(MINUTE);
      sentIds.push((await send(principal, { to: [person(a.guardians.s3a.id)], subject: `Page ${i}` })).id);
    }
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5 && cursor !== null; page++) {
      const res = await (
        await other.get(`/api/v1/messages?folder=inbox&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...res.items.map((m: { id: string }) => m.id));
      cursor = res.nextCursor;
    }
    expect(seen.slice(0, 5)).toEqual([...sentIds].reverse());
    const bad = await other.get('/api/v1/messages?cursor=pas-un-curseur');
    expect((await problemOf(bad)).errors?.[0]?.field).toBe('query.cursor');
  });

  it('files messages in personal folders and the trash', async () => {
    const { id } = await send(principal, { to: [person(a.guardians.s1a.id)], subject: 'À classer' });
    const folder = await (
      await parent.post('/api/v1/messages/folders', { json: { name: 'Sorties' } })
    ).json();
    expect((await parent.post('/api/v1/messages/folders', { json: { name: 'sorties' } })).status).toBe(400);
    await parent.post('/api/v1/messages/move', { json: { ids: [id], folder: folder.id } });
    expect(await folderIds(parent, folder.id)).toEqual([id]);
    expect(await folderIds(parent, 'inbox')).not.toContain(id);
    const box = await (await parent.get('/api/v1/messages/mailbox')).json();
    expect(box.folders.find((f: { id: string }) => f.id === folder.id)).toMatchObject({
      name: 'Sorties',
      total: 1,
      unread: 1,
    });
    await parent.delete(`/api/v1/messages/folders/${folder.id}`);
    expect(await folderIds(parent, 'inbox')).toContain(id);

    const notTrashed = await parent.post('/api/v1/messages/purge', { json: { ids: [id] } });
    expect((await problemOf(notTrashed)).errors?.[0]?.field).toBe('body.ids');
    await parent.post('/api/v1/messages/move', { json: { ids: [id], folder: 'trash' } });
    expect(await folderIds(parent, 'trash')).toContain(id);
    expect((await parent.post('/api/v1/messages/purge', { json: { ids: [id] } })).status).toBe(200);
    expect((await parent.get(`/api/v1/messages/items/${id}`)).status).toBe(404);
    // Still the sender's: a recipient's deletion is their own.
    expect((await principal.get(`/api/v1/messages/items/${id}`)).status).toBe(200);
    // Someone else's message cannot be moved: the same 404 as an unknown one.
    const stranger = await t.as(a.guardians.s2a);
    expect(
      (await stranger.post('/api/v1/messages/move', { json: { ids: [id], folder: 'trash' } })).status,
    ).toBe(404);
  });

  it('carries attachments checked by content, readable by the recipients only', async () => {
    const form = new FormData();
    form.set('kind', 'message');
    form.set('file', new Blob([Buffer.from(samplePng())]), 'plan.png');
    const upload = await parent.post('/api/v1/files', { body: form });
    expect(upload.status).toBe(201);
    const file = await upload.json();
    const { id } = await send(parent, {
      to: [person(a.teachers.maths.id)],
      subject: 'Plan d’accès',
      attachmentIds: [file.id],
    });
    const view = await (await teacher.get(`/api/v1/messages/items/${id}`)).json();
    expect(view.attachments).toEqual([
      { id: file.id, name: 'plan.png', mediaType: 'image/png', size: file.size },
    ]);
    expect((await teacher.get(`/api/v1/files/${file.id}`)).status).toBe(200);
    expect((await (await t.as(a.teachers.francais)).get(`/api/v1/files/${file.id}`)).status).toBe(404);
    // Someone else's upload cannot be attached.
    const draft = await teacher.post('/api/v1/messages/drafts', {
      json: { subject: 'x', to: [person(a.cpe.id)], attachmentIds: [file.id] },
    });
    expect((await problemOf(draft)).errors?.[0]?.field).toBe('body.attachmentIds.0');
  });

  it('reports a message to the direction of its établissement', async () => {
    const { id } = await send(teacher, { to: [person(a.guardians.s1a.id)], subject: 'Remarque' });
    const reported = await parent.post(`/api/v1/messages/items/${id}/report`, {
      json: { reason: 'Ton insultant.' },
    });
    expect(reported.status).toBe(201);
    const report = await reported.json();
    expect(
      (await parent.post(`/api/v1/messages/items/${id}/report`, { json: { reason: 'Encore.' } })).status,
    ).toBe(409);
    // Reporting counts as opening: the message cannot be recalled any more.
    expect((await teacher.post(`/api/v1/messages/items/${id}/recall`)).status).toBe(409);
    const list = await (await principal.get(`/api/v1/messages/reports?uai=${a.uai}&state=open`)).json();
    expect(list.map((r: { id: string }) => r.id)).toContain(report.id);
    const detail = await (await principal.get(`/api/v1/messages/reports/${report.id}`)).json();
    expect(detail.thread.messages.map((m: { id: string }) => m.id)).toEqual([id]);
    expect(detail.report).toMatchObject({ reason: 'Ton insultant.', sender: { id: a.teachers.maths.id } });
    const closed = await principal.patch(`/api/v1/messages/reports/${report.id}`, {
      json: { state: 'closed', note: 'Entretien avec l’enseignant.' },
    });
    expect(await closed.json()).toMatchObject({ state: 'closed', note: 'Entretien avec l’enseignant.' });
    const otherPrincipal = await t.as(t.fixture.schools.c.principal);
    expect((await otherPrincipal.get(`/api/v1/messages/reports/${report.id}`)).status).toBe(404);
    expect((await teacher.get(`/api/v1/messages/reports/${report.id}`)).status).toBe(403);
  });

  it('answers another établissement’s messages with the same 404 as unknown ones', async () => {
    const { id } = await send(teacher, { to: [person(a.guardians.s1a.id)], subject: 'Privé' });
    const outsider = await t.as(t.fixture.schools.c.principal);
    const theirs = await outsider.get(`/api/v1/messages/items/${id}`);
    const unknown = await outsider.get('/api/v1/messages/items/msg_inexistant');
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).toBe(await unknown.text());
  });

  it('names each bad field, and writes nothing', async () => {
    const count = async () =>
      (
        await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE sender_id = $1', [
          a.guardians.s1a.id,
        ])
      )[0]!.n;
    const before = await count();
    const fields = async (res: Response) => {
      expect(res.status).toBe(400);
      return ((await problemOf(res)).errors ?? []).map((e) => e.field);
    };
    const malformed = await parent.post('/api/v1/messages/drafts', {
      body: '{"subject": "x",',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await fields(malformed)).toEqual(['body']);
    expect(
      await fields(
        await parent.post('/api/v1/messages/drafts', {
          json: {
            subject: 'x'.repeat(201),
            to: 'cpe',
            cc: [{ kind: 'robot', id: 'x' }],
            sendAt: 'demain',
            noReply: 'oui',
          },
        }),
      ),
    ).toEqual(['body.subject', 'body.to', 'body.cc.0.kind', 'body.noReply', 'body.sendAt']);
    expect(await count()).toBe(before);
    expect((await parent.put('/api/v1/messages/drafts/msg_inconnu', { json: {} })).status).toBe(404);
    expect(
      await fields(await parent.post('/api/v1/messages/mark', { json: { ids: [], read: 'oui' } })),
    ).toEqual(['body.ids', 'body.read']);
    expect(
      await fields(
        await parent.put('/api/v1/messages/preferences', {
          json: { email: 'pas-une-adresse', notify: 'parfois' },
        }),
      ),
    ).toEqual(['body.email', 'body.notify']);
    expect(await fields(await parent.get('/api/v1/messages?limit=0'))).toEqual(['query.limit']);
    expect(await fields(await parent.post('/api/v1/messages/folders', { json: { name: '   ' } }))).toEqual([
      'body.name',
    ]);
    expect(
      await fields(await parent.post('/api/v1/messages/move', { json: { ids: ['x'], folder: 'sent' } })),
    ).toEqual(['body.folder']);
    const settings = await principal.put(`/api/v1/messages/etablissements/${a.uai}/settings`, {
      json: { recallMinutes: 30, digestTime: '25:00', rules: {}, attachmentQuotaMb: 10, extra: true },
    });
    expect(await fields(settings)).toEqual(
      expect.arrayContaining(['body.digestTime', 'body.rules.teacher', 'body']),
    );
  });
});
