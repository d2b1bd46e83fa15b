package io.kongflow.jobs.api;

/**
 * Request examples for the OpenAPI document, taken from the real {@code @trigger.dev/sdk@2.3.18}
 * payloads in the test fixtures (annotation values must be constants).
 */
final class ApiExamples {

    /** index-a.json, job user-signup: an event job with two examples. */
    static final String EVENT_JOB =
            "{\"id\":\"user-signup\",\"name\":\"User signup\",\"version\":\"1.0.0\",\"event\":{\"name\":\"user.created\",\"title\":\"Event\",\"source\":\"trigger.dev\",\"icon\":\"custom-event\",\"examples\":[{\"id\":\"basic\",\"name\":\"Basic user\",\"icon\":\"user\",\"payload\":{\"email\":\"a@b.c\"}},{\"id\":\"second\",\"name\":\"Second user\",\"payload\":{\"email\":\"z@b.c\"}}]},\"trigger\":{\"type\":\"static\",\"title\":\"user.created\",\"rule\":{\"event\":\"user.created\",\"source\":\"trigger.dev\",\"payload\":{}}},\"integrations\":{},\"startPosition\":\"latest\",\"enabled\":true,\"preprocessRuns\":false}";

    /** index-integrations.json, job sync-crm: integrations, an event-name array, a concurrency group. */
    static final String INTEGRATIONS_JOB =
            "{\"id\":\"sync-crm\",\"name\":\"Sync CRM\",\"version\":\"3.2.0\",\"event\":{\"name\":[\"crm.contact.created\",\"crm.contact.updated\"],\"title\":\"Event\",\"source\":\"acme-crm\",\"icon\":\"custom-event\"},\"trigger\":{\"type\":\"static\",\"title\":[\"crm.contact.created\",\"crm.contact.updated\"],\"rule\":{\"event\":[\"crm.contact.created\",\"crm.contact.updated\"],\"source\":\"acme-crm\",\"payload\":{\"contact\":{\"plan\":[\"pro\",\"enterprise\"]}}}},\"integrations\":{\"crm\":{\"id\":\"acme-crm\",\"metadata\":{\"id\":\"acme-crm\",\"name\":\"Acme CRM\",\"instructions\":\"Use Acme CRM\"},\"authSource\":\"HOSTED\"},\"mailer\":{\"id\":\"mailer\",\"metadata\":{\"id\":\"mailer\",\"name\":\"Mailer\",\"instructions\":\"Use Mailer\"},\"authSource\":\"LOCAL\"}},\"startPosition\":\"latest\",\"enabled\":true,\"preprocessRuns\":false,\"concurrencyLimit\":{\"id\":\"crm-api\",\"limit\":3}}";

    /** A push sync of one job. */
    static final String SYNC = "{\"jobs\":[" + EVENT_JOB + "]}";

    private ApiExamples() {}
}
