-- Run statuses (io.createStatus / status.update): one row per (run, key); each update pushes the
-- previous label, state and data onto history.
CREATE TABLE job_run_statuses (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    run_id     uuid        NOT NULL,
    key        text        NOT NULL,
    label      text        NOT NULL,
    state      text,
    data       jsonb,
    history    jsonb       NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_run_statuses_pkey PRIMARY KEY (id),
    CONSTRAINT job_run_statuses_run_key_key UNIQUE (run_id, key),
    CONSTRAINT job_run_statuses_state_check CHECK (state IN ('loading', 'success', 'failure')),
    CONSTRAINT job_run_statuses_run_fkey FOREIGN KEY (run_id) REFERENCES job_runs (id) ON DELETE CASCADE
);
