-- A run can wait for one of its tasks to be ended from outside an execution (a request to its
-- callback URL, a matching event, a background fetch): the task that ends it makes the run due.
-- No foreign key: the column is read only by that resumption, which also checks the run's status.
ALTER TABLE job_runs ADD COLUMN waiting_for_task_id uuid;
