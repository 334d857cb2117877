-- Writes sent with an Idempotency-Key: the same key from the same user gets the same answer, and the write is
-- applied once (a retry after a lost answer, an offline queue sending again on the next visit). `status` is null
-- while the first request is under way. Kept 7 days.
CREATE TABLE idempotency_keys (
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key text NOT NULL,
  fingerprint text NOT NULL,          -- SHA-256 of the method, the path and query, and the body
  status integer,
  content_type text,
  body text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- Access tokens for connected mode on a school site of another site than the ENT (docs/cross-site.md): issued on
-- the ENT's own sign-in window to an origin of the allow-list, used as `Authorization: Bearer`, valid only from
-- that origin, ending with the session that issued them.
CREATE TABLE access_tokens (
  id text PRIMARY KEY,                -- SHA-256 of the token: a copy of the table opens nothing
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  origin text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX access_tokens_session ON access_tokens(session_id);
CREATE INDEX access_tokens_expiry ON access_tokens(expires_at);
