-- Cahier de textes: entries (a séance's content) with their travail à faire, attachments, the author's private
-- notes, revisions (an entry under a visa is never silently edited: the change is an amendment and the previous
-- state is kept), the direction's visas, students' "done" ticks, and secret calendar-feed addresses.
-- Students and parents see an entry only from its publish_at on ("unpublished means absent").

CREATE TABLE lesson_entries (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,   -- a classe or a groupe
  subject_id text NOT NULL REFERENCES subjects(id),
  teacher_id text NOT NULL REFERENCES users(id),                     -- the author
  seance_id text REFERENCES seances(id) ON DELETE SET NULL,          -- the timetable slot it fills, if any
  date date NOT NULL,                                                -- the séance's day (Paris)
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 160),
  content_html text NOT NULL DEFAULT '',                             -- sanitized
  content_text text NOT NULL DEFAULT '',                             -- the same as plain text (feeds, archive)
  links jsonb NOT NULL DEFAULT '[]'::jsonb,                          -- [{url, label}], http(s) only
  publish_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lesson_entries_class_date ON lesson_entries(class_id, date);
CREATE INDEX lesson_entries_teacher_date ON lesson_entries(teacher_id, date);
-- One entry per séance.
CREATE UNIQUE INDEX lesson_entries_seance ON lesson_entries(seance_id) WHERE seance_id IS NOT NULL;

-- Travail à faire given in an entry, for the entry's class or one of the teacher's groups. The id never changes
-- (calendar UIDs are built from it).
CREATE TABLE lesson_work (
  id text PRIMARY KEY,
  entry_id text NOT NULL REFERENCES lesson_entries(id) ON DELETE CASCADE,
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,   -- who must do it
  position smallint NOT NULL DEFAULT 0,
  type text NOT NULL CHECK (type IN ('ds', 'dm', 'lecon', 'expose', 'exercices', 'recherche', 'autre')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 160),
  instructions_html text NOT NULL DEFAULT '',
  instructions_text text NOT NULL DEFAULT '',
  given_on date NOT NULL,
  due_on date NOT NULL,
  estimated_minutes integer NOT NULL CHECK (estimated_minutes BETWEEN 0 AND 600),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (due_on >= given_on)
);
CREATE INDEX lesson_work_entry ON lesson_work(entry_id);
CREATE INDEX lesson_work_class_due ON lesson_work(class_id, due_on);

-- Files of an entry (files.record_type = 'lesson_entry', record_id = the entry), optionally for one work item.
CREATE TABLE lesson_attachments (
  file_id text PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
  entry_id text NOT NULL REFERENCES lesson_entries(id) ON DELETE CASCADE,
  work_id text REFERENCES lesson_work(id) ON DELETE SET NULL,
  position smallint NOT NULL DEFAULT 0
);
CREATE INDEX lesson_attachments_entry ON lesson_attachments(entry_id);

-- Seen by their author only; never selected for anyone else.
CREATE TABLE lesson_private_notes (
  entry_id text NOT NULL REFERENCES lesson_entries(id) ON DELETE CASCADE,
  author_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  note text NOT NULL CHECK (char_length(note) <= 2000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, author_id)
);

-- The direction's visa on a class's (or group's) cahier: entries dated up to up_to are locked.
CREATE TABLE lesson_visas (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  up_to date NOT NULL,
  comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 500),
  visaed_by text NOT NULL REFERENCES users(id),
  visaed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (class_id, up_to)
);

-- Each earlier state of an entry. `amendment`: the change came after a visa covered the entry (shown to every
-- reader); `snapshot` is null when the entry itself was added after the visa.
CREATE TABLE lesson_entry_revisions (
  id bigserial PRIMARY KEY,
  entry_id text NOT NULL REFERENCES lesson_entries(id) ON DELETE CASCADE,
  version integer NOT NULL,
  snapshot jsonb,
  amendment boolean NOT NULL DEFAULT false,
  visa_id text REFERENCES lesson_visas(id),
  reason text,
  changed_by text NOT NULL REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, version)
);

-- A student's tick: the work is done.
CREATE TABLE lesson_work_done (
  work_id text NOT NULL REFERENCES lesson_work(id) ON DELETE CASCADE,
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  done_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (work_id, student_id)
);
CREATE INDEX lesson_work_done_student ON lesson_work_done(student_id);

-- Calendar feeds at secret addresses: only a hash of the secret is kept; revoked feeds answer 404.
CREATE TABLE lesson_feeds (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('student', 'guardian', 'teacher')),
  student_id text REFERENCES users(id) ON DELETE CASCADE,           -- the child of a parent's feed
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  CHECK ((kind = 'guardian') = (student_id IS NOT NULL))
);
CREATE INDEX lesson_feeds_user ON lesson_feeds(user_id);
