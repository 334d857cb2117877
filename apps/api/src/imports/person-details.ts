import type { Db } from '../db/types.js';
import type { ExternalRef, ImportedGuardian, ImportedStaff, ImportedStudent } from './model.js';
import type { PersonRow } from './state.js';

/** What the directory says of a person beyond their account (person_details), and the external ids of records. */
export async function linkRef(
  tx: Db,
  ref: ExternalRef | { source: string; scope: string; id: string },
  kind: string,
  recordId: string,
) {
  await tx.query(
    `INSERT INTO external_ids (source, scope, kind, external_id, record_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source, scope, kind, external_id) DO UPDATE SET record_id = EXCLUDED.record_id`,
    [ref.source, ref.scope, kind, ref.id, recordId],
  );
}

export interface Details {
  birthDate?: string;
  ine?: string;
  email?: string;
  mobile?: string;
  acceptsSms?: boolean;
  civility?: string;
}

export function detailsOf(p: ImportedStudent | ImportedGuardian | ImportedStaff): Details {
  const any = p as Partial<ImportedStudent & ImportedGuardian & ImportedStaff>;
  return {
    birthDate: any.birthDate,
    ine: any.ine,
    email: any.email,
    mobile: any.mobile,
    acceptsSms: any.acceptsSms,
    civility: any.civility,
  };
}

export const detailValues = (d: Details) => [
  d.birthDate ?? null,
  d.ine ?? null,
  d.email ?? null,
  d.mobile ?? null,
  d.acceptsSms ?? null,
  d.civility ?? null,
];

export function changedDetails(d: Details, row: PersonRow): string[] {
  const out: string[] = [];
  if (d.birthDate && d.birthDate !== row.birthDate) out.push('date de naissance');
  if (d.ine && d.ine !== row.ine) out.push('INE');
  if (d.email && d.email !== row.email) out.push('courriel');
  if (d.mobile && d.mobile !== row.mobile) out.push('portable');
  if (d.acceptsSms !== undefined && d.acceptsSms !== row.acceptsSms) out.push('accord SMS');
  if (d.civility && d.civility !== row.civility) out.push('civilité');
  return out;
}

/** Keeps what the source says, and what it leaves empty as it was. */
export async function saveDetails(tx: Db, userId: string, details: Details): Promise<void> {
  await tx.query(
    `INSERT INTO person_details (user_id, birth_date, ine, email, mobile, accepts_sms, civility)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (user_id) DO UPDATE SET birth_date = COALESCE(EXCLUDED.birth_date, person_details.birth_date),
       ine = COALESCE(EXCLUDED.ine, person_details.ine), email = COALESCE(EXCLUDED.email, person_details.email),
       mobile = COALESCE(EXCLUDED.mobile, person_details.mobile),
       accepts_sms = COALESCE(EXCLUDED.accepts_sms, person_details.accepts_sms),
       civility = COALESCE(EXCLUDED.civility, person_details.civility)`,
    [userId, ...detailValues(details)],
  );
}
