-- Upload quotas count a person's files of the last 24 hours and an établissement's files: both indexed.
CREATE INDEX files_owner_created ON files(owner_id, created_at);
CREATE INDEX files_uai ON files(uai);
