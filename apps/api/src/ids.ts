import { randomUUID } from 'node:crypto';

/**
 * The one maker of record identifiers for new rows: an opaque, non-sequential string with a short prefix saying
 * what it names (`usr_…`, `cls_…`). The school's own external ids (ELEVE_ID, STS INDIVIDU/@ID, AAF jointure) are
 * kept as attributes beside, never used as our keys.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}
