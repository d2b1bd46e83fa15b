-- When each execution of a run was on its endpoint, for the console's timeline: [[start ms, end ms],
-- ...] (epoch milliseconds), the latest 100, appended by the statement that ends an execution's
-- lease. Runs of earlier releases have none: their timeline shows no executions.
ALTER TABLE job_runs ADD COLUMN executions jsonb;
