/**
 * Upload quotas, checked before a file's bytes are written: per person over the last 24 hours (count and bytes:
 * one account cannot fill the disk with pending files, kept a day), and per établissement in all (count and
 * bytes: what its file store may hold). A person over quota gets a 429 with Retry-After (it passes); an
 * établissement over quota a 413 (someone must make room). Both name the limit in French.
 */
import { formatBytes } from '@preau/core';
import type { Db } from '../db/types.js';
import { problem } from '../http/problem.js';
import type { Viewer } from '../policies/index.js';

export interface UploadQuota {
  /** Files one person may upload in 24 hours. */
  userFilesPerDay: number;
  /** Bytes one person may upload in 24 hours. */
  userBytesPerDay: number;
  /** Files an établissement's store may hold. */
  etablissementFiles: number;
  /** Bytes an établissement's store may hold. */
  etablissementBytes: number;
}

export const DEFAULT_UPLOAD_QUOTA: UploadQuota = {
  userFilesPerDay: 20,
  userBytesPerDay: 50 * 1024 * 1024,
  etablissementFiles: 20_000,
  etablissementBytes: 5 * 1024 * 1024 * 1024,
};

const DAY_MS = 24 * 3600 * 1000;

/** `PREAU_UPLOAD_QUOTA=userFilesPerDay,userBytesPerDay,etablissementFiles,etablissementBytes` (empty: defaults). */
export function uploadQuotaFromEnv(value: string | undefined): UploadQuota {
  const parts = (value ?? '').split(',').map((p) => Number(p.trim()));
  const pick = (i: number, fallback: number) =>
    Number.isFinite(parts[i]) && parts[i]! > 0 ? parts[i]! : fallback;
  const d = DEFAULT_UPLOAD_QUOTA;
  return {
    userFilesPerDay: pick(0, d.userFilesPerDay),
    userBytesPerDay: pick(1, d.userBytesPerDay),
    etablissementFiles: pick(2, d.etablissementFiles),
    etablissementBytes: pick(3, d.etablissementBytes),
  };
}

const fr = (n: number) => n.toLocaleString('fr-FR');

function waitText(seconds: number): string {
  if (seconds >= 3600) return `${Math.ceil(seconds / 3600)} h`;
  return `${Math.max(1, Math.ceil(seconds / 60))} min`;
}

/** Throws the quota's problem when one more file of `size` bytes would pass a limit; `field` names the file. */
export async function checkUploadQuota(
  db: Db,
  viewer: Viewer,
  size: number,
  now: Date,
  quota: UploadQuota = DEFAULT_UPLOAD_QUOTA,
  field = 'body.file',
): Promise<void> {
  const since = new Date(now.getTime() - DAY_MS);
  const [mine] = await db.query<{ n: number; bytes: string; oldest: string | Date | null }>(
    `SELECT count(*)::int AS n, coalesce(sum(size_bytes), 0)::text AS bytes, min(created_at) AS oldest
       FROM files WHERE owner_id = $1 AND created_at > $2`,
    [viewer.id, since],
  );
  const files = mine?.n ?? 0;
  const bytes = Number(mine?.bytes ?? 0);
  if (files + 1 > quota.userFilesPerDay || bytes + size > quota.userBytesPerDay) {
    const oldest = mine?.oldest ? new Date(mine.oldest).getTime() : now.getTime();
    const retry = Math.max(1, Math.ceil((oldest + DAY_MS - now.getTime()) / 1000));
    const limit =
      files + 1 > quota.userFilesPerDay
        ? `${fr(quota.userFilesPerDay)} fichiers`
        : `${formatBytes(quota.userBytesPerDay)} de fichiers`;
    throw problem(429, 'quota-exceeded', {
      detail: `Vous avez atteint la limite de ${limit} déposés en 24 heures par personne. Réessayez dans ${waitText(retry)}.`,
      errors: [{ field, message: `Limite de ${limit} par personne et par jour atteinte.` }],
      headers: { 'Retry-After': String(retry) },
    });
  }
  if (!viewer.uai) return;
  const [school] = await db.query<{ n: number; bytes: string }>(
    'SELECT count(*)::int AS n, coalesce(sum(size_bytes), 0)::text AS bytes FROM files WHERE uai = $1',
    [viewer.uai],
  );
  const schoolFiles = school?.n ?? 0;
  const schoolBytes = Number(school?.bytes ?? 0);
  if (schoolFiles + 1 > quota.etablissementFiles || schoolBytes + size > quota.etablissementBytes) {
    const limit =
      schoolFiles + 1 > quota.etablissementFiles
        ? `${fr(quota.etablissementFiles)} fichiers`
        : formatBytes(quota.etablissementBytes);
    throw problem(413, 'quota-exceeded', {
      detail: `L’espace de fichiers de l’établissement est plein (${limit} au plus) : la direction peut faire de la place ou demander davantage.`,
      errors: [{ field, message: `Espace de l’établissement plein (${limit} au plus).` }],
    });
  }
}
