import { z } from 'zod';

/**
 * UAI (Unité administrative immatriculée, formerly RNE): the national identifier of an établissement,
 * seven digits then a check letter. The letter is the seven digits read as a number, modulo 23, used as an
 * index into this alphabet (I, O and Q are left out to avoid confusion with 1 and 0).
 */
export const UAI_CHECK_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

const UAI_SHAPE = /^[0-9]{7}[A-Z]$/;

/** The check letter of seven UAI digits, e.g. `uaiCheckLetter('0511085')` → `'C'`. */
export function uaiCheckLetter(digits: string): string {
  if (!/^[0-9]{7}$/.test(digits)) throw new RangeError(`UAI digits must be 7 digits, got "${digits}"`);
  return UAI_CHECK_ALPHABET[Number(digits) % 23]!;
}

/** Why a string is not a valid UAI (French, shown to people), or `null` when it is one. */
export function uaiProblem(value: string): string | null {
  if (!UAI_SHAPE.test(value)) {
    return `« ${value} » n'est pas un UAI : 7 chiffres suivis d'une lettre majuscule sont attendus (ex. 0511085C).`;
  }
  const expected = uaiCheckLetter(value.slice(0, 7));
  if (value[7] !== expected) {
    return `UAI « ${value} » : la lettre de contrôle devrait être ${expected}, pas ${value[7]}.`;
  }
  return null;
}

export function isValidUai(value: string): boolean {
  return uaiProblem(value) === null;
}

/** A UAI with its check letter verified. Lower-case input is not accepted: UAIs are written upper-case. */
export const UaiSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = uaiProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .brand<'Uai'>();
export type Uai = z.infer<typeof UaiSchema>;
