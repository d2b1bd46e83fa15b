-- Issue #30: every run is a trace. When a run is created (a test run, an invocation, an event's
-- delivery, a schedule's tick) with tracing on, the ids of its creation span are stored here, and
-- every later span of the run (its executions, the endpoint calls, its tasks) is made under them,
-- from any replica, days later: nothing of a trace is held in memory between executions.
--
-- Both columns are NULL for runs created with tracing off, and for the rows of a release before
-- this one: their executions' spans are then roots of traces of their own (see docs/traces.md).
-- Lower-case hex as W3C trace context writes them: 32 characters for the trace, 16 for the span.
ALTER TABLE job_runs
    ADD COLUMN trace_id text,
    ADD COLUMN trace_span_id text;
