-- Run execution (the engine): what a run's next EXECUTE_JOB needs, the lease of the replica
-- executing it, and the tasks the SDK records through the tasks API.

-- next_execution_at: when the run is due to be executed again (NULL: nothing scheduled).
-- lease_owner/lease_expires_at: the replica executing it, until when; execution_token grows on
-- every claim and fences the answer of an execution whose lease was lost.
-- holds_slot: this run is counted in its queue's job_count (only while an execution is in flight).
ALTER TABLE job_runs
    ADD COLUMN output                  jsonb,
    ADD COLUMN next_execution_at       timestamptz,
    ADD COLUMN lease_owner             text,
    ADD COLUMN lease_expires_at        timestamptz,
    ADD COLUMN execution_token         bigint      NOT NULL DEFAULT 0,
    ADD COLUMN holds_slot              boolean     NOT NULL DEFAULT false,
    ADD COLUMN execution_count         integer     NOT NULL DEFAULT 0,
    ADD COLUMN execution_failure_count integer     NOT NULL DEFAULT 0,
    ADD COLUMN execution_duration_ms   bigint      NOT NULL DEFAULT 0,
    ADD COLUMN yielded_executions      text[]      NOT NULL DEFAULT '{}';

-- Before this migration a queue's job_count counted runs that nothing executed: start over.
UPDATE job_runs SET next_execution_at = COALESCE(queued_at, created_at)
    WHERE status IN ('QUEUED', 'STARTED', 'EXECUTING', 'WAITING_TO_CONTINUE', 'WAITING_TO_EXECUTE');
UPDATE job_runs SET status = 'WAITING_TO_EXECUTE'
    WHERE status IN ('STARTED', 'EXECUTING', 'WAITING_TO_CONTINUE');
UPDATE job_queues SET job_count = 0 WHERE job_count <> 0;

CREATE INDEX job_runs_due_idx ON job_runs (next_execution_at) WHERE next_execution_at IS NOT NULL;
CREATE INDEX job_runs_leased_idx ON job_runs (lease_expires_at) WHERE holds_slot;

-- Replicas LISTEN on this channel: a new run wakes them at once (polling stays the safety net).
CREATE FUNCTION kongflow_execution_wakeup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kongflow_execution', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER job_runs_execution_wakeup AFTER INSERT ON job_runs
    FOR EACH STATEMENT EXECUTE FUNCTION kongflow_execution_wakeup();

-- seq orders a run's tasks (creation order): the cached task list, its cursor and getRun use it.
CREATE TABLE job_tasks (
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    seq                  bigint      GENERATED ALWAYS AS IDENTITY,
    run_id               uuid        NOT NULL,
    parent_id            uuid,
    idempotency_key      text        NOT NULL,
    display_key          text,
    name                 text        NOT NULL,
    icon                 text,
    status               text        NOT NULL,
    noop                 boolean     NOT NULL DEFAULT false,
    delay_until          timestamptz,
    resume_at            timestamptz,
    description          text,
    properties           jsonb,
    output_properties    jsonb,
    params               jsonb,
    output               jsonb,
    output_is_undefined  boolean     NOT NULL DEFAULT true,
    error                text,
    style                jsonb,
    retry                jsonb,
    operation            text,
    callback_url         text,
    child_execution_mode text        NOT NULL DEFAULT 'SEQUENTIAL',
    started_at           timestamptz,
    completed_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_tasks_pkey PRIMARY KEY (id),
    CONSTRAINT job_tasks_run_idempotency_key_key UNIQUE (run_id, idempotency_key),
    CONSTRAINT job_tasks_status_check CHECK (status IN ('PENDING', 'WAITING', 'RUNNING', 'COMPLETED', 'ERRORED', 'CANCELED')),
    CONSTRAINT job_tasks_child_execution_mode_check CHECK (child_execution_mode IN ('SEQUENTIAL', 'PARALLEL')),
    CONSTRAINT job_tasks_run_fkey FOREIGN KEY (run_id) REFERENCES job_runs (id) ON DELETE CASCADE,
    CONSTRAINT job_tasks_parent_fkey FOREIGN KEY (parent_id) REFERENCES job_tasks (id) ON DELETE CASCADE
);
CREATE INDEX job_tasks_run_seq_idx ON job_tasks (run_id, seq);
CREATE INDEX job_tasks_parent_idx ON job_tasks (parent_id);

CREATE TABLE job_task_attempts (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    task_id    uuid        NOT NULL,
    number     integer     NOT NULL,
    status     text        NOT NULL DEFAULT 'PENDING',
    error      text,
    run_at     timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_task_attempts_pkey PRIMARY KEY (id),
    CONSTRAINT job_task_attempts_task_number_key UNIQUE (task_id, number),
    CONSTRAINT job_task_attempts_status_check CHECK (status IN ('PENDING', 'STARTED', 'COMPLETED', 'ERRORED')),
    CONSTRAINT job_task_attempts_task_fkey FOREIGN KEY (task_id) REFERENCES job_tasks (id) ON DELETE CASCADE
);
