-- Attendance (vie scolaire): roll calls per séance, one entry per student, a history of every change,
-- justifications sent by families and decided by the CPE. (Its live notices are the platform's: 003_live_notices.)
-- Nothing here is deleted by the application: an entry is corrected (history keeps the old value) or marked
-- erroneous.

-- One roll call per séance; absent row = à faire.
CREATE TABLE roll_calls (
  seance_id text PRIMARY KEY REFERENCES seances(id) ON DELETE CASCADE,
  opened_by text NOT NULL REFERENCES users(id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_by text REFERENCES users(id),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attendance_entries (
  id text PRIMARY KEY,
  seance_id text NOT NULL REFERENCES seances(id) ON DELETE CASCADE,
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  uai text NOT NULL REFERENCES etablissements(uai),
  -- copied from the séance so tallies over a date range need no join
  starts_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN
    ('present', 'absent', 'retard', 'depart_anticipe', 'dispense', 'exclusion')),
  late_minutes integer CHECK (late_minutes IS NULL OR late_minutes BETWEEN 1 AND 600),
  note text,
  erroneous boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  recorded_by text NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seance_id, student_id),
  CHECK ((status = 'retard') = (late_minutes IS NOT NULL))
);
CREATE INDEX attendance_entries_student_time ON attendance_entries(student_id, starts_at);
CREATE INDEX attendance_entries_uai_time ON attendance_entries(uai, starts_at);

-- The value an entry had before each change (a correction, or being marked erroneous).
CREATE TABLE attendance_entry_history (
  id bigserial PRIMARY KEY,
  entry_id text NOT NULL REFERENCES attendance_entries(id) ON DELETE CASCADE,
  version integer NOT NULL,
  status text NOT NULL,
  late_minutes integer,
  note text,
  erroneous boolean NOT NULL,
  recorded_by text NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL,
  changed_by text NOT NULL REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  reason text,
  UNIQUE (entry_id, version)
);

CREATE TABLE absence_justifications (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  submitted_by text NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  motif text NOT NULL,
  comment text NOT NULL DEFAULT '',
  file_id text REFERENCES files(id),
  state text NOT NULL DEFAULT 'en_attente' CHECK (state IN ('en_attente', 'validee', 'refusee')),
  -- the motif justifies (copied from the établissement's motifs when decided): validée + justifies = régularisée
  justifies boolean,
  decided_by text REFERENCES users(id),
  decided_at timestamptz,
  decision_comment text
);
CREATE INDEX absence_justifications_queue ON absence_justifications(uai, state, submitted_at);
CREATE INDEX absence_justifications_student ON absence_justifications(student_id);

CREATE TABLE absence_justification_entries (
  justification_id text NOT NULL REFERENCES absence_justifications(id) ON DELETE CASCADE,
  entry_id text NOT NULL REFERENCES attendance_entries(id) ON DELETE CASCADE,
  PRIMARY KEY (justification_id, entry_id)
);
CREATE INDEX absence_justification_entries_entry ON absence_justification_entries(entry_id);
