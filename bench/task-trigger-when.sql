-- What the WHEN of the job_tasks status triggers (V25, V26) costs a task that is neither a callback
-- nor an operation (BENCHMARKS.md): psql -h 127.0.0.1 -U postgres -d postgres -f bench/task-trigger-when.sql
DROP TABLE IF EXISTS wt_tasks;
CREATE TABLE wt_tasks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, callback_url text, operation text);
INSERT INTO wt_tasks (status) SELECT 'RUNNING' FROM generate_series(1, 200000);
VACUUM ANALYZE wt_tasks;
\timing on
UPDATE wt_tasks SET status = 'COMPLETED';
UPDATE wt_tasks SET status = 'RUNNING';
UPDATE wt_tasks SET status = 'COMPLETED';
UPDATE wt_tasks SET status = 'RUNNING';
CREATE FUNCTION wt_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER a AFTER UPDATE OF status ON wt_tasks FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL AND OLD.status IN ('PENDING', 'WAITING', 'RUNNING') AND NEW.status IN ('COMPLETED', 'ERRORED', 'CANCELED')) EXECUTE FUNCTION wt_noop();
CREATE TRIGGER b AFTER UPDATE OF status ON wt_tasks FOR EACH ROW
    WHEN (NEW.operation IS NOT NULL AND NEW.status IN ('COMPLETED', 'ERRORED', 'CANCELED')) EXECUTE FUNCTION wt_noop();
UPDATE wt_tasks SET status = 'COMPLETED';
UPDATE wt_tasks SET status = 'RUNNING';
UPDATE wt_tasks SET status = 'COMPLETED';
UPDATE wt_tasks SET status = 'RUNNING';
DROP TABLE wt_tasks; DROP FUNCTION wt_noop();
