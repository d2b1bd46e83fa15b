-- The key-value store of io.store and client.store (issue #28): text values by key, per environment.
-- The SDK namespaces keys itself ("job:<job id>:<key>", "run:<run id>:<key>", plain for env).
-- A key naming a run of its environment ("run:<run id>:…") carries that run: reads stop seeing it
-- as soon as the run has ended, and store.StoreSweeper deletes it after; nothing is added to the
-- statements that end a run (a trigger on job_runs cost every status change, measured).
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
-- Only run-scoped keys are in it: the sweep walks them, and a deleted run's keys are found with it.
CREATE INDEX key_value_items_run_idx ON key_value_items (run_id) WHERE run_id IS NOT NULL;
