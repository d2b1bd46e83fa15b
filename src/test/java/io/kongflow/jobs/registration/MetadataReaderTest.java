package io.kongflow.jobs.registration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.persistence.AuthSource;
import io.kongflow.jobs.persistence.StartPosition;
import io.kongflow.jobs.problem.InvalidInput;
import io.kongflow.jobs.problem.Problem.FieldError;
import io.kongflow.jobs.registration.JobMetadata.DynamicTrigger;
import io.kongflow.jobs.registration.JobMetadata.IntegrationUse;
import io.kongflow.jobs.registration.JobMetadata.InvokeTrigger;
import io.kongflow.jobs.registration.JobMetadata.QueueChoice;
import io.kongflow.jobs.registration.JobMetadata.ScheduledTrigger;
import io.kongflow.jobs.registration.JobMetadata.StaticTrigger;
import io.kongflow.jobs.support.Fixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the JobMetadata on its own, without HTTP: one wrong field of an otherwise valid SDK
 * job fails with exactly that path and message; the SDK's own jobs read to the expected values.
 */
class MetadataReaderTest {

    static final String REMOVE = "<remove>";

    /** A fixture job ({@code static}: user-signup, {@code cron}: nightly-report, {@code integrations}: sync-crm) with one change. */
    private static Arguments rule(String base, String pointer, String json, String path, String message) {
        return Arguments.of(base, pointer, json, path, message);
    }

    static Stream<Arguments> brokenRules() {
        String manyExamples = "[" + String.join(",", Collections.nCopies(101, "{\"id\":\"e\",\"name\":\"e\"}")) + "]";
        String interval = "{\"type\": \"interval\", \"options\": {\"seconds\": %s}}";
        return Stream.of(
                rule("static", "", "[]", "", "must be a JSON object (a trigger.dev JobMetadata)"),
                rule("static", "/id", "\"user signup\"", "id", "must be 1-100 letters, digits, '.', '_' or '-'"),
                rule("static", "/id", REMOVE, "id", "is required"),
                rule("static", "/name", "7", "name", "must be a string"),
                rule("static", "/name", "\"\"", "name", "must not be empty"),
                rule("static", "/event", "\"user.created\"", "event", "must be an object"),
                rule("static", "/event", REMOVE, "event", "is required"),
                rule("static", "/event/name", "\" \"", "event.name", "must not be empty"),
                rule("static", "/event/name", "[\"ok\", 3]", "event.name[1]", "must be a non-empty string"),
                rule("static", "/event/name", "{}", "event.name", "must be a string or a non-empty array of strings"),
                rule("static", "/event/name", "[]", "event.name", "must be a string or a non-empty array of strings"),
                rule("static", "/event/name", REMOVE, "event.name", "is required"),
                rule(
                        "static",
                        "/event/title",
                        "\"" + "t".repeat(1001) + "\"",
                        "event.title",
                        "must be at most 1000 characters"),
                rule("static", "/event/icon", "\"a\\u0000b\"", "event.icon", "must not contain the NUL character"),
                // Required text is bounded too (the fuzzer found a 174 200-character source accepted).
                rule("static", "/name", "\"" + "n".repeat(1001) + "\"", "name", "must be at most 1000 characters"),
                rule(
                        "static",
                        "/trigger/rule/source",
                        "\"" + "s".repeat(1001) + "\"",
                        "trigger.rule.source",
                        "must be at most 1000 characters"),
                rule("static", "/event/examples", "{}", "event.examples", "must be an array"),
                rule("static", "/event/examples", manyExamples, "event.examples", "must have at most 100 examples"),
                rule("static", "/event/examples", "[1]", "event.examples[0]", "must be an object"),
                rule(
                        "static",
                        "/event/examples/1/id",
                        "\"basic\"",
                        "event.examples[1].id",
                        "duplicates the example id 'basic'"),
                rule("static", "/event/examples/0/name", REMOVE, "event.examples[0].name", "is required"),
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
                rule("static", "/trigger/rule/source", REMOVE, "trigger.rule.source", "is required"),
                rule("static", "/trigger/rule/payload", "5", "trigger.rule.payload", "must be an object"),
                rule("static", "/trigger/rule/context", "[]", "trigger.rule.context", "must be an object"),
                rule("static", "/trigger/properties", "{}", "trigger.properties", "must be an array"),
                rule("static", "/trigger/help", "\"help\"", "trigger.help", "must be an object"),
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
                rule("cron", "/trigger/schedule/options/cron", REMOVE, "trigger.schedule.options.cron", "is required"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        "{\"type\": \"interval\", \"options\": {}}",
                        "trigger.schedule.options.seconds",
                        "is required"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        interval.formatted("\"60\""),
                        "trigger.schedule.options.seconds",
                        "must be a whole number"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        interval.formatted("60.5"),
                        "trigger.schedule.options.seconds",
                        "must be a whole number"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        interval.formatted("19"),
                        "trigger.schedule.options.seconds",
                        "must be between 20 and 2592000"),
                rule(
                        "cron",
                        "/trigger/schedule",
                        interval.formatted("2592001"),
                        "trigger.schedule.options.seconds",
                        "must be between 20 and 2592000"),
                rule("integrations", "/integrations", "[]", "integrations", "must be an object"),
                rule("integrations", "/integrations/crm", "1", "integrations.crm", "must be an object"),
                rule(
                        "integrations",
                        "/integrations/ ",
                        "{\"id\": \"x\", \"metadata\": {\"id\": \"x\", \"name\": \"X\"}, \"authSource\": \"LOCAL\"}",
                        "integrations",
                        "keys must be 1-200 characters"),
                rule("integrations", "/integrations/crm/id", REMOVE, "integrations.crm.id", "is required"),
                rule(
                        "integrations",
                        "/integrations/crm/metadata",
                        "\"crm\"",
                        "integrations.crm.metadata",
                        "must be an object"),
                rule("integrations", "/integrations/crm/metadata", REMOVE, "integrations.crm.metadata", "is required"),
                rule(
                        "integrations",
                        "/integrations/crm/metadata/name",
                        "\" \"",
                        "integrations.crm.metadata.name",
                        "must not be empty"),
                rule(
                        "integrations",
                        "/integrations/crm/authSource",
                        "5",
                        "integrations.crm.authSource",
                        "must be HOSTED, LOCAL or RESOLVER"),
                rule(
                        "integrations",
                        "/integrations/crm/authSource",
                        "\"hosted\"",
                        "integrations.crm.authSource",
                        "must be HOSTED, LOCAL or RESOLVER"),
                rule(
                        "integrations",
                        "/integrations/crm/authSource",
                        REMOVE,
                        "integrations.crm.authSource",
                        "is required"),
                rule("static", "/internal", "\"yes\"", "internal", "must be true or false"),
                rule("static", "/enabled", "1", "enabled", "must be true or false"),
                rule("static", "/preprocessRuns", "\"false\"", "preprocessRuns", "must be true or false"),
                rule("static", "/concurrencyLimit", "0", "concurrencyLimit", "must be a positive whole number"),
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
                rule("static", "/concurrencyLimit", "{\"limit\": 2}", "concurrencyLimit.id", "is required"),
                rule("static", "/queue", "5", "queue", "must be a name or {name, maxConcurrent}"),
                rule("static", "/queue", "\" \"", "queue", "must not be empty"),
                rule("static", "/queue", "\"" + "q".repeat(201) + "\"", "queue", "must be at most 200 characters"),
                rule("static", "/queue", "{\"maxConcurrent\": 2}", "queue.name", "is required"),
                rule(
                        "static",
                        "/queue",
                        "{\"name\": \"q\", \"maxConcurrent\": 1.5}",
                        "queue.maxConcurrent",
                        "must be a positive whole number"),
                rule(
                        "static",
                        "/queue",
                        "{\"name\": \"q\", \"maxConcurrent\": -1}",
                        "queue.maxConcurrent",
                        "must be a positive whole number"),
                rule("static", "/startPosition", "5", "startPosition", "must be initial or latest"),
                rule("static", "/startPosition", "\"LATEST\"", "startPosition", "must be initial or latest"));
    }

    @ParameterizedTest(name = "{0} {1} = {2} → {3} {4}")
    @MethodSource("brokenRules")
    void aBrokenRuleFailsNamingExactlyItsPathAndMessage(
            String base, String pointer, String json, String path, String message) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> MetadataReader.read(broken(base, pointer, json)));
        assertEquals(List.of(new FieldError(path, message)), refused.errors());
    }

    @Test
    void everyOffendingPathIsNamedAtOnceUnderThePrefix() {
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        job.put("enabled", "no").remove("trigger");
        InvalidInput refused = assertThrows(InvalidInput.class, () -> MetadataReader.read(job, "jobs[3]."));
        assertEquals(
                List.of(
                        new FieldError("jobs[3].trigger", "is required"),
                        new FieldError("jobs[3].enabled", "must be true or false")),
                refused.errors());
    }

    static Stream<Arguments> fixtureJobs() {
        List<Arguments> jobs = new ArrayList<>();
        for (String index : List.of("index-a", "index-b", "index-integrations")) {
            Fixtures.index(index)
                    .get("jobs")
                    .forEach(job -> jobs.add(Arguments.of(index, job.get("id").asText())));
        }
        return jobs.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtureJobs")
    void everyJobTheSdkSendsReads(String index, String id) {
        JobMetadata metadata = assertDoesNotThrow(() -> MetadataReader.read(Fixtures.job(index, id)));
        assertEquals(id, metadata.slug());
        assertEquals(Fixtures.job(index, id).get("trigger"), metadata.triggerSpecification());
    }

    @Test
    void aStaticEventJobReadsItsEventRuleExamplesAndDefaultQueue() {
        JobMetadata metadata = MetadataReader.read(Fixtures.job("index-a", "user-signup"));
        assertEquals("User signup", metadata.title());
        assertEquals("1.0.0", metadata.version());
        assertEquals(List.of("user.created"), metadata.eventNames());
        assertEquals("trigger.dev", metadata.eventSource());
        assertFalse(metadata.eventSpecification().has("examples"), "examples are stored apart from the event");
        StaticTrigger trigger = assertInstanceOf(StaticTrigger.class, metadata.trigger());
        assertEquals(List.of("user.created"), trigger.events());
        assertEquals("trigger.dev", trigger.source());
        assertEquals(Fixtures.parse("{}"), trigger.payloadFilter());
        assertNull(trigger.contextFilter());
        assertEquals(
                List.of(
                        new JobMetadata.Example(
                                "basic", "Basic user", "user", Fixtures.parse("{\"email\": \"a@b.c\"}")),
                        new JobMetadata.Example(
                                "second", "Second user", null, Fixtures.parse("{\"email\": \"z@b.c\"}"))),
                metadata.examples());
        assertEquals(StartPosition.LATEST, metadata.startPosition());
        assertEquals(new QueueChoice("default", 100), metadata.queue());
        assertEquals(List.of(), metadata.integrations());
    }

    @Test
    void absentOptionalFieldsTakeTheirDefaults() {
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        job.remove(List.of("startPosition", "enabled", "internal", "preprocessRuns", "integrations"));
        ((ObjectNode) job.get("event")).remove("examples");
        JobMetadata metadata = MetadataReader.read(job);
        assertEquals(StartPosition.INITIAL, metadata.startPosition());
        assertTrue(metadata.enabled());
        assertFalse(metadata.internal());
        assertFalse(metadata.preprocessRuns());
        assertEquals(List.of(), metadata.examples());
        assertEquals(List.of(), metadata.integrations());
        assertEquals(new QueueChoice(QueueChoice.DEFAULT_NAME, QueueChoice.DEFAULT_MAX_JOBS), metadata.queue());
    }

    @Test
    void givenFlagsAreRead() {
        ObjectNode job = Fixtures.job("index-b", "invoice-paid");
        job.put("internal", true).put("preprocessRuns", true).put("startPosition", "initial");
        JobMetadata metadata = MetadataReader.read(job);
        assertFalse(metadata.enabled());
        assertTrue(metadata.internal());
        assertTrue(metadata.preprocessRuns());
        assertEquals(StartPosition.INITIAL, metadata.startPosition());
    }

    @Test
    void scheduledTriggersReadTheirCronOrInterval() {
        ObjectNode cronJob = Fixtures.job("index-a", "nightly-report");
        cronJob.withObject("/trigger").set("metadata", Fixtures.parse("{\"team\": \"data\"}"));
        ScheduledTrigger cron = assertInstanceOf(
                ScheduledTrigger.class, MetadataReader.read(cronJob).trigger());
        assertEquals("0 3 * * *", cron.cron());
        assertNull(cron.intervalSeconds());
        assertEquals(Fixtures.parse("{\"team\": \"data\"}"), cron.metadata());
        assertEquals(cronJob.at("/trigger/schedule"), cron.schedule());

        ScheduledTrigger interval = assertInstanceOf(
                ScheduledTrigger.class,
                MetadataReader.read(Fixtures.job("index-a", "poller")).trigger());
        assertEquals(300, interval.intervalSeconds());
        assertNull(interval.cron());
        assertNull(interval.metadata());
    }

    @ParameterizedTest
    @CsvSource({"20", "2592000"})
    void intervalBoundsAreInclusive(int seconds) {
        ObjectNode job = Fixtures.job("index-a", "poller");
        job.withObject("/trigger/schedule/options").put("seconds", seconds);
        assertEquals(seconds, ((ScheduledTrigger) MetadataReader.read(job).trigger()).intervalSeconds());
    }

    @Test
    void dynamicAndInvokeTriggersRead() {
        ObjectNode dynamic = Fixtures.signup("dynamic", "1.0.0");
        dynamic.set("trigger", Fixtures.parse("{\"type\": \"dynamic\", \"id\": \"github-stars\"}"));
        assertEquals(
                new DynamicTrigger("github-stars"), MetadataReader.read(dynamic).trigger());
        assertEquals(
                new InvokeTrigger(),
                MetadataReader.read(Fixtures.job("index-integrations", "invoke-only"))
                        .trigger());
    }

    @Test
    void staticPropertiesAreKeptAsSent() {
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        job.withObject("/trigger").set("properties", Fixtures.parseAny("[{\"label\": \"Plan\", \"text\": \"pro\"}]"));
        StaticTrigger trigger = (StaticTrigger) MetadataReader.read(job).trigger();
        assertEquals(Fixtures.parseAny("[{\"label\": \"Plan\", \"text\": \"pro\"}]"), trigger.properties());
    }

    @Test
    void integrationsReadSortedByKeyWithAnArrayOfEventNames() {
        ObjectNode job = Fixtures.job("index-integrations", "sync-crm");
        ObjectNode reversed = Fixtures.parse("{}");
        reversed.set("mailer", job.at("/integrations/mailer"));
        reversed.set("crm", job.at("/integrations/crm"));
        job.set("integrations", reversed);
        JobMetadata metadata = MetadataReader.read(job);
        assertEquals(
                List.of(
                        new IntegrationUse(
                                "crm", "acme-crm", "acme-crm", "Acme CRM", "Use Acme CRM", AuthSource.HOSTED),
                        new IntegrationUse("mailer", "mailer", "mailer", "Mailer", "Use Mailer", AuthSource.LOCAL)),
                metadata.integrations());
        assertEquals(List.of("crm.contact.created", "crm.contact.updated"), metadata.eventNames());
        assertEquals(
                List.of("crm.contact.created", "crm.contact.updated"), ((StaticTrigger) metadata.trigger()).events());
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // SDK 2.3: concurrencyLimit
                "{\"concurrencyLimit\": 5}                                   | job/user-signup | 5",
                "{\"concurrencyLimit\": {\"id\": \"crm-api\", \"limit\": 3}} | group/crm-api   | 3",
                "{\"concurrencyLimit\": 2, \"queue\": \"mail\"}              | job/user-signup | 2",
                // SDK 2.0: queue
                "{\"queue\": \"mail\"}                                       | mail            | 100",
                "{\"queue\": {\"name\": \"mail\", \"maxConcurrent\": 7}}     | mail            | 7",
                "{\"queue\": {\"name\": \"mail\", \"maxConcurrent\": 0}}     | mail            | 100",
                "{\"queue\": {\"name\": \"mail\"}}                           | mail            | 100",
                "{\"queue\": null, \"concurrencyLimit\": null}               | default         | 100",
                "{}                                                          | default         | 100",
            })
    void theQueueComesFromEitherSdkGeneration(String fields, String name, int maxJobs) {
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        job.setAll(Fixtures.parse(fields));
        assertEquals(new QueueChoice(name, maxJobs), MetadataReader.read(job).queue());
    }

    @Test
    void theContentHashIgnoresUnknownFieldsAndFollowsKnownOnes() {
        ObjectNode job = Fixtures.job("index-a", "user-signup");
        String hash = MetadataReader.read(job).contentHash();
        assertEquals(
                hash, MetadataReader.read(job.deepCopy().put("newSdkField", 1)).contentHash());
        assertNotEquals(
                hash,
                MetadataReader.read(job.deepCopy().put("preprocessRuns", true)).contentHash());
        assertNotEquals(
                hash,
                MetadataReader.read(job.deepCopy().put("concurrencyLimit", 4)).contentHash());
    }

    @Test
    void aStoredTriggerReadsAndAnInvalidOneIsAnIllegalState() {
        JsonNode stored = Fixtures.job("index-a", "nightly-report").get("trigger");
        assertEquals("0 3 * * *", ((ScheduledTrigger) TriggerReader.stored(stored)).cron());
        assertThrows(
                IllegalStateException.class, () -> TriggerReader.stored(Fixtures.parse("{\"type\": \"webhook\"}")));
        assertThrows(IllegalStateException.class, () -> TriggerReader.stored(null));
    }

    /** The fixture job with one change; an empty pointer replaces the whole document. */
    static JsonNode broken(String base, String pointer, String json) {
        return pointer.isEmpty() ? Fixtures.parseAny(json) : change(base(base), pointer, json);
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
