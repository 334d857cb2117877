import { describe, expect, it } from 'vitest';
import { displayName, loginFromName, PROFILES, UserSchema, usageProfileOf } from './people.js';
import { USAGE_PROFILES } from './usage.js';

describe('profiles', () => {
  it('maps every profile to an audience-measurement profile', () => {
    expect(PROFILES.map((p) => usageProfileOf(p))).toEqual([
      'ELEVE',
      'PARENT',
      'ENSEIGNANT',
      'ADMIN_VIE_SCOL_TECH',
      'ADMIN_VIE_SCOL_TECH',
      'ADMIN_VIE_SCOL_TECH',
      'AUTRE',
      'AUTRE',
    ]);
    for (const p of PROFILES) expect(USAGE_PROFILES).toContain(usageProfileOf(p));
  });

  it('requires a UAI for school profiles and a scope for analysts', () => {
    const base = {
      id: 'u1',
      login: 'camille.martin',
      firstName: 'Camille',
      lastName: 'Martin',
      functions: [],
    };
    expect(UserSchema.safeParse({ ...base, profile: 'student', uai: '0511085C', scope: null }).success).toBe(
      true,
    );
    const noUai = UserSchema.safeParse({ ...base, profile: 'teacher', uai: null, scope: null });
    expect(noUai.error?.issues[0]?.path).toEqual(['uai']);
    const noScope = UserSchema.safeParse({ ...base, profile: 'analyst', uai: null, scope: null });
    expect(noScope.error?.issues[0]?.path).toEqual(['scope']);
    const analyst = UserSchema.safeParse({
      ...base,
      profile: 'analyst',
      uai: null,
      scope: { kind: 'departement', code: '051' },
    });
    expect(analyst.success).toBe(true);
  });

  it('rejects a function that does not fit the profile, and a bad UAI', () => {
    const r = UserSchema.safeParse({
      id: 'u1',
      login: 'camille.martin',
      firstName: 'Camille',
      lastName: 'Martin',
      profile: 'student',
      functions: ['principal'],
      uai: '0511085D',
      scope: null,
    });
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages.some((m) => m.startsWith('uai: ') && m.includes('devrait être C'))).toBe(true);
  });

  it('writes names and logins the French way', () => {
    expect(displayName({ firstName: 'Éloïse', lastName: 'Lefèvre' })).toBe('Éloïse LEFÈVRE');
    expect(loginFromName('Lou-Anne', "N'Diaye")).toBe('lou-anne.n-diaye');
    expect(loginFromName('Noé', 'Da Silva')).toBe('noe.da-silva');
  });
});
