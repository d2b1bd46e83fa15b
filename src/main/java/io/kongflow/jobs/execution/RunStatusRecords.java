package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.StatusViews.RunRef;
import io.kongflow.jobs.execution.StatusViews.RunStatuses;
import io.kongflow.jobs.execution.StatusViews.StatusRecord;
import io.kongflow.jobs.execution.StatusViews.StatusUpdate;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Run statuses (io.createStatus, status.update, getRunStatuses) of runs of the caller's environment. */
@ApplicationScoped
public class RunStatusRecords {

    static final String COLUMNS =
            "s.key, s.label, s.state, CAST(s.data AS text) AS data, CAST(s.history AS text) AS history";

    // One statement: created with label defaulting to the key, or the old values pushed onto
    // history and only the given fields overwritten. A run of another environment inserts nothing.
    private static final String UPSERT = """
            INSERT INTO job_run_statuses AS s (run_id, key, label, state, data)
            SELECT r.id, :key, COALESCE(CAST(:label AS text), :key), CAST(:state AS text), CAST(CAST(:data AS text) AS jsonb)
            FROM job_runs r WHERE r.id = :runId AND r.environment_id = :environmentId
            ON CONFLICT (run_id, key) DO UPDATE SET
                history = s.history || jsonb_build_array(jsonb_build_object('label', s.label)
                    || CASE WHEN s.state IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('state', s.state) END
                    || CASE WHEN s.data IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('data', s.data) END),
                label = COALESCE(CAST(:label AS text), s.label),
                state = COALESCE(CAST(:state AS text), s.state),
                data = COALESCE(CAST(CAST(:data AS text) AS jsonb), s.data),
                updated_at = now()
            RETURNING\s""" + COLUMNS;

    static final String LIST =
            "SELECT " + COLUMNS + " FROM job_run_statuses s WHERE s.run_id = :runId ORDER BY s.created_at, s.id";

    private static final String RUN = """
            SELECT id, status, CAST(output AS text) AS output FROM job_runs
            WHERE id = :runId AND environment_id = :environmentId""";

    private final Postgres postgres;
    private final ObjectMapper json;

    RunStatusRecords(Postgres postgres, ObjectMapper json) {
        this.postgres = postgres;
        this.json = json;
    }

    /** Creates or updates the status {@code key} of the run. */
    public Uni<StatusRecord> update(Caller caller, UUID runId, String key, StatusUpdate update) {
        if (update.data() != null && !update.data().isObject() && !update.data().isNull()) {
            throw new InvalidInput("data", "must be a JSON object");
        }
        if (key.isBlank() || key.length() > 1000) {
            throw new InvalidInput("id", "must be 1 to 1000 characters");
        }
        NulCharacters.refuse("id", key);
        NulCharacters.refuse("", json.valueToTree(update));
        Parameters parameters = Parameters.with("runId", runId)
                .and("environmentId", caller.environmentId())
                .and("key", key)
                .and("label", update.label())
                .and("state", update.state() == null ? null : update.state().wire())
                .and(
                        "data",
                        update.data() == null || update.data().isNull()
                                ? null
                                : update.data().toString());
        return postgres.statements()
                .first(UPSERT, parameters, row -> StatusRecord.from(row, json))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Run"));
    }

    /** The run's status and output with its statuses, oldest first. */
    public Uni<RunStatuses> list(Caller caller, UUID runId) {
        Statements sql = postgres.statements();
        return sql.first(
                        RUN,
                        Parameters.with("runId", runId).and("environmentId", caller.environmentId()),
                        row -> new RunRef(
                                row.getUUID("id").toString(),
                                row.getString("status"),
                                TaskRows.parse(json, row.getString("output"))))
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Run"))
                .chain(run -> statuses(sql, runId).map(statuses -> new RunStatuses(run, statuses)));
    }

    Uni<List<StatusRecord>> statuses(Statements sql, UUID runId) {
        return sql.list(LIST, Parameters.with("runId", runId), row -> StatusRecord.from(row, json));
    }
}
