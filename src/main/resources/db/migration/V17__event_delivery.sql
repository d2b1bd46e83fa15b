-- Events are delivered to the dispatchers that match them (ARCHITECTURE.md, Events). An event record is delivered
-- once, at deliver_at (the time it was sent, unless it asked for later): delivered_at says it was
-- (NULL: still to deliver), cancelled_at that it never will be.
ALTER TABLE event_records
    ADD COLUMN deliver_at   timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN delivered_at timestamptz,
    ADD COLUMN cancelled_at timestamptz;

-- Every event stored before this release started its one run (a test run or an invocation) when it
-- was written: it counts as delivered then, so delivery never gives it to other jobs.
UPDATE event_records SET deliver_at = created_at, delivered_at = created_at;

-- What is still to deliver, in the order it falls due.
CREATE INDEX event_records_undelivered_idx ON event_records (deliver_at)
    WHERE delivered_at IS NULL AND cancelled_at IS NULL;

-- An event starts at most one run of each job version: delivery and schedule ticks create runs from
-- events on any replica, and a repeat (a retried delivery, a second replica) must find the run made
-- before instead of making another. Test runs and invocations already have one run per event.
-- The index also answers "the runs of an event".
CREATE UNIQUE INDEX job_runs_event_version_key ON job_runs (event_id, version_id);
