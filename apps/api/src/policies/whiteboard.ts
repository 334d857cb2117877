/**
 * Who may do what with interactive-whiteboard documents. Documents live in the file store, attached to a séance:
 * reading follows the séance (whoever may see its class); attaching and saving the class trace are for those
 * who record the séance (its teacher, the CPE and the direction). Annotations are each user's own.
 */
import type { Access, PolicyContext } from './access.js';
import { requireSeance, type SeanceFacts } from './platform.js';

export const WHITEBOARD_DOCUMENT_KIND = 'whiteboard_document';

export const WHITEBOARD_ATTACH: Access = {
  who: ['teacher', 'vie_scolaire', 'direction'],
  relation: 'own-seance',
  summary: 'Le professeur de la séance, le CPE et la direction de l’établissement.',
};
export const WHITEBOARD_SEANCE_READ: Access = {
  who: 'signed-in',
  relation: 'own-class',
  summary: 'Quiconque voit la classe de la séance (élèves, familles, équipe).',
};
export const WHITEBOARD_ANNOTATIONS: Access = {
  who: 'signed-in',
  relation: 'self',
  summary: 'Ses propres annotations, sur un document qu’on peut lire.',
};
export const WHITEBOARD_TRACE_SAVE: Access = {
  who: ['teacher', 'vie_scolaire', 'direction'],
  relation: 'own-seance',
  summary: 'Le professeur de la séance (ou le CPE, la direction) enregistre la trace de la classe.',
};
export const WHITEBOARD_TRACE_READ: Access = {
  who: 'signed-in',
  relation: 'own-class',
  summary: 'Quiconque voit la classe de la séance de la trace.',
};

/** The séance, if the viewer may see it (404 outside their reach, 403 within). */
export const requireWhiteboardSeanceReader = (ctx: PolicyContext, seanceId: string): Promise<SeanceFacts> =>
  requireSeance(ctx, seanceId, 'read');

/** The séance, if the viewer records it (its teacher, the CPE and the direction of its établissement). */
export const requireWhiteboardSeanceRecorder = (ctx: PolicyContext, seanceId: string): Promise<SeanceFacts> =>
  requireSeance(ctx, seanceId, 'record');

/** May the viewer read a whiteboard document attached to this séance? (the file store's rule for the kind) */
export async function canReadSeanceDocument(ctx: PolicyContext, seanceId: string): Promise<boolean> {
  try {
    await requireSeance(ctx, seanceId, 'read');
    return true;
  } catch {
    return false;
  }
}
