package io.kongflow.jobs.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Run statuses' bodies and answers, in the shapes of the trigger.dev v2 SDK. */
public final class StatusViews {

    private StatusViews() {}

    /** The body of updateStatus (StatusUpdate): only the fields given change. */
    public record StatusUpdate(
            @Size(max = 1000) @Schema(nullable = true, description = "Default on creation: the status key")
            String label,

            @Schema(nullable = true) StatusState state,

            @Schema(nullable = true, description = "A JSON object")
            JsonNode data) {}

    /** A status as the SDK's JobRunStatusRecord schema reads it; {@code state} and {@code data} are absent while unset. */
    @Schema(name = "JobRunStatusRecord")
    public record StatusRecord(
            String key,
            String label,
            @JsonInclude(JsonInclude.Include.NON_NULL) StatusState state,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode data,

            @Schema(description = "Earlier values, oldest first: {label, state?, data?}")
            List<JsonNode> history) {

        static StatusRecord from(Row row, ObjectMapper json) {
            List<JsonNode> history = new ArrayList<>();
            TaskRows.parse(json, row.getString("history")).forEach(history::add);
            return new StatusRecord(
                    row.getString("key"),
                    row.getString("label"),
                    StatusState.of(row.getString("state")),
                    TaskRows.parse(json, row.getString("data")),
                    history);
        }
    }

    /** The SDK's getRunStatuses answer. */
    public record RunStatuses(RunRef run, List<StatusRecord> statuses) {}

    /** The run a status list belongs to. */
    public record RunRef(
            String id,
            String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode output) {}
}
