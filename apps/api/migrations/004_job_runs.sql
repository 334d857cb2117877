-- When each periodic job of the server last ran (due notices, purges, statistics…): several API processes share
-- one PostgreSQL server, and a job runs once per period among them (under an advisory lock, see src/jobs.ts).
CREATE TABLE job_runs (
  name text PRIMARY KEY,
  last_run_at timestamptz NOT NULL
);
