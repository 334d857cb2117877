import { describe, expect, it } from 'vitest';
import {
  compareByName,
  countOf,
  defaultPeriodId,
  displayName,
  personName,
  plural,
  pluralForm,
} from './index.js';

describe('personName', () => {
  it('writes the given name first and the family name in capitals, one way everywhere', () => {
    expect(personName({ firstName: 'Mila', lastName: 'Barbier' })).toBe('Mila BARBIER');
    expect(personName({ firstName: 'Mila', lastName: 'Barbier' }, 'family-first')).toBe('BARBIER Mila');
    expect(personName({ firstName: 'Éloïse', lastName: "N'Diaye-Lefèvre" })).toBe("Éloïse N'DIAYE-LEFÈVRE");
    expect(displayName({ firstName: 'Mila', lastName: 'Barbier' })).toBe('Mila BARBIER');
  });
  it('never writes "undefined" for a missing part', () => {
    expect(personName({ firstName: 'Mila' })).toBe('Mila');
    expect(personName(null)).toBe('');
    expect(personName({ firstName: 42 as unknown as string, lastName: ' ' })).toBe('');
  });
  it('sorts as a register does', () => {
    const people = [
      { firstName: 'Zoé', lastName: 'Émery' },
      { firstName: 'Adam', lastName: 'Dubois' },
      { firstName: 'Léa', lastName: 'emery' },
    ];
    expect(people.sort(compareByName).map((p) => p.firstName)).toEqual(['Adam', 'Léa', 'Zoé']);
  });
});

describe('plural', () => {
  const retard = { one: 'retard', other: 'retards' };
  it('follows French rules: 0 and 1 singular', () => {
    expect(plural('fr', 0, retard)).toBe('0 retard');
    expect(plural('fr', 1, retard)).toBe('1 retard');
    expect(plural('fr', 2, retard)).toBe('2 retards');
    expect(plural('fr', 1.5, retard)).toBe('1.5 retard');
  });
  it('follows English rules: 0 plural', () => {
    expect(pluralForm('en', 0, { one: 'mark', other: 'marks' })).toBe('marks');
    expect(pluralForm('en', 1, { one: 'mark', other: 'marks' })).toBe('mark');
  });
  it('reads a count from a message value: numbers and numeric strings as they are, anything else as 0', () => {
    expect(
      [3, '12', ' 4 ', 1.5, '', null, undefined, 'trois', Number.NaN, Number.POSITIVE_INFINITY].map(countOf),
    ).toEqual([3, 12, 4, 1.5, 0, 0, 0, 0, 0, 0]);
    expect(plural('fr', countOf(undefined), retard)).toBe('0 retard');
  });
});

describe('defaultPeriodId', () => {
  const periods = [
    { id: 't1', startsOn: '2026-09-01', endsOn: '2026-11-30' },
    { id: 't2', startsOn: '2026-12-01', endsOn: '2027-03-07' },
    { id: 't3', startsOn: '2027-03-08', endsOn: '2027-07-04' },
  ];
  it('opens the period in course when it has marks', () => {
    expect(defaultPeriodId(periods, '2026-12-06', (id) => id !== 't3')).toBe('t2');
  });
  it('else the latest period that has marks (the Sunday after a period change)', () => {
    expect(defaultPeriodId(periods, '2026-12-06', (id) => id === 't1')).toBe('t1');
  });
  it('else the period in course, the last begun in summer, the first before the year starts', () => {
    expect(defaultPeriodId(periods, '2026-12-06', () => false)).toBe('t2');
    expect(defaultPeriodId(periods, '2027-08-15', () => false)).toBe('t3');
    expect(defaultPeriodId(periods, '2026-08-20', () => false)).toBe('t1');
    expect(defaultPeriodId([], '2026-08-20', () => true)).toBe(null);
  });
});
