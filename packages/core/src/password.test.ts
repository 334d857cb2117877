import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, passwordProblems } from './password.js';
import { passwordEstimator } from './password-strength.js';

const zoe = { login: 'a.nouveau.parent', firstName: 'Zoé', lastName: 'Nouvelle' };
const codes = (p: string) => passwordProblems(p, zoe, passwordEstimator()).map((x) => x.code);

describe('password rules', () => {
  it('asks for 12 characters, says how many are missing, and leaves names out', () => {
    expect(passwordProblems('court', zoe)).toEqual([
      {
        code: 'too-short',
        fr: `Au moins ${PASSWORD_MIN_LENGTH} caractères (encore 7).`,
        en: 'At least 12 characters (7 more).',
      },
    ]);
    expect(passwordProblems('zoe-nouvelle-2026!', zoe).map((p) => p.code)).toEqual(['personal']);
    expect(passwordProblems('ZOÉ.nouvelle.Reims', zoe).map((p) => p.code)).toEqual(['personal']);
  });

  it('refuses common and guessable passwords with the French dictionaries, accepts long unusual ones', () => {
    for (const weak of [
      'azerty123456',
      'motdepasse2026',
      'Azertyuiop123',
      'soleil123456',
      'marseille2026',
      'Jetaime12345',
      'Bonjour2026!',
      'qwertyuiop12',
      '123456789abc',
    ])
      expect(codes(weak), weak).toEqual(['guessable']);
    for (const strong of ['cour-des-Marne-2026', 'Lanterne verte sous la pluie', 'vK7#pQ2!xL9m'])
      expect(codes(strong), strong).toEqual([]);
    expect(passwordProblems('soleil123456', zoe, passwordEstimator())[0]!.fr).toMatch(
      /^Trop facile à deviner/,
    );
  });
});
