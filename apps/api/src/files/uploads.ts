import { createHash, randomBytes } from 'node:crypto';
import { foldAccents } from '@preau/core';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../db/types.js';
import { invalid, notFound, problem } from '../http/problem.js';
import type { PolicyContext, Viewer } from '../policies/index.js';
import type { FileStore } from './store.js';

/**
 * Uploaded files (attachments). A file belongs to a kind of record (`absence_justification`, `lesson`,
 * `message`…) and is read under that record's rules. Each area registers its kinds:
 *
 *   deps.fileKinds.register({ recordType: 'absence_justification', label: "justificatif d'absence",
 *     mediaTypes: ['application/pdf', 'image/png', 'image/jpeg'], mayUpload: (v) => v.profile === 'guardian',
 *     canRead: (ctx, recordId) => … })
 *
 * Two ways to attach: the area's own route stores and links in one go (`storeUpload` with `recordId`), or the
 * element first posts to /api/v1/files (the file stays pending, visible to its uploader only) and the area links
 * it when it creates the record (`attachFile`, inside its transaction).
 */
export interface FileKind {
  recordType: string;
  /** French noun for messages, e.g. "justificatif d'absence". */
  label: string;
  /** Media types accepted, as detected from the content. */
  mediaTypes: readonly string[];
  /** Largest file of this kind in bytes (never above the server's `maxUploadBytes`). */
  maxBytes?: number;
  /** Who may upload files of this kind (before the record exists). */
  mayUpload: (viewer: Viewer) => boolean;
  /** May the viewer read a file attached to this record? The record's own access rule. */
  canRead: (ctx: PolicyContext, recordId: string) => Promise<boolean>;
}

export class FileKinds {
  private readonly kinds = new Map<string, FileKind>();

  register(kind: FileKind): void {
    if (this.kinds.has(kind.recordType)) throw new Error(`File kind ${kind.recordType} is registered twice`);
    this.kinds.set(kind.recordType, kind);
  }

  get(recordType: string): FileKind | undefined {
    return this.kinds.get(recordType);
  }

  list(): FileKind[] {
    return [...this.kinds.values()];
  }
}

export interface StoredFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  recordType: string;
  recordId: string | null;
}

const MEDIA_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'application/zip': 'ZIP',
};
const mediaLabel = (t: string) => MEDIA_LABELS[t] ?? t;

/** Checks size and content type, then writes the bytes and the `files` row. Nothing is left behind on failure. */
export async function storeUpload(
  deps: { db: Db; files: FileStore; maxUploadBytes: number; now?: Date },
  viewer: Viewer,
  kind: FileKind,
  upload: { name: string; bytes: Uint8Array; recordId?: string | null },
  field = 'body.file',
): Promise<StoredFile> {
  const limit = Math.min(kind.maxBytes ?? Number.POSITIVE_INFINITY, deps.maxUploadBytes);
  if (upload.bytes.byteLength > limit) {
    throw problem(413, 'payload-too-large', {
      detail: `Le fichier dépasse la taille maximale d'un ${kind.label} (${Math.floor(limit / 1024)} Ko).`,
      errors: [
        { field, message: `Fichier trop volumineux (${Math.ceil(upload.bytes.byteLength / 1024)} Ko).` },
      ],
    });
  }
  if (upload.bytes.byteLength === 0) throw invalid([{ field, message: 'Le fichier est vide.' }]);
  const detected = await fileTypeFromBuffer(upload.bytes);
  if (!detected || !kind.mediaTypes.includes(detected.mime)) {
    const accepted = kind.mediaTypes.map(mediaLabel).join(', ');
    throw problem(415, 'unsupported-media-type', {
      detail: `Ce type de fichier n'est pas accepté pour un ${kind.label}. Formats acceptés : ${accepted}.`,
      errors: [
        {
          field,
          message: detected
            ? `Le contenu est de type ${mediaLabel(detected.mime)} ; formats acceptés : ${accepted}.`
            : `Contenu non reconnu ; formats acceptés : ${accepted}.`,
        },
      ],
    });
  }
  const file: StoredFile = {
    id: randomBytes(16).toString('base64url'),
    name: safeFileName(upload.name, detected.ext),
    mediaType: detected.mime,
    size: upload.bytes.byteLength,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
    recordType: kind.recordType,
    recordId: upload.recordId ?? null,
  };
  await deps.files.put(file.id, upload.bytes);
  try {
    await deps.db.query(
      `INSERT INTO files (id, uai, owner_id, media_type, size_bytes, sha256, original_name, record_type, record_id,
                          created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()))`,
      [
        file.id,
        viewer.uai,
        viewer.id,
        file.mediaType,
        file.size,
        file.sha256,
        file.name,
        file.recordType,
        file.recordId,
        deps.now ?? null,
      ],
    );
  } catch (err) {
    await deps.files.delete(file.id);
    throw err;
  }
  return file;
}

/** How long an upload may stay pending (never attached to a record) before it is removed. */
export const PENDING_UPLOAD_TTL_MS = 24 * 3600 * 1000;

/**
 * Removes up to `limit` uploads that were never attached and are older than `PENDING_UPLOAD_TTL_MS`, rows and
 * bytes: called at each upload, so abandoned forms leave nothing behind for long, in bounded work per call.
 */
export async function purgePendingUploads(
  deps: { db: Db; files: FileStore },
  now: Date,
  limit = 50,
): Promise<number> {
  const rows = await deps.db.query<{ id: string }>(
    `DELETE FROM files WHERE id IN (
       SELECT id FROM files WHERE record_id IS NULL AND created_at < $1 LIMIT $2
     ) RETURNING id`,
    [new Date(now.getTime() - PENDING_UPLOAD_TTL_MS), limit],
  );
  for (const { id } of rows) await deps.files.delete(id);
  return rows.length;
}

/**
 * Links a pending upload of the user to a record (inside the area's transaction). Answers a 400 naming `field`
 * when the file is unknown, someone else's, of another kind or already attached.
 */
export async function attachFile(
  db: Db,
  link: { fileId: string; ownerId: string; recordType: string; recordId: string },
  field = 'body.fileId',
): Promise<void> {
  const rows = await db.query(
    `UPDATE files SET record_id = $4
      WHERE id = $1 AND owner_id = $2 AND record_type = $3 AND record_id IS NULL RETURNING id`,
    [link.fileId, link.ownerId, link.recordType, link.recordId],
  );
  if (rows.length === 0) {
    throw invalid([
      { field, message: "Ce fichier n'existe pas, ne vous appartient pas ou est déjà rattaché." },
    ]);
  }
}

export interface FileRow {
  id: string;
  ownerId: string;
  mediaType: string;
  size: number;
  sha256: string;
  name: string;
  recordType: string | null;
  recordId: string | null;
}

/** The file if the viewer may read it: its uploader while pending, else whoever may read its record. 404 otherwise. */
export async function readableFile(ctx: PolicyContext, kinds: FileKinds, fileId: string): Promise<FileRow> {
  const row = (
    await ctx.db.query<FileRow>(
      `SELECT id, owner_id AS "ownerId", media_type AS "mediaType", size_bytes AS size, sha256,
              original_name AS name, record_type AS "recordType", record_id AS "recordId"
         FROM files WHERE id = $1`,
      [fileId],
    )
  )[0];
  if (!row) throw notFound("Ce fichier n'existe pas ou ne vous est pas accessible.");
  if (row.recordId === null) {
    if (row.ownerId === ctx.viewer.id) return row;
    throw notFound("Ce fichier n'existe pas ou ne vous est pas accessible.");
  }
  const kind = row.recordType ? kinds.get(row.recordType) : undefined;
  if (!kind || !(await kind.canRead(ctx, row.recordId))) {
    throw notFound("Ce fichier n'existe pas ou ne vous est pas accessible.");
  }
  return row;
}

/**
 * A file name safe to store and to send back: no path, no control or reserved characters, at most 120
 * characters, and the extension of the detected type (a PNG named `.pdf` comes back as `.png`).
 */
export function safeFileName(name: string, ext: string): string {
  const base = (name.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem =
    base
      .replace(/\.[^.]*$/, '')
      .slice(0, 110)
      .trim() || 'fichier';
  return `${stem}.${ext}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
export function attachmentDisposition(name: string): string {
  const ascii = foldAccents(name)
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
