-- Interactive-whiteboard documents: annotations kept apart from the documents, and the class traces.

-- Each user's own annotations over a document of the file store (one row per user and document).
CREATE TABLE whiteboard_annotations (
  file_id text NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  annotations jsonb NOT NULL,
  stroke_count integer NOT NULL CHECK (stroke_count >= 0),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (file_id, user_id)
);

-- The class trace: what the teacher wrote over a document during a séance, saved as a new document of the
-- séance (the original file plus these annotations), read by whoever may see the séance.
CREATE TABLE whiteboard_traces (
  id text PRIMARY KEY,
  seance_id text NOT NULL REFERENCES seances(id) ON DELETE CASCADE,
  file_id text NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  author_id text NOT NULL REFERENCES users(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  annotations jsonb NOT NULL,
  stroke_count integer NOT NULL CHECK (stroke_count >= 0),
  created_at timestamptz NOT NULL
);
CREATE INDEX whiteboard_traces_seance ON whiteboard_traces(seance_id, created_at);
