package io.kongflow.jobs.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.execution.NulCharacters;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.registration.ScheduleCalculator;
import io.kongflow.jobs.schedules.RegistrationViews.RegisterScheduleRequest;
import io.kongflow.jobs.schedules.RegistrationViews.RegisteredSchedule;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Registers and unregisters schedules on a dynamic schedule of the caller's endpoint (v2's
 * {@code RegisterScheduleService} and {@code UnregisterScheduleService}). A registration is a
 * schedule source the schedule worker fires like a job's own schedule; each write is one statement.
 */
@ApplicationScoped
public class ScheduleRegistrations {

    static final int MIN_INTERVAL_SECONDS = 20;
    static final int MAX_INTERVAL_SECONDS = 2_592_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The dynamic schedule, seen from the caller's environment only: another tenant's is not found. */
    private static final String SCHEDULE = """
            SELECT d.id, d.environment_id, e.organization_id, e.auto_enable_internal_sources
            FROM dynamic_schedules d
            JOIN endpoints ep ON ep.id = d.endpoint_id
            JOIN runtime_environments e ON e.id = d.environment_id
            WHERE ep.environment_id = :environmentId AND ep.slug = :endpointSlug AND ep.url IS NOT NULL
              AND d.slug = :scheduleId""";

    /*
     * An upsert on (dynamic schedule, key): concurrent registrations of one key end as one row, the
     * last one's. An unchanged schedule keeps its next tick (a replayed task does not shift it); a
     * changed or re-activated one starts again from now. The account, if any, is upserted with it.
     */
    private static final String REGISTER = "WITH schedule AS (" + SCHEDULE + "), " + """
            account AS (
                INSERT INTO external_accounts (environment_id, organization_id, identifier)
                SELECT environment_id, organization_id, CAST(:accountId AS text) FROM schedule
                WHERE CAST(:accountId AS text) IS NOT NULL
                ON CONFLICT (environment_id, identifier) DO UPDATE SET updated_at = now()
                RETURNING id
            )
            INSERT INTO schedule_sources (environment_id, dynamic_schedule_id, key, schedule, active, next_event_at,
                metadata, external_account_id)
            SELECT environment_id, id, :key, CAST(CAST(:schedule AS text) AS jsonb), auto_enable_internal_sources,
                :nextEventAt, CAST(CAST(:metadata AS text) AS jsonb), (SELECT id FROM account)
            FROM schedule
            ON CONFLICT (dynamic_schedule_id, key) DO UPDATE SET
                schedule = EXCLUDED.schedule, metadata = EXCLUDED.metadata, active = EXCLUDED.active,
                external_account_id = EXCLUDED.external_account_id, updated_at = now(),
                next_event_at = CASE WHEN schedule_sources.schedule IS DISTINCT FROM EXCLUDED.schedule
                                       OR NOT schedule_sources.active OR schedule_sources.next_event_at IS NULL
                                     THEN EXCLUDED.next_event_at ELSE schedule_sources.next_event_at END
            RETURNING key, CAST(schedule AS text) AS schedule, CAST(metadata AS text) AS metadata, active""";

    /*
     * The row goes: a tick in flight holds it (FOR UPDATE) until its commit, and this waits for it;
     * a claim after this commit finds nothing. So once unregistering answered, it never fires again.
     */
    private static final String UNREGISTER = "WITH schedule AS (" + SCHEDULE + "), " + """
            removed AS (
                DELETE FROM schedule_sources s USING schedule
                WHERE s.dynamic_schedule_id = schedule.id AND s.key = :key
                RETURNING s.id
            )
            SELECT (SELECT count(*) FROM schedule) AS schedules, (SELECT count(*) FROM removed) AS removed""";

    private final Postgres postgres;

    ScheduleRegistrations(Postgres postgres) {
        this.postgres = postgres;
    }

    /** Registers (or updates) the schedule under its key; 404 when the endpoint has no such dynamic schedule. */
    public Uni<RegisteredSchedule> register(
            Caller caller, String endpointSlug, String scheduleId, RegisterScheduleRequest request) {
        ObjectNode schedule = schedule(request);
        NulCharacters.refuse("id", request.id());
        NulCharacters.refuse("accountId", request.accountId());
        NulCharacters.refuse("metadata", request.metadata());
        Instant next = "cron".equals(request.type())
                ? ScheduleCalculator.nextCron(request.options().cron(), Instant.now())
                : ScheduleCalculator.nextInterval(request.options().seconds(), Instant.now());
        Parameters parameters = where(caller, endpointSlug, scheduleId)
                .and("key", request.id())
                .and("schedule", schedule.toString())
                .and("nextEventAt", OffsetDateTime.ofInstant(next, ZoneOffset.UTC))
                .and(
                        "metadata",
                        present(request.metadata()) ? request.metadata().toString() : null)
                .and("accountId", request.accountId());
        return postgres.transaction(sql -> sql.first(REGISTER, parameters, ScheduleRegistrations::registered))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Dynamic schedule"));
    }

    /**
     * Unregisters the key: it never fires again. A key not registered (or unregistered already)
     * answers the same, so a retried unregister succeeds; an unknown dynamic schedule is a 404.
     */
    public Uni<Void> unregister(Caller caller, String endpointSlug, String scheduleId, String key) {
        NulCharacters.refuse("key", key);
        Parameters parameters = where(caller, endpointSlug, scheduleId).and("key", key);
        return postgres.transaction(sql -> sql.first(UNREGISTER, parameters, row -> row.getLong("schedules")))
                .invoke(schedules -> {
                    if (schedules == 0) {
                        throw new NotFound("Dynamic schedule");
                    }
                })
                .replaceWithVoid();
    }

    /** The stored {@code {type, options}}, refusing what cannot fire as v2's SDK schemas and our cron rules do. */
    static ObjectNode schedule(RegisterScheduleRequest request) {
        ObjectNode schedule = JsonNodeFactory.instance.objectNode().put("type", request.type());
        ObjectNode options = schedule.putObject("options");
        if ("cron".equals(request.type())) {
            String cron = request.options().cron();
            if (cron == null) {
                throw new InvalidInput("options.cron", "is required for a cron schedule");
            }
            ScheduleCalculator.cronProblem(cron).ifPresent(problem -> {
                throw new InvalidInput("options.cron", problem);
            });
            options.put("cron", cron);
        } else {
            Integer seconds = request.options().seconds();
            if (seconds == null) {
                throw new InvalidInput("options.seconds", "is required for an interval schedule");
            }
            if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
                throw new InvalidInput(
                        "options.seconds",
                        "must be between " + MIN_INTERVAL_SECONDS + " and " + MAX_INTERVAL_SECONDS + " (seconds)");
            }
            options.put("seconds", seconds);
        }
        return schedule;
    }

    private static Parameters where(Caller caller, String endpointSlug, String scheduleId) {
        NulCharacters.refuse("endpointSlug", endpointSlug);
        NulCharacters.refuse("id", scheduleId);
        return Parameters.with("environmentId", caller.environmentId())
                .and("endpointSlug", endpointSlug)
                .and("scheduleId", scheduleId);
    }

    private static RegisteredSchedule registered(Row row) {
        return new RegisteredSchedule(
                row.getString("key"),
                json(row.getString("schedule")),
                json(row.getString("metadata")),
                row.getBoolean("active"));
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }
}
