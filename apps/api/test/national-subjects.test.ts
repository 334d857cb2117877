import { COLLEGE_SUBJECTS } from '@preau/core';
import { describe, expect, it } from 'vitest';
import { NATIONAL_SUBJECTS } from '../src/imports/national-subjects.js';

describe('national subject codes (BCN)', () => {
  const entries = Object.entries(NATIONAL_SUBJECTS);

  it('are six characters of the BCN alphabet, one per subject', () => {
    for (const [management, { code, name }] of entries) {
      expect(code, management).toMatch(/^[0-9A-Z]{6}$/);
      expect(name.trim(), management).not.toBe('');
    }
    expect(new Set(entries.map(([, s]) => s.code)).size).toBe(entries.length);
    expect(new Set(entries.map(([, s]) => s.name)).size).toBe(entries.length);
  });

  it('cover every subject of the demo collège, so its LSU export never falls back to a made-up code', () => {
    const missing = COLLEGE_SUBJECTS.map((s) => s.code).filter((code) => !(code in NATIONAL_SUBJECTS));
    expect(missing).toEqual([]);
  });

  it('are the collège list codes, not the lycée ones or neighbouring entries', () => {
    // Each pair checked against a published BCN subject list; the wrong values are real codes of other subjects.
    expect(NATIONAL_SUBJECTS.HIGEO!.code).toBe('043700'); // not 040600, the lycée's HISTOIRE ET GEOGRAPHIE
    expect(NATIONAL_SUBJECTS.EMC!.code).toBe('043800');
    expect(NATIONAL_SUBJECTS.PHYCH!.code).toBe('062300');
    expect(NATIONAL_SUBJECTS.ARTPL!.code).toBe('090100');
    expect(NATIONAL_SUBJECTS.EDMUS!.code).toBe('081300'); // not 084400, FORMATION VOCALE
    expect(NATIONAL_SUBJECTS.ITA!.code).toBe('030902');
  });
});
