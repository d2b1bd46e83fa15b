package io.kongflow.jobs.schedules;

import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Rows;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.runs.EventRuns;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Fires due schedules (ARCHITECTURE.md, Schedules): each tick's claim of its source, its event (written delivered: it
 * goes to its own dispatcher, never through name matching), the run of the dispatcher's version
 * and the source's advance commit together or not at all — with up to {@link #TICKS_PER_TRANSACTION}
 * ticks in one transaction when that many are due at once (a burst of schedules due together).
 */
@ApplicationScoped
public class ScheduleTicks {

    /*
     * The oldest due schedules no other transaction holds. Each source is locked until commit, so no
     * other replica fires it meanwhile (SKIP LOCKED: they take the next ones), and a replica that finds
     * it after the commit sees it advanced (READ COMMITTED re-checks the row it locks). The job row is
     * share-locked in the same statement, SKIP LOCKED too: registration, disable and delete lock the
     * job first and the schedule last, so a tick never waits for them while holding the schedule (no
     * deadlock); a job they hold is fired once they commit, as they left it. These are the jobs' own
     * schedules; the registrations of dynamic schedules are claimed by CLAIM_REGISTRATIONS.
     */
    private static final String CLAIM = """
            SELECT s.id, s.environment_id, s.next_event_at, s.last_event_at, j.id AS job_id,
                CAST(NULL AS uuid) AS dynamic_schedule_id,
                s.schedule ->> 'type' AS schedule_type, s.schedule -> 'options' ->> 'cron' AS cron,
                s.schedule -> 'options' ->> 'seconds' AS seconds,
                d.enabled AS dispatcher_enabled, v.id AS version_id, now() AS now
            FROM schedule_sources s
            JOIN event_dispatchers d ON d.id = s.dispatcher_id
            JOIN job_versions v ON v.id = CASE WHEN d.dispatchable ->> 'type' = 'JOB_VERSION'
                                               THEN CAST(d.dispatchable ->> 'id' AS uuid) END
            JOIN jobs j ON j.id = v.job_id
            WHERE s.active AND s.next_event_at <= now()
            ORDER BY s.next_event_at
            LIMIT :limit
            FOR UPDATE OF s SKIP LOCKED
            FOR SHARE OF j SKIP LOCKED""";

    /*
     * The oldest due registrations of dynamic schedules no other transaction holds, locked as above.
     * They have no dispatcher and no one job: the jobs are read when the tick fires (JOBS_OF_DYNAMIC).
     * Registration and disable never touch a registration's row, so nothing that holds a job waits
     * for one of these while the tick waits for that job (EventRuns share-locks it).
     */
    private static final String CLAIM_REGISTRATIONS = """
            SELECT s.id, s.environment_id, s.next_event_at, s.last_event_at, CAST(NULL AS uuid) AS job_id,
                s.dynamic_schedule_id,
                s.schedule ->> 'type' AS schedule_type, s.schedule -> 'options' ->> 'cron' AS cron,
                s.schedule -> 'options' ->> 'seconds' AS seconds,
                true AS dispatcher_enabled, CAST(NULL AS uuid) AS version_id, now() AS now
            FROM schedule_sources s
            WHERE s.active AND s.next_event_at <= now() AND s.dynamic_schedule_id IS NOT NULL
            ORDER BY s.next_event_at
            LIMIT :limit
            FOR UPDATE OF s SKIP LOCKED""";

    /*
     * The versions a dynamic schedule's tick runs (as v2's DYNAMIC_TRIGGER dispatcher): the `latest`
     * version of each job its endpoint attached to it, while that version is ACTIVE, its job not
     * deleted, and it still comes from that endpoint and is still triggered by this schedule.
     */
    private static final String JOBS_OF_DYNAMIC = """
            SELECT v.id AS version_id, v.job_id
            FROM dynamic_schedules ds
            JOIN endpoints ep ON ep.id = ds.endpoint_id
            JOIN jobs j ON j.project_id = ep.project_id AND j.slug = ANY(ds.job_slugs) AND j.deleted_at IS NULL
            JOIN job_aliases a ON a.job_id = j.id AND a.environment_id = ds.environment_id AND a.name = %s
            JOIN job_versions v ON v.id = a.version_id
            WHERE ds.id = :dynamicScheduleId AND v.status = 'ACTIVE' AND v.endpoint_id = ds.endpoint_id
              AND v.trigger ->> 'type' = 'dynamic' AND v.trigger ->> 'id' = ds.slug""".formatted(AliasName.LATEST_SQL);

    /*
     * The tick's event and the source's advance. The event id is unique per environment: a tick
     * already fired (which the lock makes impossible) would write nothing and start nothing. Its
     * context is empty and its source context names the schedule source, as v2 wrote them.
     */
    private static final String FIRE = """
            WITH advanced AS (
                UPDATE schedule_sources SET last_event_at = :ts, next_event_at = :next, updated_at = now()
                WHERE id = :sourceId
            )
            INSERT INTO event_records (environment_id, organization_id, project_id, external_account_id, event_id,
                name, source, payload, context, timestamp, deliver_at, delivered_at, source_context)
            SELECT e.id, e.organization_id, e.project_id, s.external_account_id, :eventId, 'dev.trigger.scheduled', 'trigger.dev',
                jsonb_strip_nulls(jsonb_build_object('ts', CAST(:tsText AS text), 'lastTimestamp', CAST(:lastText AS text))),
                '{}', now(), now(), now(),
                CASE WHEN s.metadata IS NULL THEN jsonb_build_object('id', s.key)
                     ELSE jsonb_build_object('id', s.key, 'metadata', s.metadata) END
            FROM schedule_sources s JOIN runtime_environments e ON e.id = s.environment_id
            WHERE s.id = :sourceId
            ON CONFLICT (event_id, environment_id) DO NOTHING
            RETURNING id""";

    /** A schedule that cannot be computed (registration refuses them): switched off rather than retried forever. */
    private static final String STOP = """
            UPDATE schedule_sources SET active = false, next_event_at = NULL, updated_at = now() WHERE id = :sourceId""";

    private static final String NEXT_DUE = """
            SELECT CAST(EXTRACT(EPOCH FROM min(next_event_at) - clock_timestamp()) * 1000 AS bigint) AS due_in_ms
            FROM schedule_sources WHERE active""";

    /** Ticks of each kind (jobs' schedules, dynamic schedules' registrations) one transaction fires at most. */
    static final int TICKS_PER_TRANSACTION = 8;

    /** A tick that fired, late by {@code lagMs}, with or without a run. */
    public record Fired(UUID sourceId, Instant ts, long lagMs, boolean runStarted) {}

    private record Due(
            UUID sourceId,
            UUID jobId,
            UUID dynamicScheduleId,
            Instant nextEventAt,
            Instant lastEventAt,
            String type,
            String cron,
            String seconds,
            boolean dispatcherEnabled,
            UUID versionId,
            Instant now) {

        static Due from(Row row) {
            return new Due(
                    row.getUUID("id"),
                    row.getUUID("job_id"),
                    row.getUUID("dynamic_schedule_id"),
                    Rows.instant(row, "next_event_at"),
                    Rows.instant(row, "last_event_at"),
                    row.getString("schedule_type"),
                    row.getString("cron"),
                    row.getString("seconds"),
                    row.getBoolean("dispatcher_enabled"),
                    row.getUUID("version_id"),
                    Rows.instant(row, "now"));
        }

        TickTimes times() {
            if ("cron".equals(type) && cron != null) {
                return TickTimes.cron(cron, nextEventAt, now);
            }
            if ("interval".equals(type) && seconds != null) {
                return TickTimes.interval(Integer.parseInt(seconds), nextEventAt, now);
            }
            throw new IllegalArgumentException("schedule type " + type + " without its option");
        }
    }

    /** A tick whose event was written: {@code eventRecordId} null when it had fired already. */
    private record Written(Due due, TickTimes times, UUID eventRecordId) {

        long lagMs() {
            return Math.max(0, due.now().toEpochMilli() - times.ts().toEpochMilli());
        }
    }

    /** A run a written tick is to start: one version of one job. */
    private record RunTarget(UUID jobId, UUID versionId, UUID eventRecordId) {}

    private static final Comparator<RunTarget> JOB_ORDER =
            Comparator.comparing(RunTarget::jobId).thenComparing(RunTarget::versionId);

    private final Postgres postgres;
    private final EventRuns eventRuns;

    public ScheduleTicks(Postgres postgres, EventRuns eventRuns) {
        this.postgres = postgres;
        this.eventRuns = eventRuns;
    }

    /**
     * Fires the oldest due ticks no other transaction holds, in one transaction; an empty list when
     * there is none. Every tick's event is written first, then the runs of all of them are created
     * in the order of their jobs, so that the job run counters, locked until commit, are locked in
     * one order by every transaction (no deadlock between them), however many jobs a dynamic
     * schedule's tick runs.
     */
    public Uni<List<Fired>> fireDue() {
        Parameters limit = Parameters.with("limit", TICKS_PER_TRANSACTION);
        return postgres.transaction(sql -> sql.list(CLAIM, limit, Due::from)
                .chain(jobs -> sql.list(CLAIM_REGISTRATIONS, limit, Due::from)
                        .map(registrations -> concat(jobs, registrations)))
                .chain(due -> Multi.createFrom()
                        .iterable(due)
                        .onItem()
                        .transformToUniAndConcatenate(tick -> write(sql, tick))
                        .filter(Objects::nonNull)
                        .collect()
                        .asList())
                .chain(written -> startRuns(sql, written)
                        .map(started -> written.stream()
                                .map(tick -> new Fired(
                                        tick.due().sourceId(),
                                        tick.times().ts(),
                                        tick.lagMs(),
                                        started.contains(tick.eventRecordId())))
                                .toList())));
    }

    /** Milliseconds until the next active schedule falls due (negative: due, held by a tick in flight); null if none. */
    public Uni<Long> nextDueInMs() {
        return postgres.statements().first(NEXT_DUE, Parameters.NONE, row -> row.getLong("due_in_ms"));
    }

    /** The tick's event and the source's advance; null when the schedule cannot be computed (switched off). */
    private Uni<Written> write(Statements sql, Due due) {
        TickTimes times;
        try {
            times = due.times();
        } catch (RuntimeException invalid) {
            Log.warnf("Schedule source %s cannot be computed, switched off: %s", due.sourceId(), invalid.getMessage());
            return sql.execute(STOP, Parameters.with("sourceId", due.sourceId()))
                    .replaceWith(Uni.createFrom().nullItem());
        }
        Parameters parameters = Parameters.with("sourceId", due.sourceId())
                .and("ts", utc(times.ts()))
                .and("next", utc(times.next()))
                .and("eventId", due.sourceId() + ":" + times.ts().toEpochMilli())
                .and("tsText", TickTimes.iso(times.ts()))
                .and("lastText", TickTimes.iso(due.lastEventAt()));
        return sql.first(FIRE, parameters, row -> row.getUUID("id"))
                .map(eventRecordId -> new Written(due, times, eventRecordId));
    }

    /** Creates the runs of the written ticks in job order; answers the events that started at least one. */
    private Uni<Set<UUID>> startRuns(Statements sql, List<Written> written) {
        return Multi.createFrom()
                .iterable(written)
                .filter(tick -> tick.eventRecordId() != null && tick.due().dispatcherEnabled())
                .onItem()
                .transformToUniAndConcatenate(tick -> targets(sql, tick))
                .collect()
                .in(ArrayList<RunTarget>::new, List::addAll)
                .chain(targets -> Multi.createFrom()
                        .iterable(targets.stream().sorted(JOB_ORDER).toList())
                        .onItem()
                        .transformToUniAndConcatenate(target -> eventRuns
                                .create(sql, target.eventRecordId(), List.of(target.versionId()))
                                .map(runs -> runs.isEmpty() ? null : target.eventRecordId()))
                        .filter(Objects::nonNull)
                        .collect()
                        .in(HashSet<UUID>::new, Set::add));
    }

    /** The versions a tick runs: its job's dispatcher's version, or a dynamic schedule's jobs' latest versions. */
    private Uni<List<RunTarget>> targets(Statements sql, Written tick) {
        Due due = tick.due();
        if (due.dynamicScheduleId() == null) {
            return Uni.createFrom().item(List.of(new RunTarget(due.jobId(), due.versionId(), tick.eventRecordId())));
        }
        return sql.list(
                JOBS_OF_DYNAMIC,
                Parameters.with("dynamicScheduleId", due.dynamicScheduleId()),
                row -> new RunTarget(row.getUUID("job_id"), row.getUUID("version_id"), tick.eventRecordId()));
    }

    private static List<Due> concat(List<Due> first, List<Due> second) {
        List<Due> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
