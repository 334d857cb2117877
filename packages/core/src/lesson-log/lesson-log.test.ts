import { describe, expect, it } from 'vitest';
import {
  byDueDate,
  isHttpUrl,
  LESSON_LIMITS,
  lessonEntryInputSchema,
  lessonLinkSchema,
  nextClassDay,
  resolveLessonLogSettings,
  schoolCalendar,
  workloadFigures,
} from '../index.js';

const entry = (over: Record<string, unknown> = {}) => ({
  classId: 'c1',
  subjectId: 's1',
  date: '2026-11-16',
  title: 'Les fractions',
  ...over,
});
const work = (over: Record<string, unknown> = {}) => ({
  type: 'exercices',
  title: 'Exercices 3 et 4 p. 52',
  dueOn: '2026-11-18',
  estimatedMinutes: 20,
  ...over,
});
const issues = (input: unknown) => {
  const r = lessonEntryInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('cahier de textes requests', () => {
  it('accepts an entry and fills the defaults', () => {
    const r = lessonEntryInputSchema.parse(entry({ work: [work()] }));
    expect(r).toMatchObject({ contentHtml: '', links: [], attachmentIds: [], work: [{ attachmentIds: [] }] });
  });

  it('refuses impossible dates and work due before it is given or more than a year later', () => {
    expect(issues(entry({ date: '2026-02-30' }))).toEqual([expect.stringMatching(/^date: /)]);
    expect(issues(entry({ date: '2027-02-29' }))).toHaveLength(1);
    expect(issues(entry({ date: '2028-02-29' }))).toEqual([]);
    expect(issues(entry({ work: [work({ dueOn: '2026-11-15' })] }))).toEqual([
      'work.0.dueOn: à rendre avant d’avoir été donné',
    ]);
    expect(issues(entry({ work: [work({ givenOn: '2026-11-20', dueOn: '2026-11-19' })] }))).toHaveLength(1);
    expect(issues(entry({ work: [work({ dueOn: '2027-11-18' })] }))).toEqual([
      'work.0.dueOn: échéance à plus d’un an',
    ]);
  });

  it('refuses duplicates: the same work twice, the same file twice', () => {
    expect(issues(entry({ work: [work({ id: 'w1' }), work({ id: 'w1' })] }))).toEqual([
      'work.1.id: travail en double',
    ]);
    expect(issues(entry({ attachmentIds: ['f1', 'f1'] }))).toEqual(['attachmentIds.1: fichier en double']);
  });

  it('bounds every text and list', () => {
    const long = 'x'.repeat(LESSON_LIMITS.contentHtml + 1);
    expect(issues(entry({ contentHtml: long }))).toEqual([expect.stringMatching(/^contentHtml: /)]);
    expect(issues(entry({ title: 't'.repeat(LESSON_LIMITS.title + 1) }))).toHaveLength(1);
    expect(issues(entry({ title: '   ' }))).toEqual(['title: titre requis']);
    expect(issues(entry({ title: 'a\u0000b' }))).toHaveLength(1);
    expect(
      issues(entry({ work: Array.from({ length: LESSON_LIMITS.work + 1 }, () => work()) })),
    ).toHaveLength(1);
    expect(issues(entry({ work: [work({ estimatedMinutes: 601 })] }))).toHaveLength(1);
    expect(issues(entry({ work: [work({ estimatedMinutes: 1.5 })] }))).toHaveLength(1);
    expect(issues(entry({ unknown: 1 }))).toHaveLength(1);
  });

  it('keeps http and https links only', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'ftp://example.org/a',
      'vbscript:msgbox',
      '//example.org/relative',
      '/relative',
      'http://',
    ]) {
      expect(isHttpUrl(bad), bad).toBe(false);
      expect(lessonLinkSchema.safeParse({ url: bad }).success, bad).toBe(false);
    }
    expect(lessonLinkSchema.parse({ url: ' https://www.lumni.fr/college/4eme ' })).toEqual({
      url: 'https://www.lumni.fr/college/4eme',
      label: '',
    });
    expect(lessonLinkSchema.parse({ url: 'HTTP://Example.org' }).url).toBe('http://example.org/');
  });

  it('reads the établissement settings with defaults for what is missing or wrong', () => {
    expect(resolveLessonLogSettings(undefined)).toEqual({
      dailyWorkloadLimitMinutes: 90,
      weeklyWorkloadLimitMinutes: 360,
    });
    expect(resolveLessonLogSettings({ dailyWorkloadLimitMinutes: 60 }).dailyWorkloadLimitMinutes).toBe(60);
    expect(resolveLessonLogSettings({ dailyWorkloadLimitMinutes: -3 }).dailyWorkloadLimitMinutes).toBe(90);
  });
});

describe('workload of a class', () => {
  const limits = { dailyWorkloadLimitMinutes: 60, weeklyWorkloadLimitMinutes: 100 };

  it('sums whole-class work per day and per week, and flags what is above the limits', () => {
    const f = workloadFigures(
      [
        { dueOn: '2026-11-17', estimatedMinutes: 30, audience: null },
        { dueOn: '2026-11-17', estimatedMinutes: 40, audience: null },
        { dueOn: '2026-11-19', estimatedMinutes: 20, audience: null },
        { dueOn: '2026-11-24', estimatedMinutes: 500, audience: null }, // next week
      ],
      { day: '2026-11-18', students: 25, limits },
    );
    expect(f.weekStart).toBe('2026-11-16');
    expect(f.days.map((d) => d.minutes)).toEqual([0, 70, 0, 20, 0, 0, 0]);
    expect(f.days[1]).toMatchObject({ count: 2, overLimit: true });
    expect(f.weekMinutes).toBe(90);
    expect(f).toMatchObject({ weekOverLimit: false, overLimit: true });
  });

  it('counts group work for the students in the group only: the most loaded student sets the figure', () => {
    const f = workloadFigures(
      [
        { dueOn: '2026-11-17', estimatedMinutes: 30, audience: null },
        { dueOn: '2026-11-17', estimatedMinutes: 25, audience: [0, 1] }, // Espagnol group
        { dueOn: '2026-11-17', estimatedMinutes: 20, audience: [2, 3] }, // Allemand group
        { dueOn: '2026-11-18', estimatedMinutes: 50, audience: [2] },
      ],
      { day: '2026-11-17', students: 4, limits },
    );
    expect(f.days[1]!.minutes).toBe(55);
    expect(f.days[1]!.overLimit).toBe(false);
    // Over the week, student 2 has 30 + 20 + 50.
    expect(f.weekMinutes).toBe(100);
    expect(f.overLimit).toBe(false);
  });
});

describe('pour demain', () => {
  const calendar = schoolCalendar(2026);
  it('is the next class day: Monday after a Friday, the day back after the holidays', () => {
    expect(nextClassDay('2026-11-16', calendar)).toBe('2026-11-17');
    expect(nextClassDay('2026-11-20', calendar)).toBe('2026-11-23');
    expect(nextClassDay('2026-11-21', calendar)).toBe('2026-11-23');
    // Armistice (Wednesday 11 November 2026) is a day off.
    expect(nextClassDay('2026-11-10', calendar)).toBe('2026-11-12');
    const christmas = calendar.holidays[1]!;
    expect(nextClassDay(christmas.from)).toBe('2027-01-04');
    expect(nextClassDay(calendar.lastClassDay, calendar)).toBe(schoolCalendar(2027).firstClassDay);
  });

  it('groups work by due date in order', () => {
    expect(
      byDueDate([
        { dueOn: '2026-11-19', t: 'a' },
        { dueOn: '2026-11-17', t: 'b' },
        { dueOn: '2026-11-19', t: 'c' },
      ]).map((g) => [g.date, g.items.map((i) => i.t).join('')]),
    ).toEqual([
      ['2026-11-17', 'b'],
      ['2026-11-19', 'ac'],
    ]);
  });
});
