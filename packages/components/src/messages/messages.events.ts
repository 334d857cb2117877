import { PreauEvent } from '../base/events.js';
import type { ComposedDraft } from './messages.types.js';

/** A folder was chosen. Cancelable: the host of property mode loads its messages and sets `.data`. */
export class PreauFolderSelectEvent extends PreauEvent<{ folder: string }> {
  static readonly eventName = 'preau-folder-select';
  constructor(detail: { folder: string }) {
    super(PreauFolderSelectEvent.eventName, detail, { cancelable: true });
  }
}

/** A message was opened in the reading pane. Cancelable. */
export class PreauMessageOpenEvent extends PreauEvent<{ messageId: string; threadId: string }> {
  static readonly eventName = 'preau-message-open';
  constructor(detail: { messageId: string; threadId: string }) {
    super(PreauMessageOpenEvent.eventName, detail, { cancelable: true });
  }
}

/** Messages marked read or unread (opening an unread message marks it read). Cancelable. */
export class PreauMessageMarkEvent extends PreauEvent<{ ids: string[]; read: boolean }> {
  static readonly eventName = 'preau-message-mark';
  constructor(detail: { ids: string[]; read: boolean }) {
    super(PreauMessageMarkEvent.eventName, detail, { cancelable: true });
  }
}

/** Messages moved (`trash`, `inbox`, a personal folder's id). Cancelable. */
export class PreauMessageMoveEvent extends PreauEvent<{ ids: string[]; folder: string }> {
  static readonly eventName = 'preau-message-move';
  constructor(detail: { ids: string[]; folder: string }) {
    super(PreauMessageMoveEvent.eventName, detail, { cancelable: true });
  }
}

/** A search was asked for (empty: back to the folder). Cancelable. */
export class PreauMessageSearchEvent extends PreauEvent<{ query: string }> {
  static readonly eventName = 'preau-message-search';
  constructor(detail: { query: string }) {
    super(PreauMessageSearchEvent.eventName, detail, { cancelable: true });
  }
}

/** The composer's content changed (autosave). Cancelable: connected mode then does not save it. */
export class PreauDraftSaveEvent extends PreauEvent<{ draft: ComposedDraft }> {
  static readonly eventName = 'preau-draft-save';
  constructor(detail: { draft: ComposedDraft }) {
    super(PreauDraftSaveEvent.eventName, detail, { cancelable: true });
  }
}

/**
 * The user sent the message (now, or at `draft.sendAt`). Cancelable. Property mode: `files` are the attachments
 * chosen (connected mode uploads them as they are chosen, their ids in `draft.attachmentIds`).
 */
export class PreauMessageSendEvent extends PreauEvent<{ draft: ComposedDraft; files: File[] }> {
  static readonly eventName = 'preau-message-send';
  constructor(detail: { draft: ComposedDraft; files: File[] }) {
    super(PreauMessageSendEvent.eventName, detail, { cancelable: true });
  }
}

/** A reply (to the sender, or to all) was asked for. Cancelable. */
export class PreauMessageReplyEvent extends PreauEvent<{ messageId: string; all: boolean }> {
  static readonly eventName = 'preau-message-reply';
  constructor(detail: { messageId: string; all: boolean }) {
    super(PreauMessageReplyEvent.eventName, detail, { cancelable: true });
  }
}

/** The sender recalled a message nobody has read yet. Cancelable. */
export class PreauMessageRecallEvent extends PreauEvent<{ messageId: string }> {
  static readonly eventName = 'preau-message-recall';
  constructor(detail: { messageId: string }) {
    super(PreauMessageRecallEvent.eventName, detail, { cancelable: true });
  }
}

/** A recipient reported a message to the direction. Cancelable. */
export class PreauMessageReportEvent extends PreauEvent<{ messageId: string; reason: string }> {
  static readonly eventName = 'preau-message-report';
  constructor(detail: { messageId: string; reason: string }) {
    super(PreauMessageReportEvent.eventName, detail, { cancelable: true });
  }
}

/** Connected mode: a live notice arrived (`messages.received`, `messages.read`, `messages.recalled`…). */
export class PreauMessagesNoticeEvent extends PreauEvent<{ kind: string; payload: Record<string, unknown> }> {
  static readonly eventName = 'preau-messages-notice';
  constructor(detail: { kind: string; payload: Record<string, unknown> }) {
    super(PreauMessagesNoticeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-folder-select': PreauFolderSelectEvent;
    'preau-message-open': PreauMessageOpenEvent;
    'preau-message-mark': PreauMessageMarkEvent;
    'preau-message-move': PreauMessageMoveEvent;
    'preau-message-search': PreauMessageSearchEvent;
    'preau-draft-save': PreauDraftSaveEvent;
    'preau-message-send': PreauMessageSendEvent;
    'preau-message-reply': PreauMessageReplyEvent;
    'preau-message-recall': PreauMessageRecallEvent;
    'preau-message-report': PreauMessageReportEvent;
    'preau-messages-notice': PreauMessagesNoticeEvent;
  }
}
