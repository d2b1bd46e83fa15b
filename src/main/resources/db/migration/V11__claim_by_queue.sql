-- A claim visits only queues that have due runs and room: it enumerates the queues of due runs
-- (one index probe each) and takes the oldest due run of each queue with room, so a backlog in a
-- full queue is never walked.
CREATE INDEX job_runs_queue_due_idx ON job_runs (queue_id, next_execution_at) WHERE next_execution_at IS NOT NULL;
