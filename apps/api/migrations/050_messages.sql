-- Messaging (messagerie): one row per message whatever its number of recipients, the addressees as the sender
-- wrote them (a group is one row), one mailbox entry per person holding the message (the sender's copy and each
-- recipient's, inserted set-based at delivery), personal folders, reports to the direction, e-mail preferences
-- and the queue of notification e-mails.

-- Accent and case folding for search (names in the recipient picker, full-text search of messages): the same
-- expression on both sides, immutable so that it may feed generated columns and indexes. lower() alone would not
-- fold accented capitals under the C locale.
CREATE FUNCTION preau_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(replace(replace(replace(replace(replace(translate(t,
    'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝŸýÿ’',
    'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYYyy'''),
    'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae'), 'ß', 'ss'))
$$;

CREATE TABLE messages (
  id text PRIMARY KEY,
  -- the sender's établissement (for a guardian: the école of the children the message is about)
  uai text NOT NULL REFERENCES etablissements(uai),
  thread_id text NOT NULL,            -- the first message's id
  parent_id text REFERENCES messages(id) ON DELETE SET NULL,
  sender_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sender_name text NOT NULL,          -- "Hélène MARTIN" at the time of writing: lists and search need no join
  subject text NOT NULL DEFAULT '',
  body_html text NOT NULL DEFAULT '', -- sanitized before it is stored
  body_text text NOT NULL DEFAULT '', -- plain text of the body: excerpts, search, e-mails
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'sent')),
  no_reply boolean NOT NULL DEFAULT false,
  urgent boolean NOT NULL DEFAULT false,
  send_at timestamptz,                -- chosen delivery time (deferred send); null: now
  sent_at timestamptz,                -- delivered to the recipients
  recipient_count integer NOT NULL DEFAULT 0,
  client_key text,                    -- idempotent draft creation (a retried POST finds its draft)
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('french', preau_fold(subject)), 'A') ||
    setweight(to_tsvector('french', preau_fold(sender_name)), 'B') ||
    setweight(to_tsvector('french', preau_fold(body_text)), 'C')
  ) STORED,
  UNIQUE (sender_id, client_key)
);
CREATE INDEX messages_thread ON messages(thread_id);
CREATE INDEX messages_due ON messages(send_at) WHERE state = 'scheduled';
CREATE INDEX messages_search ON messages USING gin(search);

-- To, cc and bcc as written: a person, or a group (a class's parents…) expanded when the message is delivered.
CREATE TABLE message_addressees (
  message_id text NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position integer NOT NULL,
  field text NOT NULL CHECK (field IN ('to', 'cc', 'bcc')),
  user_id text REFERENCES users(id) ON DELETE CASCADE,
  group_kind text CHECK (group_kind IN ('class_parents', 'class_students', 'class_teachers', 'vie_scolaire',
                                        'direction', 'all_parents', 'all_students', 'all_staff')),
  group_scope text,                   -- a class id, or a UAI
  member_count integer,               -- recipients it reached at delivery
  PRIMARY KEY (message_id, position),
  CHECK ((user_id IS NULL) <> (group_kind IS NULL))
);

CREATE TABLE message_folders (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX message_folders_name ON message_folders(user_id, lower(name));

-- A message in a person's mailbox: the sender's copy (box draft, scheduled or sent) or a recipient's (inbox).
CREATE TABLE mailbox_entries (
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message_id text NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  thread_id text NOT NULL,
  box text NOT NULL CHECK (box IN ('draft', 'scheduled', 'sent', 'inbox')),
  role text NOT NULL CHECK (role IN ('sender', 'to', 'cc', 'bcc')),
  at timestamptz NOT NULL,            -- the time the list sorts by: delivery, sending, last save
  read_at timestamptz,                -- the reader's own read/unread mark
  seen_at timestamptz,                -- first opened: the sender's read receipt (never cleared)
  folder_id text REFERENCES message_folders(id) ON DELETE SET NULL,
  trashed_at timestamptz,
  deleted_at timestamptz,             -- removed from the trash for good (kept for the sender's read receipts)
  PRIMARY KEY (user_id, message_id)
);
CREATE INDEX mailbox_entries_list ON mailbox_entries(user_id, box, at DESC, message_id DESC)
  WHERE trashed_at IS NULL AND deleted_at IS NULL AND folder_id IS NULL;
-- Search walks a person's messages newest first and stops at a page: common words never scan the whole table.
CREATE INDEX mailbox_entries_by_time ON mailbox_entries(user_id, at DESC, message_id DESC) WHERE deleted_at IS NULL;
CREATE INDEX mailbox_entries_unread ON mailbox_entries(user_id)
  WHERE read_at IS NULL AND box = 'inbox' AND deleted_at IS NULL;
CREATE INDEX mailbox_entries_message ON mailbox_entries(message_id);
CREATE INDEX mailbox_entries_folder ON mailbox_entries(user_id, folder_id, at DESC) WHERE folder_id IS NOT NULL;
CREATE INDEX mailbox_entries_trash ON mailbox_entries(user_id, trashed_at DESC) WHERE trashed_at IS NOT NULL;

-- A message reported to the direction of its établissement (abuse, harassment…).
CREATE TABLE message_reports (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  message_id text NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  reporter_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason text NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  created_at timestamptz NOT NULL,
  closed_by text REFERENCES users(id),
  closed_at timestamptz,
  note text,
  UNIQUE (message_id, reporter_id)
);
CREATE INDEX message_reports_queue ON message_reports(uai, state, created_at DESC);

-- How a person wants to hear of new messages by e-mail.
CREATE TABLE message_preferences (
  user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  email text,
  notify text NOT NULL DEFAULT 'never' CHECK (notify IN ('immediate', 'digest', 'never')),
  updated_at timestamptz NOT NULL
);

-- Notification e-mails waiting for their time (immediately, or the établissement's daily digest).
CREATE TABLE message_mail_queue (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message_id text NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('immediate', 'digest')),
  due_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  UNIQUE (user_id, message_id)
);
CREATE INDEX message_mail_queue_due ON message_mail_queue(due_at) WHERE sent_at IS NULL;
