import { randomBytes } from 'node:crypto';
import type { Db } from '../db/types.js';
import type { FileStore } from '../files/store.js';
import {
  type FileKind,
  type FileKinds,
  readableFile,
  type StoredFile,
  storeUpload,
} from '../files/uploads.js';
import { notFound } from '../http/problem.js';
import type { PolicyContext, Viewer } from '../policies/index.js';
import {
  canReadSeanceDocument,
  requireWhiteboardSeanceReader,
  requireWhiteboardSeanceRecorder,
  WHITEBOARD_DOCUMENT_KIND,
} from '../policies/whiteboard.js';
import { type AnnotationsValue, strokeCount } from './schemas.js';
import * as store from './store.js';

/** Whiteboard documents in the file store: zips by content (`.ubz`, `.iwb`, `.notebook`), read as their séance. */
export const whiteboardDocumentKind: FileKind = {
  recordType: WHITEBOARD_DOCUMENT_KIND,
  label: 'document de tableau interactif',
  mediaTypes: ['application/zip'],
  mayUpload: (v) => v.profile === 'teacher' || v.profile === 'vie_scolaire' || v.profile === 'direction',
  canRead: canReadSeanceDocument,
};

const DOCUMENT_EXTENSION = /\.(ubz|iwb|notebook)$/i;

const iso = (d: Date | string) => new Date(d).toISOString();
const empty = (): AnnotationsValue => ({ version: 1, pages: {} });

export async function attachDocument(
  deps: { db: Db; files: FileStore; maxUploadBytes: number; now: Date },
  viewer: Viewer,
  seanceId: string,
  upload: { name: string; bytes: Uint8Array },
): Promise<StoredFile> {
  await requireWhiteboardSeanceRecorder({ db: deps.db, viewer }, seanceId);
  const stored = await storeUpload(deps, viewer, whiteboardDocumentKind, { ...upload, recordId: seanceId });
  const ext = DOCUMENT_EXTENSION.exec(upload.name)?.[1]?.toLowerCase();
  if (ext) {
    const name = stored.name.replace(/\.zip$/, `.${ext}`);
    await store.renameStoredFile(deps.db, stored.id, name);
    return { ...stored, name };
  }
  return stored;
}

export async function seanceDocuments(ctx: PolicyContext, seanceId: string) {
  await requireWhiteboardSeanceReader(ctx, seanceId);
  const [documents, traces] = await Promise.all([
    store.listSeanceDocuments(ctx.db, seanceId, WHITEBOARD_DOCUMENT_KIND),
    store.listTraces(ctx.db, seanceId),
  ]);
  return {
    documents: documents.map((d) => ({ ...d, createdAt: iso(d.createdAt) })),
    traces: traces.map((t) => ({ ...t, createdAt: iso(t.createdAt) })),
  };
}

export async function getAnnotations(ctx: PolicyContext, kinds: FileKinds, fileId: string) {
  const file = await readableFile(ctx, kinds, fileId);
  const found = await store.readAnnotations(ctx.db, file.id, ctx.viewer.id);
  return {
    fileId: file.id,
    annotations: found?.annotations ?? empty(),
    updatedAt: found ? iso(found.updatedAt) : null,
  };
}

export async function putAnnotations(
  ctx: PolicyContext,
  kinds: FileKinds,
  fileId: string,
  annotations: AnnotationsValue,
  now: Date,
) {
  const file = await readableFile(ctx, kinds, fileId);
  await store.writeAnnotations(ctx.db, {
    fileId: file.id,
    userId: ctx.viewer.id,
    annotations,
    strokeCount: strokeCount(annotations),
    now,
  });
  return { fileId: file.id, annotations, updatedAt: iso(now) };
}

export async function saveTrace(
  ctx: PolicyContext,
  kinds: FileKinds,
  link: { seanceId: string; fileId: string },
  body: { title: string; annotations: AnnotationsValue },
  now: Date,
) {
  await requireWhiteboardSeanceRecorder(ctx, link.seanceId);
  const file = await readableFile(ctx, kinds, link.fileId);
  const id = `wbt_${randomBytes(12).toString('base64url')}`;
  await store.insertTrace(ctx.db, {
    id,
    seanceId: link.seanceId,
    fileId: file.id,
    authorId: ctx.viewer.id,
    title: body.title,
    annotations: body.annotations,
    strokeCount: strokeCount(body.annotations),
    createdAt: now,
  });
  const trace = await store.readTrace(ctx.db, id);
  return toTrace(trace!);
}

export async function getTrace(ctx: PolicyContext, id: string) {
  const trace = await store.readTrace(ctx.db, id);
  if (!trace) throw notFound("Cette trace n'existe pas ou ne vous est pas accessible.");
  await requireWhiteboardSeanceReader(ctx, trace.seanceId);
  return toTrace(trace);
}

function toTrace(t: store.TraceRow) {
  return { ...t, createdAt: iso(t.createdAt), annotations: t.annotations ?? empty() };
}
