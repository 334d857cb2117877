/** Justifications: a family (or the vie scolaire) sends one, the CPE decides it; the file kind of its attachment. */
import { randomUUID } from 'node:crypto';
import {
  isNotifiable,
  type JustificationDecision,
  type JustificationInput,
  type JustificationState,
  type JustificationView,
  type Motif,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { attachFile, type FileKind } from '../files/uploads.js';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../http/problem.js';
import { requireAttendanceOffice, requireJustifier, requireStudent } from '../policies/index.js';
import type { AttendanceContext } from './context.js';
import {
  decidePending,
  entriesToJustify,
  insertJustification,
  justificationById,
  justificationHead,
  justificationOwner,
  justificationQueueOf,
  uploadedFile,
} from './justification-store.js';
import { visibleStudent } from './records.js';
import { attendanceSettings, guardiansOf, vieScolaireOf } from './store.js';
import { justificationView } from './views.js';

/** The upload kind of a justification's attachment (registered with the platform's upload service). */
export const JUSTIFICATION_FILE_KIND = 'absence_justification';

/** Media types accepted as a justification's attachment (detected from the bytes by the upload service). */
export const JUSTIFICATION_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

/** Families and the vie scolaire upload; whoever sees the student reads, but teachers (the family's documents). */
export const justificationFileKind: FileKind = {
  recordType: JUSTIFICATION_FILE_KIND,
  label: "justificatif d'absence",
  mediaTypes: JUSTIFICATION_MEDIA_TYPES,
  mayUpload: (v) => v.profile === 'guardian' || v.profile === 'vie_scolaire',
  canRead: async (ctx, justificationId) => {
    const owner = await justificationOwner(ctx.db, justificationId);
    if (!owner) return false;
    try {
      await requireStudent(ctx, owner.student_id);
      // A student's teachers see the absences, not the families' documents.
      return ctx.viewer.profile !== 'teacher';
    } catch {
      return false;
    }
  },
};

const unknownMotif = (motifs: readonly Motif[]): FieldError => ({
  field: 'body.motif',
  message: `Motif inconnu ; motifs possibles : ${motifs.map((m) => m.code).join(', ')}.`,
});

/**
 * A family (or the vie scolaire) justifies absences or lateness: the entries must be the student's, not
 * erroneous nor already covered by a pending or accepted justification; the motif must be one of the
 * établissement's; the attachment must have been uploaded by the same person, and be a PDF, PNG or JPEG by
 * its content. It waits for the CPE's decision; the vie scolaire is told (within its quiet hours).
 */
export async function submitJustification(
  ctx: AttendanceContext,
  input: JustificationInput,
): Promise<JustificationView> {
  await requireJustifier(ctx, input.studentId);
  const st = await visibleStudent(ctx, input.studentId);
  const settings = await attendanceSettings(ctx.db, st.uai);
  const errors: FieldError[] = [];
  if (!settings.motifs.some((m) => m.code === input.motif)) errors.push(unknownMotif(settings.motifs));
  const found = new Map((await entriesToJustify(ctx.db, input.entryIds)).map((e) => [e.id, e]));
  input.entryIds.forEach((id, i) => {
    const e = found.get(id);
    const field = `body.entryIds.${i}`;
    if (!e || e.student_id !== st.id)
      errors.push({ field, message: "Cette saisie n'est pas une absence de l'élève." });
    else if (e.erroneous) errors.push({ field, message: 'Cette saisie a été annulée (erronée).' });
    else if (!isNotifiable(e.status))
      errors.push({ field, message: "Cette saisie n'est ni une absence ni un retard." });
    else if (e.covered)
      errors.push({ field, message: 'Cette absence est déjà justifiée ou en attente de validation.' });
    else if (input.entryIds.indexOf(id) !== i) errors.push({ field, message: 'Saisie donnée deux fois.' });
  });
  if (input.fileId) {
    const file = await uploadedFile(ctx.db, input.fileId);
    if (!file || file.owner_id !== ctx.viewer.id || file.record_type !== JUSTIFICATION_FILE_KIND) {
      errors.push({ field: 'body.fileId', message: 'Pièce jointe introuvable : envoyez-la d’abord.' });
    } else if (file.record_id !== null) {
      errors.push({
        field: 'body.fileId',
        message: 'Cette pièce jointe est déjà rattachée à un autre document.',
      });
    } else if (!(JUSTIFICATION_MEDIA_TYPES as readonly string[]).includes(file.media_type)) {
      errors.push({ field: 'body.fileId', message: 'La pièce jointe doit être un PDF, un PNG ou un JPEG.' });
    }
  }
  if (errors.length) throw invalid(errors);

  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await insertJustification(tx, {
      id,
      uai: st.uai,
      studentId: st.id,
      submittedBy: ctx.viewer.id,
      motif: input.motif,
      comment: input.comment,
      fileId: input.fileId ?? null,
      entryIds: input.entryIds,
    });
    if (input.fileId) {
      // Linked in the same transaction: a file attached meanwhile elsewhere makes the whole justification fail.
      await attachFile(tx, {
        fileId: input.fileId,
        ownerId: ctx.viewer.id,
        recordType: JUSTIFICATION_FILE_KIND,
        recordId: id,
      });
    }
    // The vie scolaire's open queues update live.
    await ctx.live.publish(tx, {
      audience: await vieScolaireOf(tx, st.uai),
      kind: 'attendance.justification-submitted',
      payload: { justificationId: id, studentId: st.id },
      uai: st.uai,
    });
  });
  return getJustification(ctx.db, id, settings.motifs);
}

async function getJustification(db: Db, id: string, motifs: readonly Motif[]): Promise<JustificationView> {
  const row = await justificationById(db, id);
  if (!row) throw notFound("Cette justification n'existe pas.");
  return justificationView(row, motifs);
}

/** The CPE accepts or refuses a justification; the family is told. A decided justification stays decided. */
export async function decideJustification(
  ctx: AttendanceContext,
  id: string,
  decision: JustificationDecision,
): Promise<JustificationView> {
  const head = await justificationHead(ctx.db, id);
  if (!head) throw notFound("Cette justification n'existe pas ou ne vous est pas accessible.");
  await requireAttendanceOffice(ctx, head.uai);
  const settings = await attendanceSettings(ctx.db, head.uai);
  const motif = settings.motifs.find((m) => m.code === (decision.motif ?? head.motif));
  if (!motif) throw invalid([unknownMotif(settings.motifs)]);
  await ctx.db.transaction(async (tx) => {
    const decided = await decidePending(tx, id, {
      state: decision.decision,
      motif: motif.code,
      justifies: motif.justifies,
      decidedBy: ctx.viewer.id,
      comment: decision.comment,
    });
    if (!decided) throw conflict('Cette justification a déjà été traitée.');
    await ctx.live.publish(tx, {
      audience: (await guardiansOf(tx, [head.student_id])).get(head.student_id) ?? [],
      kind: 'attendance.justification-decided',
      payload: {
        justificationId: id,
        studentId: head.student_id,
        state: decision.decision,
        regularisee: decision.decision === 'validee' && motif.justifies,
      },
      uai: head.uai,
    });
  });
  return getJustification(ctx.db, id, settings.motifs);
}

/** The justifications of the actor's établissement, pending first (the CPE's queue). */
export async function justificationQueue(
  ctx: AttendanceContext,
  filter: { state?: JustificationState; limit?: number },
): Promise<JustificationView[]> {
  const uai = ctx.viewer.uai;
  if (!uai) throw forbidden('La file des justifications est réservée à la vie scolaire et à la direction.');
  await requireAttendanceOffice(ctx, uai);
  const settings = await attendanceSettings(ctx.db, uai);
  const rows = await justificationQueueOf(ctx.db, uai, filter.state ?? null, filter.limit ?? 200);
  return rows.map((r) => justificationView(r, settings.motifs));
}
