import type { PreauElement } from '../base/preau-element.js';
import type { SaveQueue } from '../base/save-queue.js';
import type { StatusController } from '../base/status.js';
import type { MessagesMessageKey } from './messages.messages.js';
import type {
  AttachmentView,
  ComposedDraft,
  DraftView,
  MailboxView,
  MessageSummary,
  MessagesData,
  ThreadView,
} from './messages.types.js';

/** Which pane a one-column (phone) layout shows. */
export type MessagesPane = 'list' | 'reader' | 'composer';

/** What the view modules of `<preau-messages>` see of the element. */
export interface MessagesHost extends PreauElement {
  src: string;
  data: MessagesData | null;
  folder: string;
  query: string;
  selectedId: string | null;
  pane: MessagesPane;
  readonly status: StatusController;
  readonly saves: SaveQueue;
  msg(key: MessagesMessageKey, vars?: Record<string, unknown>): string;
  /** The data as read (null when unusable). */
  view(): MessagesData | null;
  mailbox(): MailboxView | null;
  /** The list shown: the folder's messages (or the search's), newest first. */
  items(): MessageSummary[];
  /** The conversation of the message opened, when known. */
  thread(): ThreadView | null;
  /** A folder's name in the element's language. */
  folderName(id: string): string;
  selectFolder(id: string): void;
  search(query: string): void;
  openMessage(message: MessageSummary): void;
  closeReader(focusList?: boolean): void;
  openComposer(draft?: ComposedDraft, server?: DraftView | null, attachments?: AttachmentView[]): void;
  closeComposer(): void;
  /** Property mode's messages changed in place (moved): the list is worked out again. */
  changedMessages(): void;
  /** Connected mode: reads the mailbox and the list again, keeping what is shown. */
  refresh(): Promise<void>;
  /** An API path under `src` (`mailbox` → `/api/v1/messages/mailbox`). */
  path(rel: string): string;
  /** « Now »: the element's clock, set to the server's time when the data carries it (`mailbox.now`). */
  now(): Date;
  /** A short date: the time for today, else the day. */
  when(iso: string): string;
  /** Where an attachment is downloaded. */
  fileUrl(id: string): string;
}
