-- The kongflow jobs data model (SPEC §2). Enumerations are text columns with named CHECK
-- constraints: they read plainly in SQL and bind as plain strings from native queries.
-- Queue foreign keys are NO ACTION (checked at the end of the statement) so that an environment's
-- cascade can remove its queues and the versions using them in one statement, in any order.

CREATE TABLE organizations (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    slug         text        NOT NULL,
    title        text        NOT NULL,
    runs_enabled boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_slug_key UNIQUE (slug)
);

CREATE TABLE projects (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL,
    slug            text        NOT NULL,
    name            text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_slug_key UNIQUE (slug),
    CONSTRAINT projects_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX projects_organization_idx ON projects (organization_id);

CREATE TABLE runtime_environments (
    id                           uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id              uuid        NOT NULL,
    project_id                   uuid        NOT NULL,
    slug                         text        NOT NULL,
    type                         text        NOT NULL,
    api_key_hash                 text        NOT NULL,
    auto_enable_internal_sources boolean     NOT NULL DEFAULT true,
    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT runtime_environments_pkey PRIMARY KEY (id),
    CONSTRAINT runtime_environments_project_slug_key UNIQUE (project_id, slug),
    CONSTRAINT runtime_environments_api_key_hash_key UNIQUE (api_key_hash),
    CONSTRAINT runtime_environments_type_check CHECK (type IN ('DEVELOPMENT', 'STAGING', 'PRODUCTION', 'PREVIEW')),
    CONSTRAINT runtime_environments_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT runtime_environments_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX runtime_environments_organization_idx ON runtime_environments (organization_id);

CREATE TABLE endpoints (
    id                        uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id            uuid        NOT NULL,
    project_id                uuid        NOT NULL,
    organization_id           uuid        NOT NULL,
    slug                      text        NOT NULL,
    url                       text,
    indexing_hook_identifier  text        NOT NULL,
    version                   text,
    sdk_version               text,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT endpoints_pkey PRIMARY KEY (id),
    CONSTRAINT endpoints_environment_slug_key UNIQUE (environment_id, slug),
    CONSTRAINT endpoints_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT endpoints_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT endpoints_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX endpoints_project_idx ON endpoints (project_id);
CREATE INDEX endpoints_organization_idx ON endpoints (organization_id);

CREATE TABLE endpoint_indexes (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    endpoint_id uuid        NOT NULL,
    source      text        NOT NULL,
    status      text        NOT NULL DEFAULT 'PENDING',
    reason      text,
    source_data jsonb,
    stats       jsonb,
    data        jsonb,
    error       jsonb,
    attempts    integer     NOT NULL DEFAULT 0,
    started_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT endpoint_indexes_pkey PRIMARY KEY (id),
    CONSTRAINT endpoint_indexes_source_check CHECK (source IN ('MANUAL', 'API', 'INTERNAL', 'HOOK')),
    CONSTRAINT endpoint_indexes_status_check CHECK (status IN ('PENDING', 'STARTED', 'SUCCESS', 'FAILURE')),
    CONSTRAINT endpoint_indexes_endpoint_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE
);
CREATE INDEX endpoint_indexes_endpoint_idx ON endpoint_indexes (endpoint_id);
-- The index worker claims the oldest unfinished work first.
CREATE INDEX endpoint_indexes_unfinished_idx ON endpoint_indexes (created_at) WHERE status IN ('PENDING', 'STARTED');

CREATE TABLE jobs (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL,
    project_id      uuid        NOT NULL,
    slug            text        NOT NULL,
    title           text        NOT NULL,
    internal        boolean     NOT NULL DEFAULT false,
    deleted_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT jobs_project_slug_key UNIQUE (project_id, slug),
    CONSTRAINT jobs_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT jobs_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX jobs_organization_idx ON jobs (organization_id);

CREATE TABLE job_queues (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id uuid        NOT NULL,
    name           text        NOT NULL,
    max_jobs       integer     NOT NULL DEFAULT 100,
    job_count      integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_queues_pkey PRIMARY KEY (id),
    CONSTRAINT job_queues_environment_name_key UNIQUE (environment_id, name),
    CONSTRAINT job_queues_max_jobs_check CHECK (max_jobs >= 1),
    CONSTRAINT job_queues_job_count_check CHECK (job_count >= 0),
    CONSTRAINT job_queues_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE
);

CREATE TABLE job_versions (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id              uuid        NOT NULL,
    environment_id      uuid        NOT NULL,
    organization_id     uuid        NOT NULL,
    project_id          uuid        NOT NULL,
    endpoint_id         uuid        NOT NULL,
    queue_id            uuid        NOT NULL,
    version             text        NOT NULL,
    event_specification jsonb       NOT NULL,
    properties          jsonb,
    trigger_link        text,
    trigger_help        jsonb,
    start_position      text        NOT NULL DEFAULT 'INITIAL',
    preprocess_runs     boolean     NOT NULL DEFAULT false,
    status              text        NOT NULL DEFAULT 'ACTIVE',
    content_hash        text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_versions_pkey PRIMARY KEY (id),
    CONSTRAINT job_versions_job_version_environment_key UNIQUE (job_id, version, environment_id),
    CONSTRAINT job_versions_start_position_check CHECK (start_position IN ('INITIAL', 'LATEST')),
    CONSTRAINT job_versions_status_check CHECK (status IN ('ACTIVE', 'DISABLED')),
    CONSTRAINT job_versions_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT job_versions_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT job_versions_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT job_versions_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    -- The API never hard-deletes an endpoint (it clears the url); an operator's hard delete removes what it registered.
    CONSTRAINT job_versions_endpoint_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE,
    CONSTRAINT job_versions_queue_fkey FOREIGN KEY (queue_id) REFERENCES job_queues (id) ON DELETE NO ACTION
);
CREATE INDEX job_versions_environment_idx ON job_versions (environment_id);
CREATE INDEX job_versions_endpoint_idx ON job_versions (endpoint_id);
CREATE INDEX job_versions_queue_idx ON job_versions (queue_id);

CREATE TABLE job_aliases (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id         uuid        NOT NULL,
    environment_id uuid        NOT NULL,
    version_id     uuid        NOT NULL,
    name           text        NOT NULL,
    value          text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_aliases_pkey PRIMARY KEY (id),
    CONSTRAINT job_aliases_job_environment_name_key UNIQUE (job_id, environment_id, name),
    CONSTRAINT job_aliases_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT job_aliases_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT job_aliases_version_fkey FOREIGN KEY (version_id) REFERENCES job_versions (id) ON DELETE CASCADE
);
CREATE INDEX job_aliases_environment_name_idx ON job_aliases (environment_id, name);
CREATE INDEX job_aliases_version_idx ON job_aliases (version_id);

CREATE TABLE event_examples (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_version_id uuid        NOT NULL,
    slug           text        NOT NULL,
    name           text        NOT NULL,
    icon           text,
    payload        jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_examples_pkey PRIMARY KEY (id),
    CONSTRAINT event_examples_job_version_slug_key UNIQUE (job_version_id, slug),
    CONSTRAINT event_examples_job_version_fkey FOREIGN KEY (job_version_id) REFERENCES job_versions (id) ON DELETE CASCADE
);

CREATE TABLE integration_definitions (
    id           text        NOT NULL,
    name         text        NOT NULL,
    instructions text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integration_definitions_pkey PRIMARY KEY (id)
);

CREATE TABLE integrations (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL,
    definition_id   text        NOT NULL,
    slug            text        NOT NULL,
    title           text        NOT NULL,
    auth_source     text        NOT NULL,
    connection_type text        NOT NULL,
    setup_status    text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integrations_pkey PRIMARY KEY (id),
    CONSTRAINT integrations_organization_slug_key UNIQUE (organization_id, slug),
    CONSTRAINT integrations_auth_source_check CHECK (auth_source IN ('HOSTED', 'LOCAL', 'RESOLVER')),
    CONSTRAINT integrations_connection_type_check CHECK (connection_type IN ('HOSTED', 'EXTERNAL', 'DEVELOPER')),
    CONSTRAINT integrations_setup_status_check CHECK (setup_status IN ('COMPLETE', 'MISSING_FIELDS')),
    CONSTRAINT integrations_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT integrations_definition_fkey FOREIGN KEY (definition_id) REFERENCES integration_definitions (id) ON DELETE NO ACTION
);
CREATE INDEX integrations_definition_idx ON integrations (definition_id);

CREATE TABLE job_integrations (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id         uuid        NOT NULL,
    version_id     uuid        NOT NULL,
    integration_id uuid        NOT NULL,
    key            text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_integrations_pkey PRIMARY KEY (id),
    CONSTRAINT job_integrations_version_key_key UNIQUE (version_id, key),
    CONSTRAINT job_integrations_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT job_integrations_version_fkey FOREIGN KEY (version_id) REFERENCES job_versions (id) ON DELETE CASCADE,
    CONSTRAINT job_integrations_integration_fkey FOREIGN KEY (integration_id) REFERENCES integrations (id) ON DELETE CASCADE
);
CREATE INDEX job_integrations_job_idx ON job_integrations (job_id);
CREATE INDEX job_integrations_integration_idx ON job_integrations (integration_id);

-- One dispatcher per dispatchable (a job) and environment; `dispatchable` says which version
-- it delivers to: {"type": "JOB_VERSION", "id": "<version id>"}.
CREATE TABLE event_dispatchers (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id  uuid        NOT NULL,
    dispatchable_id text        NOT NULL,
    dispatchable    jsonb       NOT NULL,
    event           text[]      NOT NULL,
    source          text        NOT NULL,
    payload_filter  jsonb,
    context_filter  jsonb,
    manual          boolean     NOT NULL DEFAULT false,
    enabled         boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_dispatchers_pkey PRIMARY KEY (id),
    CONSTRAINT event_dispatchers_dispatchable_environment_key UNIQUE (dispatchable_id, environment_id),
    CONSTRAINT event_dispatchers_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE
);
CREATE INDEX event_dispatchers_environment_idx ON event_dispatchers (environment_id);

CREATE TABLE schedule_sources (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id uuid        NOT NULL,
    dispatcher_id  uuid        NOT NULL,
    key            text        NOT NULL,
    schedule       jsonb       NOT NULL,
    active         boolean     NOT NULL DEFAULT false,
    next_event_at  timestamptz,
    last_event_at  timestamptz,
    metadata       jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schedule_sources_pkey PRIMARY KEY (id),
    CONSTRAINT schedule_sources_key_environment_key UNIQUE (key, environment_id),
    CONSTRAINT schedule_sources_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT schedule_sources_dispatcher_fkey FOREIGN KEY (dispatcher_id) REFERENCES event_dispatchers (id) ON DELETE CASCADE
);
CREATE INDEX schedule_sources_dispatcher_idx ON schedule_sources (dispatcher_id);
-- The scheduler looks up active sources that are due.
CREATE INDEX schedule_sources_due_idx ON schedule_sources (next_event_at) WHERE active;

CREATE TABLE external_accounts (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id  uuid        NOT NULL,
    organization_id uuid        NOT NULL,
    identifier      text        NOT NULL,
    metadata        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT external_accounts_pkey PRIMARY KEY (id),
    CONSTRAINT external_accounts_environment_identifier_key UNIQUE (environment_id, identifier),
    CONSTRAINT external_accounts_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT external_accounts_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE TABLE event_records (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id      uuid        NOT NULL,
    organization_id     uuid        NOT NULL,
    project_id          uuid        NOT NULL,
    external_account_id uuid,
    event_id            text        NOT NULL,
    name                text        NOT NULL,
    source              text        NOT NULL,
    payload             jsonb       NOT NULL,
    context             jsonb       NOT NULL,
    is_test             boolean     NOT NULL DEFAULT false,
    internal            boolean     NOT NULL DEFAULT false,
    timestamp           timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_records_pkey PRIMARY KEY (id),
    CONSTRAINT event_records_event_environment_key UNIQUE (event_id, environment_id),
    CONSTRAINT event_records_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT event_records_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT event_records_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT event_records_external_account_fkey FOREIGN KEY (external_account_id) REFERENCES external_accounts (id) ON DELETE SET NULL
);
CREATE INDEX event_records_external_account_idx ON event_records (external_account_id);

-- Run numbers are handed out per job from this counter, inside the run's transaction, so that
-- they stay gap-free (a rolled-back run returns its number) and unique under concurrency.
CREATE TABLE job_run_counters (
    job_id      uuid    NOT NULL,
    last_number integer NOT NULL DEFAULT 0,
    CONSTRAINT job_run_counters_pkey PRIMARY KEY (job_id),
    CONSTRAINT job_run_counters_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);

CREATE TABLE job_runs (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id              uuid        NOT NULL,
    version_id          uuid        NOT NULL,
    environment_id      uuid        NOT NULL,
    organization_id     uuid        NOT NULL,
    project_id          uuid        NOT NULL,
    endpoint_id         uuid        NOT NULL,
    queue_id            uuid        NOT NULL,
    event_id            uuid        NOT NULL,
    external_account_id uuid,
    number              integer     NOT NULL,
    status              text        NOT NULL DEFAULT 'PENDING',
    is_test             boolean     NOT NULL DEFAULT false,
    internal            boolean     NOT NULL DEFAULT false,
    preprocess          boolean     NOT NULL DEFAULT false,
    queued_at           timestamptz,
    started_at          timestamptz,
    completed_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_runs_pkey PRIMARY KEY (id),
    CONSTRAINT job_runs_job_number_key UNIQUE (job_id, number),
    CONSTRAINT job_runs_status_check CHECK (status IN ('PENDING', 'QUEUED', 'WAITING_ON_CONNECTIONS', 'PREPROCESSING',
        'STARTED', 'EXECUTING', 'WAITING_TO_CONTINUE', 'WAITING_TO_EXECUTE', 'SUCCESS', 'FAILURE', 'TIMED_OUT',
        'ABORTED', 'CANCELED', 'UNRESOLVED_AUTH', 'INVALID_PAYLOAD')),
    CONSTRAINT job_runs_job_fkey FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_version_fkey FOREIGN KEY (version_id) REFERENCES job_versions (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_endpoint_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_queue_fkey FOREIGN KEY (queue_id) REFERENCES job_queues (id) ON DELETE NO ACTION,
    CONSTRAINT job_runs_event_fkey FOREIGN KEY (event_id) REFERENCES event_records (id) ON DELETE CASCADE,
    CONSTRAINT job_runs_external_account_fkey FOREIGN KEY (external_account_id) REFERENCES external_accounts (id) ON DELETE SET NULL
);
CREATE INDEX job_runs_job_environment_number_idx ON job_runs (job_id, environment_id, number DESC);
CREATE INDEX job_runs_version_idx ON job_runs (version_id);
CREATE INDEX job_runs_environment_idx ON job_runs (environment_id);
CREATE INDEX job_runs_endpoint_idx ON job_runs (endpoint_id);
CREATE INDEX job_runs_queue_idx ON job_runs (queue_id);
CREATE INDEX job_runs_event_idx ON job_runs (event_id);
CREATE INDEX job_runs_external_account_idx ON job_runs (external_account_id);
