-- The version's full trigger, as the SDK sent it: the dispatcher can then be rebuilt for any
-- version (an alias pin or rollback moves `latest` without a registration).
ALTER TABLE job_versions ADD COLUMN trigger jsonb;
UPDATE job_versions SET trigger = '{"type": "invoke"}'::jsonb WHERE trigger IS NULL;
ALTER TABLE job_versions ALTER COLUMN trigger SET NOT NULL;
