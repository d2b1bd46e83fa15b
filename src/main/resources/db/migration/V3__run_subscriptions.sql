-- Who is told when a run finishes: an invocation's callbackUrl becomes a webhook subscription.
CREATE TABLE job_run_subscriptions (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    run_id     uuid        NOT NULL,
    url        text        NOT NULL,
    events     text[]      NOT NULL DEFAULT ARRAY['SUCCESS', 'FAILURE'],
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_run_subscriptions_pkey PRIMARY KEY (id),
    CONSTRAINT job_run_subscriptions_run_url_key UNIQUE (run_id, url),
    CONSTRAINT job_run_subscriptions_run_fkey FOREIGN KEY (run_id) REFERENCES job_runs (id) ON DELETE CASCADE
);
