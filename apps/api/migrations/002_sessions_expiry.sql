-- Expired sessions are purged a few at a time at each sign-in: an index keeps that cheap at any size.
CREATE INDEX sessions_expiry ON sessions(expires_at);
