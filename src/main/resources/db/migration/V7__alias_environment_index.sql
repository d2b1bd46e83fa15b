-- job_aliases (environment_id, name) let the planner, with statistics stale after a burst of
-- registrations, pick it for a per-job alias lookup and filter every alias of the environment for
-- each job (minutes for a job list of a few thousand jobs). With job_id in it, either index
-- answers a per-job lookup in one probe, whatever the statistics say.
DROP INDEX job_aliases_environment_name_idx;
CREATE INDEX job_aliases_environment_name_job_idx ON job_aliases (environment_id, name, job_id);
