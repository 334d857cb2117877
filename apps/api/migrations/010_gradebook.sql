-- Grade book: évaluations, marks (numbers or annotations), appréciations, compétence assessments.
-- The rules that compute averages live in @preau/core (gradebook); the établissement's choices are in
-- etablissements.settings -> 'gradebook' (see gradebookSettingsSchema).

CREATE TABLE evaluations (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,   -- a classe or a groupe
  subject_id text NOT NULL REFERENCES subjects(id),
  period_id text NOT NULL REFERENCES periods(id),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
  date date NOT NULL,
  coefficient numeric(6, 2) NOT NULL DEFAULT 1 CHECK (coefficient > 0),
  out_of numeric(7, 2) NOT NULL DEFAULT 20 CHECK (out_of > 0),        -- barème
  rescale_to_20 boolean NOT NULL DEFAULT true,
  publish_on date NOT NULL,                                           -- students and parents see it from then
  type text NOT NULL DEFAULT 'devoir_surveille' CHECK (type IN
    ('devoir_surveille', 'interrogation', 'devoir_maison', 'oral', 'travaux_pratiques', 'projet', 'autre')),
  kind text NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'bonus', 'optional')),
  created_by text REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evaluations_sheet ON evaluations(class_id, subject_id, period_id, date);
CREATE INDEX evaluations_period ON evaluations(period_id);

-- One cell: a number within the barème (two decimals at most) or an annotation. An empty cell has no row.
CREATE TABLE marks (
  evaluation_id text NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  value numeric(7, 2) CHECK (value >= 0),
  annotation text CHECK (annotation IN ('Abs', 'Disp', 'NN')),
  updated_by text REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evaluation_id, student_id),
  CHECK ((value IS NULL) <> (annotation IS NULL))
);
CREATE INDEX marks_student ON marks(student_id);

-- Per subject and period; subject_id NULL is the head teacher's general appréciation.
CREATE TABLE appreciations (
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  period_id text NOT NULL REFERENCES periods(id),
  subject_id text REFERENCES subjects(id),
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  text text NOT NULL CHECK (char_length(text) <= 500),
  author_id text REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (student_id, period_id, subject_id)
);
CREATE INDEX appreciations_class_period ON appreciations(class_id, period_id);

-- A student's level (LSU scale 1–4) in one domain of the socle, for a subject and period, optionally for one
-- évaluation. The level shown for a domain is the rounded mean of its assessments.
CREATE TABLE competence_assessments (
  student_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  class_id text NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  subject_id text NOT NULL REFERENCES subjects(id),
  period_id text NOT NULL REFERENCES periods(id),
  domain text NOT NULL CHECK (domain IN
    ('CPD_FRA', 'CPD_ETR', 'CPD_SCI', 'CPD_ART', 'MET_APP', 'FRM_CIT', 'SYS_NAT', 'REP_MND')),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  evaluation_id text REFERENCES evaluations(id) ON DELETE CASCADE,
  assessed_by text REFERENCES users(id),
  assessed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (student_id, subject_id, period_id, domain, evaluation_id)
);
CREATE INDEX competence_assessments_class_period ON competence_assessments(class_id, period_id);
