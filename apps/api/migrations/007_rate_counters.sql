-- Counters of rate limits, shared by every API process (several may serve one PostgreSQL): one row per key and
-- fixed window, e.g. ('events:session:<id>', 2026-11-16 09:00) → 1 240 events. Old windows are purged as new
-- ones are counted.
CREATE TABLE rate_counters (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  count bigint NOT NULL CHECK (count >= 0),
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_counters_end ON rate_counters(window_end);
