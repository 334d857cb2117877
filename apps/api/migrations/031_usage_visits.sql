-- Visits of the usage beacon, issued by the server: a visit belongs to one session and ends with it. The token
-- (`id`) is what the beacon sends with its events; `visit_key` is what the event store keeps, so that the
-- events cannot be tied back to a session once the session is gone.
CREATE TABLE usage_visits (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  visit_key text NOT NULL UNIQUE,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX usage_visits_session ON usage_visits(session_id);
CREATE INDEX usage_visits_expiry ON usage_visits(expires_at);
