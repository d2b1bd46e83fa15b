-- One event per transaction, a new id each time.
INSERT INTO events (environment_id, event_id, name, payload)
VALUES ('00000000-0000-0000-0000-000000000001', md5(random()::text || clock_timestamp()::text), 'bench.event',
        '{"n": 1, "user": {"email": "a@b.c"}}')
ON CONFLICT DO NOTHING;
