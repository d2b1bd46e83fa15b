-- Callback tasks (io.waitForRequest, io.waitForEvent): a task created with callback.enabled waits
-- for a request to its callback URL. callback_url keeps the URL up to its secret; the secret itself
-- is kept sealed (AES-GCM under kongflow.encryption-key, as the environment keys' outbound copy):
-- the SDK needs the whole URL again when it reads the task, so it cannot be a hash, and a copy of
-- the database alone does not let anyone complete a task. callback_timeout_at: when the task fails
-- ("Remote callback timeout - no requests received") if no request came; the run waiting for the
-- task is due then, and its execution fails the task before it calls the endpoint.
ALTER TABLE job_tasks
    ADD COLUMN callback_secret     text,
    ADD COLUMN callback_timeout_at timestamptz;

-- An ephemeral dispatcher (io.waitForEvent) completes its callback task with the first matching
-- event. It lives while its task is open and until expires_at: the trigger below removes it in the
-- transaction that ends the task (a callback, a matching event, a timeout, the run's end or cancel),
-- and deleting the run's tasks removes it too.
ALTER TABLE event_dispatchers
    ADD COLUMN task_id    uuid,
    ADD COLUMN expires_at timestamptz,
    ADD CONSTRAINT event_dispatchers_task_fkey FOREIGN KEY (task_id) REFERENCES job_tasks (id) ON DELETE CASCADE;
CREATE INDEX event_dispatchers_task_idx ON event_dispatchers (task_id) WHERE task_id IS NOT NULL;

CREATE FUNCTION kongflow_task_dispatchers_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM event_dispatchers WHERE task_id = NEW.id;
    RETURN NULL;
END
$$;

-- Only a callback task's end fires it: other tasks' updates cost nothing more than the WHEN test.
CREATE TRIGGER job_tasks_callback_ended AFTER UPDATE OF status ON job_tasks
    FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL
          AND OLD.status IN ('PENDING', 'WAITING', 'RUNNING')
          AND NEW.status IN ('COMPLETED', 'ERRORED', 'CANCELED'))
    EXECUTE FUNCTION kongflow_task_dispatchers_end();
