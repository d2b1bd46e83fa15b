-- The console's events list: an environment's events newest first, in keyset pages on
-- (created_at, id), as job_runs_environment_created_idx (V21) serves the runs list.
CREATE INDEX event_records_environment_created_idx ON event_records (environment_id, created_at DESC, id DESC);
