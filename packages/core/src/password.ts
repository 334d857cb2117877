/**
 * Choosing a password: at least 12 characters, not the person's own login or names, and not guessable — judged
 * by zxcvbn-ts with its French and common dictionaries (common passwords, words, first names and surnames,
 * keyboard walks, dates, l33t), a score of 3 out of 4 at least. The same rules run on the server and in the
 * element as the person types. The dictionaries are heavy (about 1 MB): `password-strength.ts` loads them, on
 * first use only; these rules work without them (length and names) until they arrive.
 *
 * Rules apply when a person chooses a password, not at sign-in: a password set by the demo data is not judged.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn's score (0–4) a new password must reach: 3 is "safely unguessable" by an online attacker. */
export const PASSWORD_MIN_SCORE = 3;

export interface PasswordPerson {
  login: string;
  firstName?: string;
  lastName?: string;
}

/** zxcvbn's verdict on one password: its score and, in French, what makes it weak. */
export interface PasswordEstimate {
  score: number;
  warning: string | null;
}
export type PasswordEstimator = (password: string, userInputs: readonly string[]) => PasswordEstimate;

export type PasswordProblemCode = 'too-short' | 'too-long' | 'personal' | 'guessable';
export interface PasswordProblem {
  code: PasswordProblemCode;
  fr: string;
  en: string;
}

/** Words of the site and the person that a password must not lean on (zxcvbn's user inputs). */
export function passwordContext(person: PasswordPerson): string[] {
  return [person.login, person.firstName, person.lastName, 'preau', 'ent', 'college', 'lycee'].filter(
    (w): w is string => !!w,
  );
}

/**
 * What is wrong with a new password, each problem actionable, in French and English; empty when it may be used.
 * Without `estimate` (dictionaries not loaded yet) only length and names are checked.
 */
export function passwordProblems(
  password: string,
  person: PasswordPerson,
  estimate?: PasswordEstimator,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    const missing = PASSWORD_MIN_LENGTH - length;
    problems.push({
      code: 'too-short',
      fr: `Au moins ${PASSWORD_MIN_LENGTH} caractères (encore ${missing}).`,
      en: `At least ${PASSWORD_MIN_LENGTH} characters (${missing} more).`,
    });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({
      code: 'too-long',
      fr: `Au plus ${PASSWORD_MAX_LENGTH} caractères.`,
      en: `At most ${PASSWORD_MAX_LENGTH} characters.`,
    });
  }
  const folded = fold(password);
  const names = [person.login, person.firstName, person.lastName].filter(
    (n): n is string => !!n && n.length >= 3,
  );
  if (names.some((n) => folded.includes(fold(n)))) {
    problems.push({
      code: 'personal',
      fr: 'Sans votre identifiant ni votre nom.',
      en: 'Without your login or your name.',
    });
  }
  if (estimate && problems.length === 0) {
    const { score, warning } = estimate(password, passwordContext(person));
    if (score < PASSWORD_MIN_SCORE) {
      problems.push({
        code: 'guessable',
        fr: `Trop facile à deviner${warning ? ` : ${warning.replace(/\.$/, '')}` : ''}. Ajoutez des mots peu courants, ou allongez-le.`,
        en: 'Too easy to guess: add uncommon words, or make it longer.',
      });
    }
  }
  return problems;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
