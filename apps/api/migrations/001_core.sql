-- Core structure of an ENT: territories, établissements, people, classes, timetable.
-- Identifiers are opaque text. Times are timestamptz (shown in Europe/Paris).

CREATE TABLE academies (
  code text PRIMARY KEY,              -- code_academie of the Ministry, e.g. '19' (Reims)
  name text NOT NULL
);

CREATE TABLE departements (
  code text PRIMARY KEY,              -- three characters as in the Ministry's files: '051', '02A', '971'
  name text NOT NULL,
  academie_code text NOT NULL REFERENCES academies(code),
  region_code text NOT NULL,
  region_name text NOT NULL
);

CREATE TABLE etablissements (
  uai text PRIMARY KEY CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('college', 'lycee')),
  sector text NOT NULL CHECK (sector IN ('public', 'prive')),
  commune text NOT NULL,
  departement_code text NOT NULL REFERENCES departements(code),
  latitude double precision,
  longitude double precision,
  student_count integer,
  -- what this établissement chooses (grade visibility, absence alert threshold, messaging rules…)
  settings jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX etablissements_departement ON etablissements(departement_code);

CREATE TABLE users (
  id text PRIMARY KEY,
  login text NOT NULL UNIQUE,
  first_name text NOT NULL,
  last_name text NOT NULL,
  -- student, guardian, teacher, vie_scolaire, direction, staff, inspector, analyst
  profile text NOT NULL CHECK (profile IN
    ('student', 'guardian', 'teacher', 'vie_scolaire', 'direction', 'staff', 'inspector', 'analyst')),
  -- functions within the profile: cpe, principal, adjoint, professeur_principal…
  functions text[] NOT NULL DEFAULT '{}',
  uai text REFERENCES etablissements(uai),
  -- for inspectors and analysts: the territory they see
  scope_kind text CHECK (scope_kind IN ('national', 'academie', 'departement')),
  scope_code text,
  password_hash text,                 -- scrypt, self-describing string; null until first sign-in
  access_code_hash text,              -- issued code, valid for the first sign-in only
  must_change_password boolean NOT NULL DEFAULT true,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (profile NOT IN ('student', 'guardian', 'teacher', 'vie_scolaire', 'direction', 'staff') OR uai IS NOT NULL),
  CHECK (profile NOT IN ('analyst', 'inspector') OR scope_kind IS NOT NULL)
);
CREATE INDEX users_uai_profile ON users(uai, profile);
-- Sign-in matches identifiers without regard to case.
CREATE UNIQUE INDEX users_login_lower ON users(lower(login));

CREATE TABLE sessions (
  id text PRIMARY KEY,                -- SHA-256 of the cookie token: a stolen table gives no usable cookie
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions(user_id);

-- A classe (division, e.g. 4e B) or a groupe (language group, option) of one school year.
CREATE TABLE classes (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  kind text NOT NULL CHECK (kind IN ('classe', 'groupe')),
  name text NOT NULL,
  level text,                         -- 6e, 5e, 4e, 3e, 2nde, 1re, Tle
  school_year integer NOT NULL,       -- 2026 means 2026-2027
  period_scheme text NOT NULL DEFAULT 'trimestre' CHECK (period_scheme IN ('trimestre', 'semestre')),
  head_teacher_id text REFERENCES users(id),   -- professeur principal
  UNIQUE (uai, school_year, name)
);

CREATE TABLE enrolments (
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (class_id, student_id)
);
CREATE INDEX enrolments_student ON enrolments(student_id);

CREATE TABLE guardianships (
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  guardian_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  relation text NOT NULL DEFAULT 'responsable' CHECK (relation IN ('mere', 'pere', 'tuteur', 'responsable')),
  PRIMARY KEY (student_id, guardian_id)
);
CREATE INDEX guardianships_guardian ON guardianships(guardian_id);

CREATE TABLE subjects (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  code text NOT NULL,                 -- e.g. MATHS, FRANC, HIGEO
  name text NOT NULL,
  coefficient numeric(6, 2) NOT NULL DEFAULT 1 CHECK (coefficient > 0),
  UNIQUE (uai, code)
);

CREATE TABLE teaching_assignments (
  id text PRIMARY KEY,
  teacher_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  subject_id text NOT NULL REFERENCES subjects(id),
  UNIQUE (teacher_id, class_id, subject_id)
);
CREATE INDEX teaching_assignments_class ON teaching_assignments(class_id);

CREATE TABLE periods (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  school_year integer NOT NULL,
  scheme text NOT NULL CHECK (scheme IN ('trimestre', 'semestre')),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 3),
  name text NOT NULL,                 -- Trimestre 1, Semestre 2…
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  grades_deadline date NOT NULL,      -- before the conseil de classe
  UNIQUE (uai, school_year, scheme, number),
  CHECK (starts_on <= ends_on)
);

-- One dated timetable slot: one subject for one class or group with one teacher.
CREATE TABLE seances (
  id text PRIMARY KEY,
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  subject_id text NOT NULL REFERENCES subjects(id),
  teacher_id text NOT NULL REFERENCES users(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  room text,
  CHECK (starts_at < ends_at)
);
CREATE INDEX seances_class_time ON seances(class_id, starts_at);
CREATE INDEX seances_teacher_time ON seances(teacher_id, starts_at);

-- Uploaded files (attachments). The bytes live in the file store; this row says whose they are and
-- which record they belong to, so access follows that record's rules.
CREATE TABLE files (
  id text PRIMARY KEY,
  uai text REFERENCES etablissements(uai),
  owner_id text NOT NULL REFERENCES users(id),
  media_type text NOT NULL,           -- detected from the content, never from the name
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  original_name text NOT NULL,
  record_type text,                   -- absence_justification, lesson, message, whiteboard_document…
  record_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_record ON files(record_type, record_id);
