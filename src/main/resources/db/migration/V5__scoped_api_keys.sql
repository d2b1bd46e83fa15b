-- Named API keys of an environment, each with a subset of the scopes read, write and delete.
-- The environment's primary key (runtime_environments.api_key_hash) keeps every scope.
CREATE TABLE api_keys (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    environment_id uuid        NOT NULL,
    name           text        NOT NULL,
    key_hash       text        NOT NULL,
    scopes         text[]      NOT NULL,
    expires_at     timestamptz,
    last_used_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_environment_name_key UNIQUE (environment_id, name),
    CONSTRAINT api_keys_scopes_check CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'delete']),
    CONSTRAINT api_keys_environment_fkey FOREIGN KEY (environment_id) REFERENCES runtime_environments (id) ON DELETE CASCADE
);
