-- A claim and a hand-over ask the (queue_id, next_execution_at) index two questions: which queues
-- have due runs, and which are the oldest due runs of one queue. Only a scan in that index's order
-- answers them at a cost that does not grow with the backlog. But a burst of new runs leaves the
-- statistics behind (they still say few runs are due), and the planner then reads every due run of
-- the queue (a bitmap scan and a sort, or the queue_id index and an incremental sort, or the due
-- index filtered by queue): measured at 4 ms a statement with 1 200 due runs, growing with the
-- backlog. These functions plan their queries with bitmap scans and sorts switched off, and name
-- the queue by a range (an equality would let the planner drop queue_id from the order and walk
-- the due index instead), which leaves the ordered scan of the queue index. A function with SET
-- clauses is never inlined into its caller, so the settings hold for exactly these queries.

CREATE FUNCTION kongflow_due_queues() RETURNS SETOF uuid
LANGUAGE sql STABLE ROWS 10
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
    WITH RECURSIVE due_queues AS (
        (SELECT r.queue_id FROM job_runs r WHERE r.next_execution_at <= now()
         ORDER BY r.queue_id, r.next_execution_at LIMIT 1)
        UNION ALL
        SELECT (SELECT r.queue_id FROM job_runs r
                WHERE r.queue_id > d.queue_id AND r.next_execution_at <= now()
                ORDER BY r.queue_id, r.next_execution_at LIMIT 1)
        FROM due_queues d WHERE d.queue_id IS NOT NULL)
    SELECT queue_id FROM due_queues WHERE queue_id IS NOT NULL
$$;

-- The first n due runs of a queue in a startable status, oldest first (a claim's candidates).
CREATE FUNCTION kongflow_due_runs(queue uuid, startable text[], n integer)
RETURNS TABLE (id uuid, due_at timestamptz)
LANGUAGE sql STABLE ROWS 8
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
    SELECT r.id, r.next_execution_at FROM job_runs r
    WHERE r.queue_id >= queue AND r.queue_id <= queue
      AND r.next_execution_at <= now() AND r.status = ANY(startable)
    ORDER BY r.queue_id, r.next_execution_at LIMIT n
$$;

-- The oldest due run of a queue in a startable status that no one else has locked, locked (a
-- hand-over's next run: one that holds no slot already, since the slot it gets is handed to it).
CREATE FUNCTION kongflow_lock_due_run(queue uuid, startable text[])
RETURNS SETOF uuid
LANGUAGE sql VOLATILE ROWS 1
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_incremental_sort = off
AS $$
    SELECT r.id FROM job_runs r
    WHERE r.queue_id >= queue AND r.queue_id <= queue
      AND r.next_execution_at <= now() AND r.status = ANY(startable) AND NOT r.holds_slot
    ORDER BY r.queue_id, r.next_execution_at LIMIT 1 FOR UPDATE SKIP LOCKED
$$;
