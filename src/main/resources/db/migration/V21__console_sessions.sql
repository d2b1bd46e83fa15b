-- The console (io.kongflow.jobs.console): sign-in sessions, the runs list's index, and the
-- notifications that keep an open run page and the runs list up to date.

-- A session is an opaque random id kept in the browser's cookie; only its SHA-256 is stored. It
-- names the API key it was opened with by that key's SHA-256 (the value runtime_environments and
-- api_keys store already), and every request resolves that key again: a rotated or revoked key
-- ends its sessions on every replica (within kongflow.auth.cache-ttl).
CREATE TABLE console_sessions (
    id_hash        text        NOT NULL,
    environment_id uuid        NOT NULL,
    key_hash       text        NOT NULL,
    key_name       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    CONSTRAINT console_sessions_pkey PRIMARY KEY (id_hash),
    CONSTRAINT console_sessions_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE
);
CREATE INDEX console_sessions_environment_idx ON console_sessions (environment_id);
CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at);

-- The runs list of an environment, newest first, one keyset page at a time (created_at, id).
CREATE INDEX job_runs_environment_created_idx ON job_runs (environment_id, created_at DESC, id DESC);

-- A run created or changing status, and a task created or changing status, tell the console's
-- open pages on every replica: '<environment id> <run id>'. PostgreSQL sends them at commit, once
-- per distinct payload and transaction.
CREATE FUNCTION kongflow_console_run_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kongflow_console', NEW.environment_id::text || ' ' || NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER job_runs_console_inserted AFTER INSERT ON job_runs
    FOR EACH ROW EXECUTE FUNCTION kongflow_console_run_changed();
CREATE TRIGGER job_runs_console_status AFTER UPDATE OF status ON job_runs
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION kongflow_console_run_changed();

CREATE FUNCTION kongflow_console_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kongflow_console', '- ' || NEW.run_id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER job_tasks_console_inserted AFTER INSERT ON job_tasks
    FOR EACH ROW EXECUTE FUNCTION kongflow_console_task_changed();
CREATE TRIGGER job_tasks_console_status AFTER UPDATE OF status ON job_tasks
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION kongflow_console_task_changed();

-- What a task asked to be masked when shown (the SDK's `redact: {paths: [...]}`), as v2 kept it.
ALTER TABLE job_tasks ADD COLUMN redact jsonb;
