-- The least an accepted event needs (issue #27): the event stored with its id, unique per
-- environment, on a table with only that key. bench.py measures these scripts with pgbench, in a
-- database of its own on the same server, next to the service's events API.
CREATE TABLE events (
    environment_id uuid  NOT NULL,
    event_id       text  NOT NULL,
    name           text  NOT NULL,
    payload        jsonb NOT NULL,
    CONSTRAINT events_environment_event_key UNIQUE (environment_id, event_id)
);
