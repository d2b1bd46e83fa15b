package io.kongflow.jobs.registration;

import static io.kongflow.jobs.registration.FieldReader.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.kongflow.jobs.registration.JobMetadata.QueueChoice;

/** Reads the queue a job runs on from either SDK generation's form: {@code concurrencyLimit} or {@code queue}. */
final class QueueReader {

    private QueueReader() {}

    /**
     * {@code concurrencyLimit} (SDK 2.3) wins when a job also sends {@code queue} (SDK 2.0); neither
     * means the default queue. Null when invalid, the reasons collected in {@code fields}.
     */
    static QueueChoice read(FieldReader fields, JsonNode root, String slug) {
        JsonNode limit = root.get("concurrencyLimit");
        if (present(limit)) {
            return concurrencyLimit(fields, limit, slug);
        }
        JsonNode queue = root.get("queue");
        if (!present(queue)) {
            return new QueueChoice(QueueChoice.DEFAULT_NAME, QueueChoice.DEFAULT_MAX_JOBS);
        }
        if (queue.isTextual()) {
            String name =
                    fields.limited(fields.nonBlank(queue.textValue(), "queue"), "queue", FieldReader.MAX_IDENTIFIER);
            return new QueueChoice(name, QueueChoice.DEFAULT_MAX_JOBS);
        }
        if (queue.isObject()) {
            String name = fields.identifier(queue, "queue.name", "name");
            JsonNode max = queue.get("maxConcurrent");
            // maxConcurrent 0 gives the job no limit of its own: the queue keeps the default.
            if (present(max) && max.isIntegralNumber() && max.canConvertToInt() && max.intValue() == 0) {
                return new QueueChoice(name, QueueChoice.DEFAULT_MAX_JOBS);
            }
            Integer maxJobs = fields.positive(max, "queue.maxConcurrent", false);
            return new QueueChoice(name, maxJobs == null ? QueueChoice.DEFAULT_MAX_JOBS : maxJobs);
        }
        fields.error("queue", "must be a name or {name, maxConcurrent}");
        return null;
    }

    /** A number is a queue of the job's own; {id, limit} is a group that jobs share by id. */
    private static QueueChoice concurrencyLimit(FieldReader fields, JsonNode limit, String slug) {
        if (limit.isIntegralNumber()) {
            if (!limit.canConvertToInt() || limit.intValue() < 1) {
                fields.error("concurrencyLimit", "must be a positive whole number");
                return null;
            }
            return new QueueChoice("job/" + slug, limit.intValue());
        }
        if (limit.isObject()) {
            String id = fields.identifier(limit, "concurrencyLimit.id", "id");
            Integer max = fields.positive(limit.get("limit"), "concurrencyLimit.limit", true);
            return max == null ? null : new QueueChoice("group/" + id, max);
        }
        fields.error("concurrencyLimit", "must be a positive whole number or {id, limit}");
        return null;
    }
}
