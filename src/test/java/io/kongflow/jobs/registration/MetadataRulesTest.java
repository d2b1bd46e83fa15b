package io.kongflow.jobs.registration;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registration of JobMetadata over HTTP: a broken rule is a 400 that writes nothing, and what the reader
 * accepts is stored as sent. Each rule on its own is tested without HTTP in {@link MetadataReaderTest}.
 */
@QuarkusTest
class MetadataRulesTest extends TenantWithEndpoint {

    @Test
    void aBrokenRuleIsA400NamingItsPathAndWritesNothing() {
        ObjectNode job = Fixtures.job("index-a", "nightly-report");
        job.withObject("/trigger/schedule")
                .setAll(Fixtures.parse("{\"type\": \"interval\", \"options\": {\"seconds\": 19}}"));
        Api.register(tenant, "app", job)
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors",
                        equalTo(List.of(Map.of(
                                "path",
                                "trigger.schedule.options.seconds",
                                "message",
                                "must be between 20 and 2592000"))));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", tenant.environmentId()));
        assertEquals(
                0,
                database.count(
                        "SELECT count(*) FROM jobs j JOIN runtime_environments e "
                                + "ON e.project_id = j.project_id WHERE e.id = $1::uuid",
                        tenant.environmentId()));
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
}
