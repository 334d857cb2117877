import { describe, expect, it } from 'vitest';
import {
  checkMarkValue,
  DEFAULT_GRADEBOOK_SETTINGS,
  domainLevel,
  evaluationInputSchema,
  formatMark,
  gradebookSettingsSchema,
  hasAtMostDecimals,
  isPublished,
  LSU_SCALE,
  markOn20,
  markValueSchema,
  parseMarkInput,
  SOCLE_DOMAIN_LABELS,
  SOCLE_DOMAINS,
} from './index.js';

describe('parseMarkInput', () => {
  const ok: [string, number, unknown][] = [
    ['12,5', 20, 12.5],
    ['12.5', 20, 12.5],
    [' 14 ', 20, 14],
    ['0', 20, 0],
    ['20', 20, 20],
    ['12,25', 20, 12.25],
    [',5', 20, 0.5],
    ['37,5', 40, 37.5],
    ['abs', 20, 'Abs'],
    ['ABS', 20, 'Abs'],
    ['Disp', 20, 'Disp'],
    ['nN', 20, 'NN'],
    ['', 20, null],
    ['   ', 20, null],
  ];
  for (const [text, outOf, value] of ok) {
    it(`"${text}" on /${outOf} → ${String(value)}`, () => {
      expect(parseMarkInput(text, outOf)).toEqual({ ok: true, value });
    });
  }

  const bad: [string, number, string, string][] = [
    ['23', 20, 'above-max', 'La note 23 dépasse le barème (20)'],
    ['10,5', 10, 'above-max', 'La note 10,5 dépasse le barème (10)'],
    ['-1', 20, 'negative', 'La note -1 est négative'],
    ['12,555', 20, 'too-many-decimals', 'La note 12,555 a plus de 2 décimales'],
    ['douze', 20, 'not-a-number', '« douze » n’est pas une note : tapez un nombre (12,5) ou abs, disp, nn'],
    ['12,5,3', 20, 'not-a-number', '« 12,5,3 » n’est pas une note : tapez un nombre (12,5) ou abs, disp, nn'],
    ['1e1', 20, 'not-a-number', '« 1e1 » n’est pas une note : tapez un nombre (12,5) ou abs, disp, nn'],
    ['absent', 20, 'not-a-number', '« absent » n’est pas une note : tapez un nombre (12,5) ou abs, disp, nn'],
  ];
  for (const [text, outOf, code, fr] of bad) {
    it(`"${text}" on /${outOf} is refused: ${fr}`, () => {
      const r = parseMarkInput(text, outOf);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message.fr).toBe(fr);
        expect(r.error.message.en.length).toBeGreaterThan(0);
      }
    });
  }
});

describe('mark values and schemas', () => {
  it('checks values received as JSON against the barème', () => {
    expect(checkMarkValue(12.5, 20)).toBeNull();
    expect(checkMarkValue('Abs', 20)).toBeNull();
    expect(checkMarkValue(null, 20)).toBeNull();
    expect(checkMarkValue(21, 20)?.message.fr).toBe('La note 21 dépasse le barème (20)');
    expect(checkMarkValue('abs' as never, 20)?.code).toBe('not-a-number');
  });

  it('counts decimals on the decimal form', () => {
    expect(hasAtMostDecimals(12.35, 2)).toBe(true);
    expect(hasAtMostDecimals(0.1 + 0.2, 2)).toBe(false);
    expect(hasAtMostDecimals(1e-7, 2)).toBe(false);
    expect(hasAtMostDecimals(1e21, 2)).toBe(true);
    expect(markValueSchema.safeParse(12.345).success).toBe(false);
    expect(markValueSchema.safeParse('Disp').success).toBe(true);
    expect(markValueSchema.safeParse('disp').success).toBe(false);
  });

  it('formats cells as entered, shows marks on /20', () => {
    expect(formatMark(12.5)).toBe('12,5');
    expect(formatMark(12.5, 'en')).toBe('12.5');
    expect(formatMark('NN')).toBe('NN');
    expect(formatMark(null)).toBe('');
    expect(markOn20(7, 15)).toBe(9.33);
  });

  it('validates évaluations with defaults and refuses bad ones', () => {
    const e = evaluationInputSchema.parse({
      title: 'Contrôle fractions',
      date: '2026-10-05',
      subjectId: 's',
      classId: 'c',
      periodId: 'p',
      publishOn: '2026-10-06',
    });
    expect(e).toMatchObject({ coefficient: 1, outOf: 20, rescaleTo20: true, kind: 'normal' });
    const bad = evaluationInputSchema.safeParse({ ...e, coefficient: 0, outOf: -5, date: '05/10/2026' });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['coefficient', 'outOf', 'date']));
  });

  it('settings default to showing averages and class stats, not rank; Abs left out', () => {
    expect(DEFAULT_GRADEBOOK_SETTINGS).toEqual({
      unjustifiedAbsenceCountsZero: false,
      visibility: { subjectAverages: true, generalAverage: true, classStats: true, rank: false },
    });
    expect(gradebookSettingsSchema.parse({ visibility: { rank: true } }).visibility.subjectAverages).toBe(
      true,
    );
  });

  it('publication is by day', () => {
    expect(isPublished({ publishOn: '2026-10-06' }, '2026-10-05')).toBe(false);
    expect(isPublished({ publishOn: '2026-10-06' }, '2026-10-06')).toBe(true);
  });
});

describe('compétences', () => {
  it('has the LSU scale with codes and labels', () => {
    expect(Object.values(LSU_SCALE).map((l) => l.code)).toEqual(['MI', 'MF', 'MS', 'TB']);
    expect(LSU_SCALE[3].fr).toBe('Maîtrise satisfaisante');
    expect(SOCLE_DOMAINS).toHaveLength(8);
    for (const d of SOCLE_DOMAINS) expect(SOCLE_DOMAIN_LABELS[d].fr.length).toBeGreaterThan(10);
  });

  it('a domain’s level is the rounded mean, half-up', () => {
    expect(domainLevel([])).toBeNull();
    expect(domainLevel([2, 3])).toBe(3);
    expect(domainLevel([1, 2, 2])).toBe(2);
    expect(domainLevel([4, 4, 1])).toBe(3);
  });
});
