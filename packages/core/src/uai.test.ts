import { describe, expect, it } from 'vitest';
import { isValidUai, UaiSchema, uaiCheckLetter, uaiProblem } from './uai.js';

describe('UAI check letter', () => {
  it.each([
    ['0511327R', 'Collège Terres Rouges, Épernay'],
    ['0511085C', 'Collège Robert Schuman, Reims'],
    ['0511191T', 'Collège Jean-Baptiste Drouet, Sainte-Menehould'],
    ['0020090M', 'Collège Charlemagne, Laon'],
    ['0020046P', 'Collège de La Chesnoye, Saint-Gobain'],
    ['0071168G', 'Collège privé Charles de Foucauld, Lamastre'],
    ['0010001W', 'Lycée professionnel Alexandre Bérard, Ambérieu-en-Bugey'],
  ])('accepts the real UAI %s (%s)', (uai) => {
    expect(uaiProblem(uai)).toBeNull();
    expect(UaiSchema.parse(uai)).toBe(uai);
  });

  it('computes the letter as the seven digits modulo 23', () => {
    expect(uaiCheckLetter('0511085')).toBe('C');
    expect(uaiCheckLetter('0000000')).toBe('A');
    expect(uaiCheckLetter('0000022')).toBe('Z');
    expect(uaiCheckLetter('0000023')).toBe('A');
  });

  it('rejects a wrong check letter and says which one was expected', () => {
    expect(isValidUai('0511085D')).toBe(false);
    expect(uaiProblem('0511085D')).toBe('UAI « 0511085D » : la lettre de contrôle devrait être C, pas D.');
    const result = UaiSchema.safeParse('0020090N');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('devrait être M');
  });

  it.each(['', '051108C', '05110850C', '0511085c', 'A511085C', '0511085 ', '0511085I'])(
    'rejects the malformed value "%s" with a message naming the expected shape',
    (value) => {
      expect(isValidUai(value)).toBe(false);
      expect(uaiProblem(value)).toMatch(/7 chiffres suivis d'une lettre|lettre de contrôle/);
    },
  );

  it('never produces I, O or Q', () => {
    for (let n = 0; n < 23; n++) {
      expect(uaiCheckLetter(String(n).padStart(7, '0'))).toMatch(/^[A-HJ-NPR-Z]$/);
    }
  });
});
