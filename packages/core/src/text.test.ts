import { describe, expect, it } from 'vitest';
import { foldAccents, searchKey, slugify } from './index.js';

describe('text rules', () => {
  it('folds accents, not letters', () => {
    expect(foldAccents('Élève Hélène Çà ï')).toBe('Eleve Helene Ca i');
    expect(foldAccents('cœur')).toBe('cœur');
  });

  it('compares names whatever their accents, case and spaces', () => {
    expect(searchKey('  Mila  BARBIER ')).toBe('mila barbier');
    expect(searchKey('Zoé')).toBe(searchKey('ZOE'));
  });

  it('makes keys from titles', () => {
    expect(slugify('Services les plus utilisés')).toBe('services-les-plus-utilises');
    expect(slugify("N'Diaye  Lou-Anne", { separator: '_' })).toBe('n_diaye_lou_anne');
    expect(slugify('Très long titre', { maxLength: 8 })).toBe('tres-lon');
    expect(slugify('--')).toBe('');
  });
});
