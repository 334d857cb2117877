import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { FieldError } from '../http/problem.js';

/**
 * Password hashing with scrypt. The stored string describes itself, so parameters can be raised later without
 * breaking existing hashes: `scrypt$N$r$p$<salt base64url>$<hash base64url>`.
 */
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(secret, Buffer.from(parts[4]!, 'base64url'), { N: N!, r: r!, p: p! });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash that matches nothing: verified against when the login is unknown, so both cases take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Minimal strength rules, each with a message that says what to change. Length matters most (ANSSI);
 * mixing kinds of characters and not reusing one's own name stop the weakest choices.
 */
export function passwordProblems(
  password: string,
  person: { login: string; firstName?: string; lastName?: string },
  field = 'body.newPassword',
): FieldError[] {
  const errors: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH)
    errors.push(`Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`);
  if ([...password].length > PASSWORD_MAX_LENGTH)
    errors.push(`Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.`);
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password))
    errors.push('Le mot de passe doit mêler des lettres et au moins un chiffre ou un symbole.');
  if (new Set(password).size < 5) errors.push('Le mot de passe répète trop les mêmes caractères.');
  const lower = password.toLocaleLowerCase('fr');
  const names = [person.login, person.firstName, person.lastName].filter(
    (n): n is string => !!n && n.length >= 3,
  );
  if (names.some((n) => lower.includes(n.toLocaleLowerCase('fr'))))
    errors.push('Le mot de passe ne doit contenir ni votre identifiant ni votre nom.');
  return errors.map((message) => ({ field, message }));
}
