-- A schedule's tick is an event whose runs get the schedule source as their `source` (the job's
-- ctx.source in EXECUTE_JOB, as v2's sourceContext: {id: the source's key, metadata}; see ARCHITECTURE.md,
-- Schedules); NULL for every other event.
ALTER TABLE event_records ADD COLUMN source_context jsonb;

-- Wakes every replica's schedule worker when a schedule becomes due at a time it has not seen: a
-- registration wrote a new or changed schedule, or switched one on. A tick's own advance (it also
-- moves last_event_at) wakes nobody: the replica that fired it already knows. PostgreSQL sends the
-- notification at commit, once per transaction however many rows changed.
CREATE FUNCTION kongflow_schedule_rescheduled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kongflow_schedules', '');
    RETURN NULL;
END $$;

CREATE TRIGGER schedule_sources_scheduled
    AFTER INSERT ON schedule_sources FOR EACH ROW
    WHEN (NEW.active AND NEW.next_event_at IS NOT NULL)
    EXECUTE FUNCTION kongflow_schedule_rescheduled();

CREATE TRIGGER schedule_sources_rescheduled
    AFTER UPDATE OF next_event_at, active ON schedule_sources FOR EACH ROW
    WHEN (NEW.active AND NEW.next_event_at IS NOT NULL
          AND NEW.next_event_at IS DISTINCT FROM OLD.next_event_at
          AND NEW.last_event_at IS NOT DISTINCT FROM OLD.last_event_at)
    EXECUTE FUNCTION kongflow_schedule_rescheduled();
