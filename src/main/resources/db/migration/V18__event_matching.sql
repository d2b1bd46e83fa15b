-- Delivery finds an event's dispatchers by (environment, event name): the keys of a dispatcher are
-- "<environment id>:<event name>" for each name it listens to, indexed (GIN) for the dispatchers
-- delivery may use (enabled, not manual), so matching reads the event's candidates only, never every
-- dispatcher of the environment. A uuid's text has a fixed length and no ':', so a key names one
-- environment and one name. The function is immutable (a uuid's text never changes), as an index
-- expression must be.
CREATE FUNCTION kongflow_dispatcher_keys(environment_id uuid, event text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ARRAY(SELECT environment_id::text || ':' || name FROM unnest(event) AS name) $$;

CREATE INDEX event_dispatchers_delivery_idx ON event_dispatchers
    USING gin (kongflow_dispatcher_keys(environment_id, event))
    WHERE enabled AND NOT manual;

-- A delivery that fails (anything but an unreachable database) is retried later with a backoff;
-- the attempts and the last error are kept, and after the last attempt the event is given up
-- (cancelled, with its error): no event is retried forever, none is dropped without a word.
ALTER TABLE event_records
    ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN delivery_error    text;

-- An event to deliver wakes the delivering replicas (LISTEN kongflow_events), once per statement,
-- at commit; events written delivered (test runs, invocations) wake nobody.
CREATE FUNCTION kongflow_events_wakeup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted WHERE delivered_at IS NULL AND cancelled_at IS NULL) THEN
        PERFORM pg_notify('kongflow_events', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER event_records_wakeup
    AFTER INSERT ON event_records REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION kongflow_events_wakeup();
