import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SampleCollege, sampleCollege } from '../src/imports/samples/college.js';
import { aafDeltaFiles, aafFullFiles, aafId } from '../src/imports/samples/files.js';
import { importDirectory } from '../src/imports/service.js';
import { parseXml, XmlRefused } from '../src/imports/xml.js';
import { buildTestApp, type TestApp } from './support/app.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('AAF feed: complete, then delta', () => {
  let t: TestApp;
  let college: SampleCollege;
  let uai: string;
  const userOf = async (id: string) =>
    (
      await t.db.query<{ id: string; disabled_at: Date | null }>(
        `SELECT u.id, u.disabled_at FROM external_ids x JOIN users u ON u.id = x.record_id
        WHERE x.source = 'aaf' AND x.scope = '20' AND x.kind = 'user' AND x.external_id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    t = await buildTestApp();
    uai = t.fixture.schools.c.uai;
    college = sampleCollege({
      uai,
      academie: '20',
      schoolYear: 2026,
      divisionsPerLevel: 2,
      studentsPerDivision: 5,
      seed: 'aaf',
    });
  });
  afterAll(() => t.close());

  it('a complete feed creates the collège and is idempotent', async () => {
    const files = aafFullFiles(college, '20261102');
    const preview = await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: false });
    expect(preview.mode).toBe('full');
    expect(preview.counts['create:student']).toBe(college.students.filter((s) => !s.leftOn).length);
    expect(preview.counts['create:staff']).toBe(college.staff.length);
    await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: true });
    const again = await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: true });
    expect(again.total).toBe(0);
  });

  it('a delta moves a student to another class and closes a teacher', async () => {
    const student = college.students.find((s) => s.division === '4A' && !s.leftOn)!;
    const teacher = college.staff.find((p) => p.fonction === 'ENS' && p.services.length > 0)!;
    const files = aafDeltaFiles(college, '20261109', {
      moveStudent: { eleveId: student.eleveId, to: '4B' },
      removeStaff: [teacher.id],
    });
    const plan = await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: true });
    expect(plan.mode).toBe('delta');
    expect(plan.counts).toEqual({ 'add:enrolment': 1, 'remove:enrolment': 1, 'close:staff': 1 });
    const s = (await userOf(aafId.student(student.eleveId)))!;
    const classes = await t.db.query<{ name: string }>(
      "SELECT c.name FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE e.student_id = $1 AND c.kind = 'classe'",
      [s.id],
    );
    expect(classes.map((c) => c.name)).toEqual(['4B']);
    const p = (await userOf(aafId.staff(teacher.id)))!;
    expect(p.disabled_at).not.toBeNull();
    expect(await t.db.query('SELECT 1 FROM teaching_assignments WHERE teacher_id = $1', [p.id])).toEqual([]);
    // Nobody else moved: the other students are where they were.
    const again = await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: false });
    expect(again.total).toBe(0);
  });

  it('a delta adds and removes groups and services value by value, leaving the others', async () => {
    const student = college.students.find((s) => s.division.startsWith('4') && s.groups.length && !s.leftOn)!;
    const [kept] = student.groups;
    const other = student.groups.includes('4LAT') ? '4ESP' : '4LAT';
    const teacher = college.staff.find(
      (p) => p.fonction === 'ENS' && p.services.length > 1 && !p.headOf.length,
    )!;
    const [dropped, ...stays] = teacher.services;
    const national = (code: string) => college.subjects.find((m) => m.code === code)!.national;
    const groupsOf = async () => {
      const s = (await userOf(aafId.student(student.eleveId)))!;
      const rows = await t.db.query<{ name: string; kind: string }>(
        'SELECT c.name, c.kind FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE e.student_id = $1 ORDER BY c.name',
        [s.id],
      );
      return rows.map((r) => (r.kind === 'classe' ? `classe ${r.name}` : r.name)).sort(byText);
    };
    const servicesOf = async () => {
      const p = (await userOf(aafId.staff(teacher.id)))!;
      const rows = await t.db.query<{ name: string; code: string }>(
        `SELECT c.name, s.code FROM teaching_assignments a JOIN classes c ON c.id = a.class_id
           JOIN subjects s ON s.id = a.subject_id WHERE a.teacher_id = $1 ORDER BY c.name, s.code`,
        [p.id],
      );
      return rows.map((r) => `${r.name}:${r.code}`).sort(byText);
    };
    const before = await groupsOf();
    expect(before).toContain(kept);
    expect(before).not.toContain(other);
    const servicesBefore = await servicesOf();
    const files = aafDeltaFiles(college, '20261116', {
      modifications: [
        {
          file: 'Eleve',
          id: aafId.student(student.eleveId),
          attr: 'ENTEleveGroupes',
          operation: 'add',
          values: [other],
        },
        {
          file: 'Eleve',
          id: aafId.student(student.eleveId),
          attr: 'ENTEleveGroupes',
          operation: 'delete',
          values: [kept!],
        },
        {
          file: 'PersEducNat',
          id: aafId.staff(teacher.id),
          attr: 'ENTAuxEnsClassesMatieres',
          operation: 'delete',
          values: [`${dropped!.structure}$${national(dropped!.subject)}`],
        },
        {
          file: 'PersEducNat',
          id: aafId.staff(teacher.id),
          attr: 'ENTAuxEnsGroupesMatieres',
          operation: 'add',
          values: [`${other}$${national(dropped!.subject)}`],
        },
      ],
    });
    const plan = await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: true });
    expect(plan.warnings).toEqual([]);
    expect(plan.counts).toEqual({
      'add:enrolment': 1,
      'remove:enrolment': 1,
      'add:service': 1,
      'remove:service': 1,
    });
    expect(await groupsOf()).toEqual([...before.filter((n) => n !== kept), other].sort(byText));
    expect(await servicesOf()).toEqual(
      [
        ...servicesBefore.filter((v) => v !== `${dropped!.structure}:${dropped!.subject}`),
        `${other}:${dropped!.subject}`,
      ].sort(byText),
    );
    expect(stays.length).toBeGreaterThan(0);
    // The same delta again changes nothing; a delete without values leaves every group (and no class).
    expect((await importDirectory(t.db, files, { uai, now: t.clock.now(), apply: false })).total).toBe(0);
    const leaveAll = aafDeltaFiles(college, '20261117', {
      modifications: [
        {
          file: 'Eleve',
          id: aafId.student(student.eleveId),
          attr: 'ENTEleveGroupes',
          operation: 'delete',
          values: [],
        },
      ],
    });
    await importDirectory(t.db, leaveAll, { uai, now: t.clock.now(), apply: true });
    expect(await groupsOf()).toEqual(before.filter((n) => n.startsWith('classe ')));
  });
});

describe('hostile XML', () => {
  it('refuses a DTD, so no billion laughs', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    expect(() => parseXml(new TextEncoder().encode(laughs))).toThrow(XmlRefused);
    expect(() => parseXml(new TextEncoder().encode(laughs))).toThrow(/DTD/);
  });
  it('refuses an external entity and an undeclared one', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(() => parseXml(xxe)).toThrow(XmlRefused);
    expect(() => parseXml('<a>&x;</a>')).toThrow(XmlRefused);
  });
  it('honours the declared encoding and refuses bytes that contradict it', () => {
    const latin9 = Uint8Array.from([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-15"?><a>'),
      0x43,
      0xbd,
      0x75,
      0x72,
      0xa4,
      ...new TextEncoder().encode('</a>'),
    ]);
    expect(parseXml(latin9).text).toBe('Cœur€');
    const badUtf8 = Uint8Array.from([
      ...new TextEncoder().encode('<a>'),
      0xe9,
      ...new TextEncoder().encode('</a>'),
    ]);
    expect(() => parseXml(badUtf8)).toThrow(/encodage|UTF-8|utf-8/);
  });
});
