-- Runs waiting for a wait or a retry delay stay in the (queue_id, next_execution_at) index with a
-- future time. A btree scan stops at the first entry past a bound on next_execution_at only when
-- queue_id is compared by equality; V15's walks name queue_id by a range (or by "> previous"), so
-- they read every future entry of a queue after its due ones: a claim, a hand-over and the
-- next-due probe cost as much as the waiting backlog. The same functions, walks bounded by now():
--   * queues of due runs: a loose index scan that reads one entry per queue in the index, the
--     queue's oldest (the index is ordered by time within a queue), and seeks past the rest of the
--     queue; the queue is due when that entry is. It visits the queues with runs scheduled, not
--     only those with due ones, but never one run more per queue.
--   * a queue's due runs: queue_id = ANY(ARRAY[queue]) is an equality to the btree, so the scan
--     stops at the queue's first future entry, and not to the planner, which keeps queue_id in the
--     requested order: only this index gives that order, and sorts are off, so the planner cannot
--     take job_runs_due_idx filtered by queue instead (it can with a plain equality).
--   * the next-due probe: the earliest future run, read in job_runs_due_idx's order from now(),
--     one entry; asked as min(next_execution_at) in the claim itself, statistics taken before the
--     backlog arrived made the planner aggregate every future run instead.
-- Every run in the index is startable (a run leaves the index, next_execution_at = NULL, when it
-- is leased, finished or cancelled), so the status filters below discard nothing there.

CREATE OR REPLACE FUNCTION kongflow_due_queues() RETURNS SETOF uuid
LANGUAGE plpgsql STABLE ROWS 10
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
BEGIN
    RETURN QUERY
    WITH RECURSIVE queue_heads AS (
        (SELECT r.queue_id, r.next_execution_at FROM job_runs r WHERE r.next_execution_at IS NOT NULL
         ORDER BY r.queue_id, r.next_execution_at LIMIT 1)
        UNION ALL
        SELECT next_head.queue_id, next_head.next_execution_at
        FROM queue_heads h CROSS JOIN LATERAL (
            SELECT r.queue_id, r.next_execution_at FROM job_runs r
            WHERE r.queue_id > h.queue_id AND r.next_execution_at IS NOT NULL
            ORDER BY r.queue_id, r.next_execution_at LIMIT 1) next_head)
    SELECT h.queue_id FROM queue_heads h WHERE h.next_execution_at <= now();
END
$$;

CREATE OR REPLACE FUNCTION kongflow_due_runs(queue uuid, startable text[], n integer)
RETURNS TABLE (id uuid, due_at timestamptz)
LANGUAGE plpgsql STABLE ROWS 8
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
BEGIN
    RETURN QUERY
    SELECT r.id, r.next_execution_at FROM job_runs r
    WHERE r.queue_id = ANY(ARRAY[kongflow_due_runs.queue])
      AND r.next_execution_at <= now() AND r.status = ANY(kongflow_due_runs.startable)
    ORDER BY r.queue_id, r.next_execution_at LIMIT kongflow_due_runs.n;
END
$$;

CREATE OR REPLACE FUNCTION kongflow_lock_due_run(queue uuid, startable text[])
RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE ROWS 1
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
BEGIN
    RETURN QUERY
    SELECT r.id FROM job_runs r
    WHERE r.queue_id = ANY(ARRAY[kongflow_lock_due_run.queue])
      AND r.next_execution_at <= now() AND r.status = ANY(kongflow_lock_due_run.startable) AND NOT r.holds_slot
    ORDER BY r.queue_id, r.next_execution_at LIMIT 1 FOR UPDATE SKIP LOCKED;
END
$$;

-- When the next startable run's wait or retry delay ends (null when none is scheduled).
CREATE FUNCTION kongflow_next_due_at(startable text[]) RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
BEGIN
    RETURN (SELECT r.next_execution_at FROM job_runs r
            WHERE r.next_execution_at > now() AND r.status = ANY(kongflow_next_due_at.startable)
            ORDER BY r.next_execution_at LIMIT 1);
END
$$;
