import type { Profile } from '../people.js';
import type { NotifyMode, SystemFolder } from './schemas.js';
import type { MessageGroupKind, MessagingSettings } from './settings.js';

/**
 * What the messaging API answers, shared by the API (which builds them) and the <preau-messages> element.
 * Instants are ISO 8601 strings. Bodies (`bodyHtml`) are already sanitized by the server; remote images come
 * without `src`: their address is in `data-preau-src`, for a "show images" choice of the reader.
 */

export type MessageState = 'draft' | 'scheduled' | 'sent';

/** Someone as a message shows them (sender, reporter): name and profile. */
export interface MessagePerson {
  id: string;
  name: string;
  profile: Profile;
}

/** An addressee as the viewer may see it: a person, or a group (never its members). */
export interface AddresseeView {
  kind: 'user' | 'group';
  /** The user id, or the group address (`class_parents:<classId>`). */
  id: string;
  label: string;
  field: 'to' | 'cc' | 'bcc';
  /** Groups: how many people it reached (the sender's view only; null before delivery). */
  memberCount: number | null;
}

export interface ReceiptSummary {
  read: number;
  total: number;
}

/** One line of a message list. */
export interface MessageSummary {
  id: string;
  threadId: string;
  /** Where the message sits for the viewer: a system folder or a personal folder's id. */
  folder: string;
  state: MessageState;
  subject: string;
  excerpt: string;
  from: MessagePerson;
  /** For one's own messages: whom it was addressed to (labels); for received ones: empty. */
  to: string[];
  /** Delivery (received, sent), planned delivery (scheduled) or last save (drafts). */
  at: string;
  sendAt: string | null;
  read: boolean;
  urgent: boolean;
  noReply: boolean;
  hasAttachments: boolean;
  /** Sender's copies of sent messages: "lu par 18 / 24". */
  receipts: ReceiptSummary | null;
}

export interface AttachmentView {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

/** One message opened. */
export interface MessageView extends MessageSummary {
  parentId: string | null;
  bodyHtml: string;
  /** To and cc for everyone; bcc only to the sender (a bcc recipient sees only themselves). */
  addressees: AddresseeView[];
  attachments: AttachmentView[];
  /** Whether the viewer is in bcc (shown "en copie cachée"). */
  viewerInBcc: boolean;
  canReply: boolean;
  canReplyAll: boolean;
  /** The sender may recall until then (read by nobody); null when it cannot be recalled. */
  recallableUntil: string | null;
  /** The message was reported by the viewer. */
  reported: boolean;
}

export interface ThreadView {
  id: string;
  subject: string;
  /** The messages of the thread the viewer holds (not trashed for good), oldest first. */
  messages: MessageView[];
}

/** A draft as the composer reloads it. */
export interface DraftView {
  id: string;
  threadId: string;
  parentId: string | null;
  version: number;
  subject: string;
  bodyHtml: string;
  to: AddresseeView[];
  cc: AddresseeView[];
  bcc: AddresseeView[];
  attachments: AttachmentView[];
  noReply: boolean;
  urgent: boolean;
  sendAt: string | null;
  /**
   * When the message would reach its recipients if sent now: now, its `sendAt`, or the end of the établissement's
   * quiet hours ("rédigé le soir, distribué à 7 h"); the composer suggests it.
   */
  deliversAt: string;
  savedAt: string;
}

export interface MessageListView {
  items: MessageSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface FolderView {
  id: string;
  name: string;
  system: SystemFolder | null;
  total: number;
  unread: number;
}

export interface MailboxView {
  folders: FolderView[];
  /** Unread messages in the inbox (the badge). */
  unread: number;
  canSendUrgent: boolean;
  recallMinutes: number;
  /**
   * The server's time when it answered (the API always sends it): the element measures « now » against it — a
   * page whose computer's clock is wrong still knows what can be recalled or waits for the quiet hours' end.
   */
  now?: string;
}

/** A person the viewer may write to, as the recipient picker shows them. */
export interface RecipientOption {
  kind: 'user';
  id: string;
  name: string;
  profile: Profile;
  /** "Professeur principal de 4e B", "Parent de Camille (4e A)"… */
  detail: string;
}

export interface GroupOption {
  kind: 'group';
  id: string;
  group: MessageGroupKind;
  label: string;
  memberCount: number;
}

export interface RecipientsView {
  people: RecipientOption[];
  groups: GroupOption[];
}

export interface ReceiptLine {
  id: string;
  name: string;
  profile: Profile;
  field: 'to' | 'cc' | 'bcc';
  readAt: string | null;
}

export interface ReceiptsView extends ReceiptSummary {
  recipients: ReceiptLine[];
}

export interface SendResult {
  message: MessageSummary;
  /** True when delivered now; false when waiting for its time (`deliversAt`). */
  delivered: boolean;
  /** When it reached, or will reach, its recipients. */
  deliversAt: string;
}

export interface ReportView {
  id: string;
  uai: string;
  messageId: string;
  threadId: string;
  subject: string;
  reporter: MessagePerson;
  sender: MessagePerson;
  reason: string;
  state: 'open' | 'closed';
  createdAt: string;
  closedAt: string | null;
  note: string | null;
}

export interface ReportDetailView {
  report: ReportView;
  /** The thread as the person who reported it sees it. */
  thread: ThreadView;
}

export interface MessagePreferencesView {
  email: string | null;
  notify: NotifyMode;
}

export type MessagingSettingsView = MessagingSettings;
