-- 100 events per transaction (one statement), new ids.
INSERT INTO events (environment_id, event_id, name, payload)
SELECT '00000000-0000-0000-0000-000000000001', md5(random()::text || clock_timestamp()::text || g), 'bench.event',
       '{"n": 1, "user": {"email": "a@b.c"}}'
FROM generate_series(1, 100) g
ON CONFLICT DO NOTHING;
