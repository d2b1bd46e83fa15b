-- The key-value store of io.store and client.store (issue #28): text values by key, per environment.
-- The SDK namespaces keys itself ("job:<job id>:<key>", "run:<run id>:<key>", plain for env).
-- A key naming a run of its environment ("run:<run id>:…") carries that run: it is removed in the
-- transaction that ends the run (the trigger below), or with the run.
CREATE TABLE key_value_items (
    environment_id uuid        NOT NULL,
    key            text        NOT NULL,
    value          text        NOT NULL,
    run_id         uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT key_value_items_pkey PRIMARY KEY (environment_id, key),
    CONSTRAINT key_value_items_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT key_value_items_run_fkey FOREIGN KEY (run_id) REFERENCES job_runs (id) ON DELETE CASCADE
);
-- Only run-scoped keys are in it: ending a run that stored none is one probe of an (almost) empty index.
CREATE INDEX key_value_items_run_idx ON key_value_items (run_id) WHERE run_id IS NOT NULL;

-- Ending a run removes its keys, whichever statement ends it (execution's outcomes, cancel, timeouts).
CREATE FUNCTION kongflow_run_keys_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM key_value_items WHERE run_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER job_runs_store_keys_removed AFTER UPDATE OF status ON job_runs
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          AND NEW.status IN ('SUCCESS', 'FAILURE', 'TIMED_OUT', 'ABORTED', 'CANCELED', 'UNRESOLVED_AUTH', 'INVALID_PAYLOAD'))
    EXECUTE FUNCTION kongflow_run_keys_removed();
