package io.kongflow.jobs.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.Problem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps an endpoint's dynamic schedules as its index reports them ({@code dynamicSchedules}: each
 * one's id and the jobs attached to it), as v2's {@code RegisterDynamicScheduleService} did: the ids
 * registrations may name, and the jobs their ticks run. A dynamic schedule the endpoint no longer
 * reports is kept, with its registrations, as v2 kept it: its jobs are disabled as missing, so its
 * ticks start nothing.
 */
@ApplicationScoped
public class DynamicSchedules {

    /** Ids longer than this are not kept: the id is part of a unique key, and the SDK's are short names. */
    static final int MAX_ID = RegistrationViews.MAX_KEY;

    // One statement for the whole list, deduplicated (an upsert must not touch one key twice) and in
    // id order (two indexes of one endpoint at once lock the rows in one order: no deadlock).
    private static final String SYNC = """
            INSERT INTO dynamic_schedules (environment_id, endpoint_id, slug, job_slugs)
            SELECT :environmentId, :endpointId, x.id, ARRAY(SELECT jsonb_array_elements_text(x.jobs))
            FROM jsonb_to_recordset(CAST(CAST(:schedules AS text) AS jsonb)) AS x(id text, jobs jsonb)
            ON CONFLICT (endpoint_id, slug) DO UPDATE SET job_slugs = EXCLUDED.job_slugs, updated_at = now()
            WHERE dynamic_schedules.job_slugs IS DISTINCT FROM EXCLUDED.job_slugs""";

    private static final String ID_RULE = "must be a string of 1 to " + MAX_ID + " characters without NUL";

    private final Postgres postgres;

    DynamicSchedules(Postgres postgres) {
        this.postgres = postgres;
    }

    /** Records the endpoint's reported dynamic schedules; entries without a usable id are skipped with a warning. */
    public Uni<Void> sync(UUID environmentId, UUID endpointId, JsonNode reported) {
        Map<String, Set<String>> schedules = read(endpointId, reported);
        if (schedules.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        schedules.forEach((id, jobs) -> {
            ObjectNode row = rows.addObject().put("id", id);
            jobs.forEach(row.putArray("jobs")::add);
        });
        Parameters parameters = Parameters.with("environmentId", environmentId)
                .and("endpointId", endpointId)
                .and("schedules", rows.toString());
        return postgres.statements().execute(SYNC, parameters).replaceWithVoid();
    }

    /**
     * Checks a pushed list ({@code dynamicSchedules} of a push sync) before anything is written: absent
     * or null is none; otherwise each entry needs a usable id and its jobs usable ids. An index's list
     * is not checked, only read: an endpoint's answer is taken as far as it can be.
     */
    public static void check(JsonNode pushed) {
        if (pushed == null || pushed.isNull()) {
            return;
        }
        if (!pushed.isArray()) {
            throw new InvalidInput("dynamicSchedules", "must be an array");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < pushed.size(); i++) {
            String path = "dynamicSchedules[" + i + "]";
            JsonNode schedule = pushed.get(i);
            if (usable(schedule.get("id")) == null) {
                errors.add(new Problem.FieldError(path + ".id", ID_RULE));
            }
            JsonNode jobs = schedule.get("jobs");
            if (jobs == null || !jobs.isArray()) {
                errors.add(new Problem.FieldError(path + ".jobs", "must be an array"));
                continue;
            }
            for (int j = 0; j < jobs.size(); j++) {
                if (usable(jobs.get(j).get("id")) == null) {
                    errors.add(new Problem.FieldError(path + ".jobs[" + j + "].id", ID_RULE));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    private static Map<String, Set<String>> read(UUID endpointId, JsonNode reported) {
        Map<String, Set<String>> schedules = new TreeMap<>();
        if (reported == null || !reported.isArray()) {
            return schedules;
        }
        for (JsonNode schedule : reported) {
            String id = usable(schedule.get("id"));
            if (id == null) {
                Log.warnf("Endpoint %s reported a dynamic schedule without a usable id; skipped", endpointId);
                continue;
            }
            Set<String> jobs = schedules.computeIfAbsent(id, ignored -> new LinkedHashSet<>());
            JsonNode attached = schedule.get("jobs");
            if (attached != null && attached.isArray()) {
                attached.forEach(job -> {
                    String slug = usable(job.get("id"));
                    if (slug != null) {
                        jobs.add(slug);
                    }
                });
            }
        }
        return schedules;
    }

    private static String usable(JsonNode id) {
        if (id == null || !id.isTextual()) {
            return null;
        }
        String text = id.textValue();
        return text.isEmpty() || text.length() > MAX_ID || text.indexOf('\u0000') >= 0 ? null : text;
    }
}
