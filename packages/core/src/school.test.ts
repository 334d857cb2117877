import { describe, expect, it } from 'vitest';
import {
  COLLEGE_SUBJECTS,
  EtablissementSchema,
  LEVEL_LABELS,
  LEVELS,
  normalizeDepartementCode,
  SchoolClassSchema,
  SubjectSchema,
  schoolYearLabel,
} from './index.js';
import { DAY_SLOTS, overlaps, SeanceSchema } from './timetable.js';

describe('établissements and territories', () => {
  it('accepts a real établissement and names the bad fields of a wrong one', () => {
    const ok = EtablissementSchema.safeParse({
      uai: '0511085C',
      name: 'Collège Robert Schuman',
      kind: 'college',
      sector: 'public',
      commune: 'Reims',
      departementCode: '051',
      latitude: 49.25304,
      longitude: 4.05885,
      studentCount: 602,
    });
    expect(ok.success).toBe(true);
    const bad = EtablissementSchema.safeParse({
      uai: '0511085X',
      name: 'Collège',
      kind: 'ecole',
      sector: 'public',
      commune: 'Reims',
      departementCode: '51',
      latitude: 120,
      longitude: 4,
      studentCount: -1,
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'departementCode',
      'kind',
      'latitude',
      'studentCount',
      'uai',
    ]);
  });

  it('writes département codes on three characters', () => {
    expect(normalizeDepartementCode('51')).toBe('051');
    expect(normalizeDepartementCode('2a')).toBe('02A');
    expect(normalizeDepartementCode('971')).toBe('971');
  });
});

describe('classes and subjects', () => {
  it('labels every level in French and English', () => {
    for (const level of LEVELS) {
      expect(LEVEL_LABELS[level].fr.length).toBeGreaterThan(3);
      expect(LEVEL_LABELS[level].en.length).toBeGreaterThan(3);
    }
    expect(schoolYearLabel(2026)).toBe('2026-2027');
  });

  it('validates a class or group', () => {
    const base = {
      id: 'c1',
      uai: '0511085C',
      kind: 'groupe',
      name: '4e ESP 1',
      level: '4e',
      schoolYear: 2026,
      periodScheme: 'trimestre',
      headTeacherId: null,
    };
    expect(SchoolClassSchema.safeParse(base).success).toBe(true);
    const r = SchoolClassSchema.safeParse({ ...base, level: '7e', periodScheme: 'bimestre' });
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(['level', 'periodScheme']);
  });

  it('keeps coefficients exact decimal strings, strictly positive', () => {
    const s = { id: 's1', uai: '0511085C', code: 'MATHS', name: 'Mathématiques' };
    expect(SubjectSchema.safeParse({ ...s, coefficient: '0.5' }).success).toBe(true);
    expect(SubjectSchema.safeParse({ ...s, coefficient: '0' }).error?.issues[0]?.message).toBe(
      'le coefficient doit être strictement positif',
    );
    expect(SubjectSchema.safeParse({ ...s, coefficient: '1,5' }).success).toBe(false);
    expect(SubjectSchema.safeParse({ ...s, code: 'maths', coefficient: '1' }).error?.issues[0]?.path).toEqual(
      ['code'],
    );
    for (const subject of COLLEGE_SUBJECTS) {
      expect(SubjectSchema.safeParse({ id: subject.code, uai: '0511085C', ...subject }).success).toBe(true);
    }
  });
});

describe('séances', () => {
  it('has 55-minute slots that never overlap', () => {
    expect(DAY_SLOTS[0]).toEqual({ start: '08:00', end: '08:55' });
    for (let i = 1; i < DAY_SLOTS.length; i++) expect(DAY_SLOTS[i]!.start > DAY_SLOTS[i - 1]!.end).toBe(true);
  });

  it('rejects a séance that ends before it starts', () => {
    const s = {
      id: 'x1',
      classId: 'c1',
      subjectId: 's1',
      teacherId: 't1',
      startsAt: '2026-09-07T09:00:00+02:00',
      endsAt: '2026-09-07T08:55:00+02:00',
      room: null,
    };
    expect(SeanceSchema.safeParse(s).error?.issues[0]?.path).toEqual(['endsAt']);
    expect(SeanceSchema.safeParse({ ...s, endsAt: '2026-09-07T09:55:00+02:00' }).success).toBe(true);
  });

  it('tells overlapping times apart from touching ones', () => {
    const a = { startsAt: '2026-09-07T08:00:00+02:00', endsAt: '2026-09-07T08:55:00+02:00' };
    expect(overlaps(a, { startsAt: '2026-09-07T08:55:00+02:00', endsAt: '2026-09-07T09:50:00+02:00' })).toBe(
      false,
    );
    expect(overlaps(a, { startsAt: '2026-09-07T06:30:00Z', endsAt: '2026-09-07T07:00:00Z' })).toBe(true);
  });
});
