import { DEFAULT_MESSAGING_SETTINGS } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import type { TestClient } from './support/client.js';
import { testEngine } from './support/db.js';

interface Recipients {
  people: { id: string; name: string; detail: string }[];
  groups: { id: string; label: string; memberCount: number }[];
}

describe(`messaging: who may write to whom (${testEngine})`, () => {
  let t: TestApp;
  let a: TestApp['fixture']['schools']['a'];
  let c: TestApp['fixture']['schools']['c'];

  const recipients = async (client: TestClient, q = ''): Promise<Recipients> => {
    const res = await client.get(`/api/v1/messages/recipients?q=${encodeURIComponent(q)}&limit=50`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const ids = (r: Recipients) => r.people.map((p) => p.id).sort();
  const newDraft = (client: TestClient, to: { kind: string; id: string }[]) =>
    client.post('/api/v1/messages/drafts', { json: { subject: 'Question', body: '<p>Bonjour</p>', to } });
  const setRules = async (patch: (s: typeof DEFAULT_MESSAGING_SETTINGS) => void) => {
    const settings = structuredClone(DEFAULT_MESSAGING_SETTINGS);
    patch(settings);
    const res = await (await t.as(a.principal)).put(`/api/v1/messages/etablissements/${a.uai}/settings`, {
      json: settings,
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    c = t.fixture.schools.c;
  });
  afterAll(() => t.close());

  it('a parent reaches their child’s teachers, the vie scolaire and the direction, nobody else', async () => {
    const parent = await t.as(a.guardians.s1a);
    const r = await recipients(parent);
    expect(ids(r)).toEqual([a.cpe.id, a.principal.id, a.teachers.maths.id].sort());
    expect(r.people.find((p) => p.id === a.teachers.maths.id)?.detail).toBe(
      'Professeur principal — Mathématiques',
    );
    expect(r.groups.map((g) => g.id).sort()).toEqual(
      [`class_teachers:${a.classes.c4a}`, `direction:${a.uai}`, `vie_scolaire:${a.uai}`].sort(),
    );
    // The teacher of another class, another parent, a student: out of reach, like someone who does not exist.
    const outside = [a.teachers.francais.id, a.guardians.s2a.id, a.students.s2.id, c.teachers.maths.id];
    const answers = await Promise.all(
      [...outside, 'nobody_at_all'].map(async (id) => {
        const res = await newDraft(parent, [{ kind: 'user', id }]);
        return `${res.status} ${await res.text()}`;
      }),
    );
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^404 /);
    expect((await newDraft(parent, [{ kind: 'user', id: a.teachers.maths.id }])).status).toBe(201);
    // Never the whole school, not even as a group.
    expect((await newDraft(parent, [{ kind: 'group', id: `all_parents:${a.uai}` }])).status).toBe(404);
    expect((await newDraft(parent, [{ kind: 'group', id: `class_parents:${a.classes.c4a}` }])).status).toBe(
      404,
    );
  });

  it('finds names without regard to accents or case', async () => {
    const parent = await t.as(a.guardians.s1a);
    expect(ids(await recipients(parent, 'HELENE'))).toEqual([a.teachers.maths.id]);
    expect(ids(await recipients(parent, 'hélène maths'))).toEqual([a.teachers.maths.id]);
    expect(ids(await recipients(parent, 'julien'))).toEqual([]); // the French teacher of 3e B: out of reach
    expect((await recipients(parent, 'vie')).groups.map((g) => g.id)).toEqual([`vie_scolaire:${a.uai}`]);
    // LIKE wildcards typed by a person are plain characters.
    expect(ids(await recipients(parent, '%'))).toEqual([]);
  });

  it('a student reaches their teachers, the vie scolaire and their classmates; the direction decides the rest', async () => {
    const student = await t.as(a.students.s1);
    expect(ids(await recipients(student))).toEqual([a.cpe.id, a.students.s2.id, a.teachers.maths.id].sort());
    await setRules((s) => {
      s.rules.student.classmates = false;
      s.rules.student.direction = true;
    });
    try {
      expect(ids(await recipients(student))).toEqual([a.cpe.id, a.principal.id, a.teachers.maths.id].sort());
      expect((await newDraft(student, [{ kind: 'user', id: a.students.s2.id }])).status).toBe(404);
      expect(
        (await newDraft(student, [{ kind: 'group', id: `class_students:${a.classes.c4a}` }])).status,
      ).toBe(404);
    } finally {
      await setRules(() => {});
    }
    expect((await newDraft(student, [{ kind: 'user', id: a.students.s2.id }])).status).toBe(201);
  });

  it('teachers and staff reach everyone of their établissement, never another one', async () => {
    const teacher = await t.as(a.teachers.francais);
    const reach = ids(await recipients(teacher));
    for (const u of [a.students.s1, a.students.s3, a.guardians.s3b, a.teachers.maths, a.cpe, a.principal]) {
      expect(reach).toContain(u.id);
    }
    expect(reach).not.toContain(a.teachers.francais.id);
    expect(reach.some((id) => id.startsWith('c_') || id.startsWith('b_'))).toBe(false);
    const groups = (await recipients(teacher)).groups.map((g) => g.id);
    // Their own class's groups, the school's staff groups; whole-school family broadcasts are the direction's.
    expect(groups).toContain(`class_parents:${a.classes.c3b}`);
    expect(groups).not.toContain(`class_parents:${a.classes.c4a}`);
    expect(groups).not.toContain(`all_parents:${a.uai}`);
    const principal = await t.as(a.principal);
    const theirs = (await recipients(principal)).groups;
    expect(theirs.find((g) => g.id === `all_parents:${a.uai}`)?.memberCount).toBe(6);
    expect(theirs.find((g) => g.id === `class_parents:${a.classes.c4a}`)?.memberCount).toBe(4);
    expect((await newDraft(teacher, [{ kind: 'user', id: c.guardians.s1a.id }])).status).toBe(404);
  });

  it('the direction may switch a profile off, and the server then refuses what the picker no longer offers', async () => {
    await setRules((s) => {
      s.rules.teacher.guardians = false;
    });
    try {
      const teacher = await t.as(a.teachers.maths);
      const r = await recipients(teacher);
      expect(ids(r)).not.toContain(a.guardians.s1a.id);
      expect(r.groups.map((g) => g.id)).not.toContain(`class_parents:${a.classes.c4a}`);
      expect((await newDraft(teacher, [{ kind: 'user', id: a.guardians.s1a.id }])).status).toBe(404);
    } finally {
      await setRules(() => {});
    }
  });

  it('a recipient may answer whoever wrote to them, even outside their own reach', async () => {
    const principal = await t.as(a.principal);
    const student = await t.as(a.students.s3);
    const draft = await (await newDraft(principal, [{ kind: 'user', id: a.students.s3.id }])).json();
    expect((await principal.post(`/api/v1/messages/drafts/${draft.id}/send`, { json: {} })).status).toBe(200);
    // The principal is outside a student's default reach…
    expect((await newDraft(student, [{ kind: 'user', id: a.principal.id }])).status).toBe(404);
    // …but a reply to the principal's message goes through.
    const reply = await student.post('/api/v1/messages/drafts', {
      json: { replyTo: draft.id, body: '<p>Merci, je viendrai.</p>' },
    });
    expect(reply.status).toBe(201);
    const replyDraft = await reply.json();
    expect(replyDraft.to.map((x: { id: string }) => x.id)).toEqual([a.principal.id]);
    expect(replyDraft.subject).toBe('RE : Question');
    expect((await student.post(`/api/v1/messages/drafts/${replyDraft.id}/send`, { json: {} })).status).toBe(
      200,
    );
  });

  it('only the direction edits the rules; a broken setting never opens more than the defaults', async () => {
    const teacher = await t.as(a.teachers.maths);
    expect(
      (
        await teacher.put(`/api/v1/messages/etablissements/${a.uai}/settings`, {
          json: DEFAULT_MESSAGING_SETTINGS,
        })
      ).status,
    ).toBe(403);
    const principal = await t.as(a.principal);
    const bad = await principal.put(`/api/v1/messages/etablissements/${a.uai}/settings`, {
      json: { ...DEFAULT_MESSAGING_SETTINGS, recallMinutes: -5 },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('body.recallMinutes');
    await t.db.query(
      `UPDATE etablissements SET settings = jsonb_set(settings, '{messages}', '{"rules": {"student": "yes"}}') WHERE uai = $1`,
      [a.uai],
    );
    const student = await t.as(a.students.s1);
    expect(ids(await recipients(student))).toEqual([a.cpe.id, a.students.s2.id, a.teachers.maths.id].sort());
    await setRules(() => {});
  });
});
