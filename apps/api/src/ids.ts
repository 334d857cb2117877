/**
 * Identifiers of records: a short prefix saying what kind of record it is, then 128 random bits in base64url,
 * e.g. `u_h3Kq9c0rZb1Yt6dW2mXoPA`. They reveal nothing: not the établissement, not a rank, not how many there
 * are, so nobody can count or walk the students, classes or séances of a school by trying ids. A school's own
 * identifiers (SIECLE `ELEVE_ID`, STS `INDIVIDU/@ID`, AAF jointure, UAI) are attributes, never record ids.
 *
 * Every record created by the API takes its id from `newId`. Prefixes in use (one per record type, lower-case,
 * at most five letters; add yours here):
 *
 * | prefix | record                     | prefix | record                       |
 * |--------|----------------------------|--------|------------------------------|
 * | `u`    | user (every profile)       | `jus`  | absence justification        |
 * | `cls`  | class or group             | `f`    | uploaded file                |
 * | `sea`  | séance                     | `hw`   | hardware lot                 |
 * | `ta`   | teaching assignment        | `wbt`  | whiteboard trace             |
 * | `ev`   | évaluation                 | `vis`  | usage visit                  |
 * | `ent`  | attendance entry           | `msg`  | message (`thr`: thread)      |
 * | `les`  | cahier de textes entry     | `wk`   | work to do                   |
 * | `visa` | direction's visa           | `feed` | calendar feed                |
 * | `fld`  | personal message folder    | `rpt`  | report of a message          |
 * | `imp`  | applied directory import   |        |                              |
 *
 * Subjects and periods keep readable ids (`0511085C-MATHS`, `0511085C-2026-T1`): they name the school's
 * reference lists, which every member sees, and say nothing about people.
 */
import { createHash, randomBytes } from 'node:crypto';

/** What every id made here looks like (records made before kept their random UUIDs: the `Id` schema takes both). */
export const ID_PATTERN = /^[a-z]{1,5}_[A-Za-z0-9_-]{22}$/;

const PREFIX = /^[a-z]{1,5}$/;

function checked(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`Id prefix "${prefix}": one to five lower-case letters`);
  return prefix;
}

/** A new record id: `prefix_` and 128 bits from the system's cryptographic generator. */
export function newId(prefix: string): string {
  return `${checked(prefix)}_${randomBytes(16).toString('base64url')}`;
}

/**
 * The same shape, derived from a label (SHA-256): the same label always gives the same id. For demo data (the
 * same seed, the same rows) and keys that must repeat (a forwarding server's visit); anyone who knows the label
 * can compute it: never for records people could look up.
 */
export function derivedId(prefix: string, label: string): string {
  return `${checked(prefix)}_${createHash('sha256').update(label).digest('base64url').slice(0, 22)}`;
}
