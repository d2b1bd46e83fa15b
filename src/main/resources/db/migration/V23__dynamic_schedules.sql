-- Dynamic schedules (issue #28): a v2 app's DynamicSchedule, reported by its endpoint's index
-- (INDEX_ENDPOINT's `dynamicSchedules`: its id and the jobs attached to it), and the schedules a run
-- or the SDK client registers on it at run time (`io.registerInterval`, `dynamicSchedule.register`).
CREATE TABLE dynamic_schedules (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id uuid        NOT NULL,
    endpoint_id    uuid        NOT NULL,
    slug           text        NOT NULL,
    -- The slugs of the jobs the endpoint attached to it; a tick runs each one's `latest` version
    -- while that version is ACTIVE, from this endpoint and still triggered by this schedule.
    job_slugs      text[]      NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dynamic_schedules_pkey PRIMARY KEY (id),
    CONSTRAINT dynamic_schedules_endpoint_slug_key UNIQUE (endpoint_id, slug),
    CONSTRAINT dynamic_schedules_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT dynamic_schedules_endpoint_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE
);
CREATE INDEX dynamic_schedules_environment_idx ON dynamic_schedules (environment_id);

-- A registration is a schedule source of its dynamic schedule (no dispatcher: its tick runs the
-- schedule's jobs), keyed by (dynamic schedule, key): two dynamic schedules' registrations, or a
-- registration and a job's own schedule (keyed by the job's slug), never overwrite each other.
ALTER TABLE schedule_sources
    ADD COLUMN dynamic_schedule_id uuid,
    ADD COLUMN external_account_id uuid,
    ALTER COLUMN dispatcher_id DROP NOT NULL,
    ADD CONSTRAINT schedule_sources_dynamic_schedule_fkey FOREIGN KEY (dynamic_schedule_id)
        REFERENCES dynamic_schedules (id) ON DELETE CASCADE,
    ADD CONSTRAINT schedule_sources_external_account_fkey FOREIGN KEY (external_account_id)
        REFERENCES external_accounts (id) ON DELETE SET NULL,
    ADD CONSTRAINT schedule_sources_dispatcher_or_dynamic_check
        CHECK ((dispatcher_id IS NULL) <> (dynamic_schedule_id IS NULL)),
    ADD CONSTRAINT schedule_sources_dynamic_key UNIQUE (dynamic_schedule_id, key),
    DROP CONSTRAINT schedule_sources_key_environment_key;
-- A job's own schedule stays unique per (key, environment); registrations have their own key above.
CREATE UNIQUE INDEX schedule_sources_key_environment_key ON schedule_sources (key, environment_id)
    WHERE dynamic_schedule_id IS NULL;
