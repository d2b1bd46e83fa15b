package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the JobMetadata (SPEC §3) on its own: one wrong field of an otherwise valid SDK
 * job is a 400 naming exactly that path and what is wrong, and writes nothing.
 */
@QuarkusTest
class MetadataRulesTest extends TenantWithEndpoint {

    private static final String REMOVE = "<remove>";

    /** A fixture job ({@code static}: user-signup, {@code cron}: nightly-report, {@code integrations}: sync-crm) with one change. */
    private static Arguments rule(String base, String pointer, String json, String path, String message) {
        return Arguments.of(base, pointer, json, path, message);
    }

    static Stream<Arguments> brokenRules() {
        String manyExamples =
                "[" + String.join(",", java.util.Collections.nCopies(101, "{\"id\":\"e\",\"name\":\"e\"}")) + "]";
        return Stream.of(
                rule("static", "", "[]", "", "must be a JSON object (a trigger.dev JobMetadata)"),
                rule("static", "/event", "\"user.created\"", "event", "must be an object"),
                rule("static", "/event", REMOVE, "event", "is required"),
                rule("static", "/event/name", "\" \"", "event.name", "must not be empty"),
                rule("static", "/event/name", "[\"ok\", 3]", "event.name[1]", "must be a non-empty string"),
                rule("static", "/event/name", "{}", "event.name", "must be a string or a non-empty array of strings"),
                rule("static", "/event/name", REMOVE, "event.name", "is required"),
                rule("static", "/event/examples", "{}", "event.examples", "must be an array"),
                rule("static", "/event/examples", manyExamples, "event.examples", "must have at most 100 examples"),
                rule("static", "/event/examples", "[1]", "event.examples[0]", "must be an object"),
                rule("static", "/version", "\"" + "1".repeat(201) + "\"", "version", "must be at most 200 characters"),
                rule("static", "/trigger", "\"static\"", "trigger", "must be an object"),
                rule("static", "/trigger", REMOVE, "trigger", "is required"),
                rule(
                        "static",
                        "/trigger/type",
                        "\"webhook\"",
                        "trigger.type",
                        "must be one of static, scheduled, dynamic, invoke"),
                rule("static", "/trigger", "{\"type\": \"dynamic\"}", "trigger.id", "is required"),
                rule("static", "/trigger/rule", REMOVE, "trigger.rule", "is required"),
                rule("static", "/trigger/rule", "1", "trigger.rule", "must be an object"),
                rule("static", "/trigger/rule/payload", "5", "trigger.rule.payload", "must be an object"),
                rule("static", "/trigger/properties", "{}", "trigger.properties", "must be an array"),
                rule("cron", "/trigger/schedule", REMOVE, "trigger.schedule", "is required"),
                rule("cron", "/trigger/schedule", "\"daily\"", "trigger.schedule", "must be an object"),
                rule("cron", "/trigger/schedule/options", REMOVE, "trigger.schedule.options", "is required"),
                rule("cron", "/trigger/schedule/options", "[]", "trigger.schedule.options", "must be an object"),
                rule(
                        "cron",
                        "/trigger/schedule/type",
                        "\"weekly\"",
                        "trigger.schedule.type",
                        "must be cron or interval"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        "{\"type\": \"interval\", \"options\": {}}",
                        "trigger.schedule.options.seconds",
                        "is required"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        "{\"type\": \"interval\", \"options\": {\"seconds\": \"60\"}}",
                        "trigger.schedule.options.seconds",
                        "must be a whole number"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        "{\"type\": \"interval\", \"options\": {\"seconds\": 2592001}}",
                        "trigger.schedule.options.seconds",
                        "must be between 20 and 2592000"),
                rule("integrations", "/integrations", "[]", "integrations", "must be an object"),
                rule("integrations", "/integrations/crm", "1", "integrations.crm", "must be an object"),
                rule(
                        "integrations",
                        "/integrations/ ",
                        "{\"id\": \"x\", \"metadata\": {\"id\": \"x\", \"name\": \"X\"}, "
                                + "\"authSource\": \"LOCAL\"}",
                        "integrations",
                        "keys must be 1-200 characters"),
                rule(
                        "integrations",
                        "/integrations/crm/metadata",
                        "\"crm\"",
                        "integrations.crm.metadata",
                        "must be an object"),
                rule(
                        "integrations",
                        "/integrations/crm/authSource",
                        "5",
                        "integrations.crm.authSource",
                        "must be HOSTED, LOCAL or RESOLVER"),
                rule(
                        "integrations",
                        "/integrations/crm/authSource",
                        REMOVE,
                        "integrations.crm.authSource",
                        "is required"),
                rule(
                        "static",
                        "/concurrencyLimit",
                        "3000000000",
                        "concurrencyLimit",
                        "must be a positive whole number"),
                rule(
                        "static",
                        "/concurrencyLimit",
                        "\"five\"",
                        "concurrencyLimit",
                        "must be a positive whole number or {id, limit}"),
                rule("static", "/concurrencyLimit", "{\"id\": \"g\"}", "concurrencyLimit.limit", "is required"),
                rule(
                        "static",
                        "/concurrencyLimit",
                        "{\"id\": \"g\", \"limit\": 0}",
                        "concurrencyLimit.limit",
                        "must be a positive whole number"),
                rule("static", "/queue", "5", "queue", "must be a name or {name, maxConcurrent}"),
                rule(
                        "static",
                        "/queue",
                        "{\"name\": \"q\", \"maxConcurrent\": 1.5}",
                        "queue.maxConcurrent",
                        "must be a positive whole number"),
                rule("static", "/startPosition", "5", "startPosition", "must be initial or latest"));
    }

    @ParameterizedTest(name = "{0} {1} = {2} → {3} {4}")
    @MethodSource("brokenRules")
    void aBrokenRuleIsA400NamingItsPathAndWritesNothing(
            String base, String pointer, String json, String path, String message) {
        JsonNode job = pointer.isEmpty() ? Fixtures.parseAny(json) : change(base(base), pointer, json);
        Api.register(tenant, "app", job)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasItem(Map.of("path", path, "message", message)));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", tenant.environmentId()));
    }

    @Test
    void aDynamicTriggerRegistersWithoutAnEnabledDispatcher() {
        ObjectNode job = Fixtures.signup("dynamic", "1.0.0");
        job.set("trigger", Fixtures.parse("{\"type\": \"dynamic\", \"id\": \"github-stars\"}"));
        Api.register(tenant, "app", job).statusCode(201).body("latestVersion", equalTo("1.0.0"));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid AND enabled",
                        tenant.environmentId()));
    }

    @Test
    void anSdk20QueueWithoutALimitOrWithZeroGetsTheDefaultLimit() {
        ObjectNode zero = Fixtures.signup("zero", "1.0.0");
        zero.set("queue", Fixtures.parse("{\"name\": \"mail\", \"maxConcurrent\": 0}"));
        Api.register(tenant, "app", zero)
                .statusCode(201)
                .body("version.queue.name", equalTo("mail"))
                .body("version.queue.maxJobs", equalTo(100));
        ObjectNode unlimited = Fixtures.signup("unlimited", "1.0.0");
        unlimited.set("queue", Fixtures.parse("{\"name\": \"mail\"}"));
        Api.register(tenant, "app", unlimited).statusCode(201).body("version.queue.maxJobs", equalTo(100));
    }

    @Test
    void staticPropertiesAndScheduleMetadataAreStoredAsSent() {
        ObjectNode withProperties = Fixtures.signup("props", "1.0.0");
        withProperties
                .withObject("/trigger")
                .set("properties", Fixtures.parseAny("[{\"label\": \"Plan\", \"text\": \"pro\"}]"));
        Api.register(tenant, "app", withProperties).statusCode(201);
        ObjectNode withMetadata = Fixtures.job("index-a", "nightly-report");
        withMetadata.withObject("/trigger").set("metadata", Fixtures.parse("{\"team\": \"data\"}"));
        Api.register(tenant, "app", withMetadata).statusCode(201);
        String env = tenant.environmentId();
        assertEquals(
                "[{\"text\": \"pro\", \"label\": \"Plan\"}]",
                database.query(
                                "SELECT properties::text FROM job_versions v JOIN jobs j ON j.id = v.job_id "
                                        + "WHERE v.environment_id = $1::uuid AND j.slug = 'props'",
                                env)
                        .get(0)
                        .getString(0));
        assertEquals(
                "{\"team\": \"data\"}",
                database.query(
                                "SELECT metadata::text FROM schedule_sources WHERE environment_id = $1::uuid AND key = 'nightly-report'",
                                env)
                        .get(0)
                        .getString(0));
    }

    private static ObjectNode base(String name) {
        return switch (name) {
            case "static" -> Fixtures.job("index-a", "user-signup");
            case "cron" -> Fixtures.job("index-a", "nightly-report");
            case "integrations" -> Fixtures.job("index-integrations", "sync-crm");
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Sets (or removes) the value at the pointer, creating nothing but the last step. */
    private static ObjectNode change(ObjectNode job, String pointer, String json) {
        int slash = pointer.lastIndexOf('/');
        ContainerNode<?> parent = (ContainerNode<?>) job.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(field), Fixtures.parseAny(json));
        } else if (REMOVE.equals(json)) {
            ((ObjectNode) parent).remove(field);
        } else {
            ((ObjectNode) parent).set(field, Fixtures.parseAny(json));
        }
        return job;
    }
}
