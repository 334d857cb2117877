/**
 * What `<preau-messages>` shows, and the readers that take it from a host or a server without trusting it: a
 * field of the wrong type falls back to an empty value, an unusable record is dropped, nothing throws.
 */
import type {
  AddresseeView,
  AttachmentView,
  DraftView,
  FolderView,
  GroupOption,
  MailboxView,
  MessageListView,
  MessageSummary,
  MessageView,
  RecipientOption,
  RecipientsView,
  ThreadView,
} from '@preau/core/messages/views';

export type {
  AddresseeView,
  AttachmentView,
  DraftView,
  FolderView,
  GroupOption,
  MailboxView,
  MessageListView,
  MessageSummary,
  MessageView,
  RecipientOption,
  RecipientsView,
  ThreadView,
};

/**
 * Property mode's data. `messages` holds the summaries of the folders the host has loaded (each says its
 * `folder`); `threads` the conversations that can be opened; `recipients` what the picker offers (only whom the
 * user may write to). Connected mode fills the same shape from the API.
 */
export interface MessagesData {
  mailbox: MailboxView;
  messages: MessageSummary[];
  threads?: ThreadView[];
  recipients?: RecipientsView;
}

/** A person or a group chosen in the recipient picker. */
export interface AddressChoice {
  kind: 'user' | 'group';
  id: string;
  label: string;
  /** "Professeur de mathématiques", "Parent de Camille (4e A)"… */
  detail?: string;
  /** Groups: how many people it reaches. */
  memberCount?: number;
}

/** The composer's content, as saved and sent. `body` is HTML (the server sanitizes it). */
export interface ComposedDraft {
  /** The server's draft (connected mode), once created. */
  id: string | null;
  replyTo: string | null;
  subject: string;
  body: string;
  to: AddressChoice[];
  cc: AddressChoice[];
  bcc: AddressChoice[];
  attachmentIds: string[];
  noReply: boolean;
  urgent: boolean;
  /** Deferred send: an ISO instant, or null to send now. */
  sendAt: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const bool = (v: unknown): boolean => v === true;
const list = <T>(v: unknown, read: (x: unknown) => T | null): T[] =>
  Array.isArray(v) ? v.map(read).filter((x): x is T => x !== null) : [];
const PROFILES = ['student', 'guardian', 'teacher', 'vie_scolaire', 'direction', 'staff'] as const;

function person(v: unknown): MessageSummary['from'] {
  const p = isObject(v) ? v : {};
  const profile = PROFILES.find((x) => x === p.profile) ?? 'staff';
  return { id: str(p.id), name: str(p.name), profile };
}

function folder(v: unknown): FolderView | null {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id) return null;
  return {
    id: v.id,
    name: str(v.name, v.id),
    system: typeof v.system === 'string' ? (v.system as FolderView['system']) : null,
    total: num(v.total),
    unread: num(v.unread),
  };
}

export function asMailbox(v: unknown): MailboxView | null {
  if (!isObject(v) || !Array.isArray(v.folders)) return null;
  return {
    folders: list(v.folders, folder),
    unread: num(v.unread),
    canSendUrgent: bool(v.canSendUrgent),
    recallMinutes: num(v.recallMinutes),
    ...(typeof v.now === 'string' && !Number.isNaN(Date.parse(v.now)) ? { now: v.now } : {}),
  };
}

export function asSummary(v: unknown): MessageSummary | null {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id) return null;
  const receipts = isObject(v.receipts) ? { read: num(v.receipts.read), total: num(v.receipts.total) } : null;
  const state = v.state === 'draft' || v.state === 'scheduled' ? v.state : 'sent';
  return {
    id: v.id,
    threadId: str(v.threadId, v.id),
    folder: str(v.folder, 'inbox'),
    state,
    subject: str(v.subject),
    excerpt: str(v.excerpt),
    from: person(v.from),
    to: list(v.to, (x) => (typeof x === 'string' ? x : null)),
    at: str(v.at),
    sendAt: typeof v.sendAt === 'string' ? v.sendAt : null,
    read: v.read !== false,
    urgent: bool(v.urgent),
    noReply: bool(v.noReply),
    hasAttachments: bool(v.hasAttachments),
    receipts,
  };
}

function addressee(v: unknown): AddresseeView | null {
  if (!isObject(v) || typeof v.id !== 'string') return null;
  return {
    kind: v.kind === 'group' ? 'group' : 'user',
    id: v.id,
    label: str(v.label),
    field: v.field === 'cc' || v.field === 'bcc' ? v.field : 'to',
    memberCount: typeof v.memberCount === 'number' ? num(v.memberCount) : null,
  };
}

function attachment(v: unknown): AttachmentView | null {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id) return null;
  return { id: v.id, name: str(v.name, v.id), mediaType: str(v.mediaType), size: num(v.size) };
}

export function asMessage(v: unknown): MessageView | null {
  const s = asSummary(v);
  if (!s || !isObject(v)) return null;
  return {
    ...s,
    parentId: typeof v.parentId === 'string' ? v.parentId : null,
    bodyHtml: str(v.bodyHtml),
    addressees: list(v.addressees, addressee),
    attachments: list(v.attachments, attachment),
    viewerInBcc: bool(v.viewerInBcc),
    canReply: bool(v.canReply),
    canReplyAll: bool(v.canReplyAll),
    recallableUntil: typeof v.recallableUntil === 'string' ? v.recallableUntil : null,
    reported: bool(v.reported),
  };
}

export function asThread(v: unknown): ThreadView | null {
  if (!isObject(v) || typeof v.id !== 'string' || !Array.isArray(v.messages)) return null;
  return { id: v.id, subject: str(v.subject), messages: list(v.messages, asMessage) };
}

function recipientOption(v: unknown): RecipientOption | null {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id) return null;
  const p = person(v);
  return { kind: 'user', id: v.id, name: str(v.name, v.id), profile: p.profile, detail: str(v.detail) };
}

function groupOption(v: unknown): GroupOption | null {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id) return null;
  return {
    kind: 'group',
    id: v.id,
    group: str(v.group) as GroupOption['group'],
    label: str(v.label, v.id),
    memberCount: num(v.memberCount),
  };
}

export function asRecipients(v: unknown): RecipientsView {
  const r = isObject(v) ? v : {};
  return { people: list(r.people, recipientOption), groups: list(r.groups, groupOption) };
}

export function asDraft(v: unknown): DraftView | null {
  if (!isObject(v) || typeof v.id !== 'string' || !v.id) return null;
  return {
    id: v.id,
    threadId: str(v.threadId, v.id),
    parentId: typeof v.parentId === 'string' ? v.parentId : null,
    version: num(v.version),
    subject: str(v.subject),
    bodyHtml: str(v.bodyHtml),
    to: list(v.to, addressee),
    cc: list(v.cc, addressee),
    bcc: list(v.bcc, addressee),
    attachments: list(v.attachments, attachment),
    noReply: bool(v.noReply),
    urgent: bool(v.urgent),
    sendAt: typeof v.sendAt === 'string' ? v.sendAt : null,
    deliversAt: str(v.deliversAt),
    savedAt: str(v.savedAt),
  };
}

/** The data of property mode (or of connected mode once loaded); null when it is unusable. */
export function asMessagesData(v: unknown): MessagesData | null {
  if (!isObject(v)) return null;
  const mailbox = asMailbox(v.mailbox);
  if (!mailbox) return null;
  return {
    mailbox,
    messages: list(v.messages, asSummary),
    threads: list(v.threads, asThread),
    recipients: asRecipients(v.recipients),
  };
}

/** A message's addressees as the composer holds them. */
export const choiceOf = (a: AddresseeView): AddressChoice => ({
  kind: a.kind,
  id: a.id,
  label: a.label,
  ...(a.memberCount !== null ? { memberCount: a.memberCount } : {}),
});

export const emptyDraft = (): ComposedDraft => ({
  id: null,
  replyTo: null,
  subject: '',
  body: '',
  to: [],
  cc: [],
  bcc: [],
  attachmentIds: [],
  noReply: false,
  urgent: false,
  sendAt: null,
});
