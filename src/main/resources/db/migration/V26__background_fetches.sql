-- Background fetches (io.backgroundFetch, backgroundFetchResponse, backgroundPoll): a task created
-- with an operation is work the server performs itself. One row per such task while it is open:
-- due_at is when its next attempt may be taken (the task's delayUntil, a retry's time, a poll's next
-- interval) and, while a replica performs it, when that replica's lease runs out: a claim sets it to
-- now() + the lease, so a fetch whose replica died is due again once the lease has passed.
CREATE TABLE task_operations (
    task_id     uuid        NOT NULL,
    due_at      timestamptz NOT NULL,
    -- Claims since the last recorded outcome: each is counted before the request is made, so a
    -- fetch whose replica dies every time it is taken is given up after a few.
    claims      integer     NOT NULL DEFAULT 0,
    lease_token uuid,
    lease_owner text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_operations_pkey PRIMARY KEY (task_id),
    CONSTRAINT task_operations_task_fkey FOREIGN KEY (task_id) REFERENCES job_tasks (id) ON DELETE CASCADE
);
-- The claim's walk: the oldest due row first.
CREATE INDEX task_operations_due_idx ON task_operations (due_at);

-- The tasks API's insert makes the work (a trigger rather than a call in each writer, as V14's, so
-- that no insert path can forget it) and wakes every replica's fetch worker at commit.
CREATE FUNCTION kongflow_task_operation_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_operations (task_id, due_at) VALUES (NEW.id, COALESCE(NEW.delay_until, now()))
    ON CONFLICT (task_id) DO NOTHING;
    PERFORM pg_notify('kongflow_fetches', '');
    RETURN NULL;
END $$;

CREATE TRIGGER job_tasks_operation_created AFTER INSERT ON job_tasks FOR EACH ROW
    WHEN (NEW.operation IS NOT NULL AND NEW.status IN ('WAITING', 'RUNNING'))
    EXECUTE FUNCTION kongflow_task_operation_created();

-- A task that ends by any path (the fetch's own outcome, its run cancelled or failed, the SDK's
-- completeTask) has no work left.
CREATE FUNCTION kongflow_task_operation_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_operations WHERE task_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER job_tasks_operation_ended AFTER UPDATE OF status ON job_tasks FOR EACH ROW
    WHEN (NEW.operation IS NOT NULL AND NEW.status IN ('COMPLETED', 'ERRORED', 'CANCELED'))
    EXECUTE FUNCTION kongflow_task_operation_ended();

-- Operation tasks left open by a release that failed their runs instead.
INSERT INTO task_operations (task_id, due_at)
SELECT id, COALESCE(delay_until, now()) FROM job_tasks WHERE operation IS NOT NULL AND status IN ('WAITING', 'RUNNING');
