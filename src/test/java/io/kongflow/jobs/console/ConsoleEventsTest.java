package io.kongflow.jobs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The events list: each event's delivery and runs, its filters in the URL, keyset pages, only the environment's own. */
@QuarkusTest
class ConsoleEventsTest {

    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final Pattern LINE =
            Pattern.compile("<tr class=\"event\" data-event=\"([^\"]*)\">(.*?)</tr>", Pattern.DOTALL);

    final Database database = Database.shared();

    @Test
    void eachEventShowsItsDeliveryAndLinksToTheRunsItStarted() {
        Tenant tenant = tenantWithSignupJob();
        send(tenant, Map.of("id", "evt-delivered", "name", "user.created", "payload", Map.of("n", 1)), Map.of());
        send(
                tenant,
                Map.of("id", "evt-later", "name", "user.created", "payload", Map.of()),
                Map.of("deliverAfter", 3600));
        send(
                tenant,
                Map.of("id", "evt-cancelled", "name", "user.created", "payload", Map.of()),
                Map.of("deliverAfter", 3600));
        Api.as(tenant).post("/api/v1/events/evt-cancelled/cancel").then().statusCode(200);
        send(tenant, Map.of("id", "evt-" + HOSTILE, "name", HOSTILE, "payload", Map.of()), Map.of());
        awaitDelivered(tenant, "evt-delivered");
        Tenant other = tenantWithSignupJob();
        send(other, Map.of("id", "evt-foreign", "name", "user.created", "payload", Map.of()), Map.of());

        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());
        String page = console.get("/console/events").asString();
        Map<String, List<String>> lines = lines(page);
        assertEquals(
                List.of("evt-&lt;script&gt;alert(1)&lt;/script&gt;", "evt-cancelled", "evt-later", "evt-delivered"),
                new ArrayList<>(lines.keySet()),
                "newest first, only this environment's");
        assertFalse(page.contains(HOSTILE), "markup in an event is shown as text");

        List<String> delivered = lines.get("evt-delivered");
        assertEquals("user.created", delivered.get(1));
        assertEquals("trigger.dev", delivered.get(2));
        assertTrue(delivered.get(5).endsWith(" UTC"), "delivered at " + delivered);
        assertEquals("", delivered.get(6), "not cancelled");
        assertEquals("<a href=\"/console/runs?event=evt-delivered\">1</a>", delivered.get(7));

        List<String> later = lines.get("evt-later");
        Instant deliverAt = Instant.parse(later.get(4).replace(" UTC", "Z").replace(' ', 'T'));
        assertTrue(Duration.between(Instant.now(), deliverAt).toMinutes() >= 58, "delivered in an hour: " + later);
        assertEquals("", later.get(5), "not delivered yet");
        assertEquals("0", later.get(7));
        assertTrue(lines.get("evt-cancelled").get(6).endsWith(" UTC"), "cancelled at " + lines.get("evt-cancelled"));

        String runs = console.get("/console/runs?event=evt-delivered").asString();
        assertEquals(1, count(runs, "class=\"run\""), "the link lists the event's runs");
    }

    @Test
    void filtersLiveInTheUrlAndPageByCursor() {
        Tenant tenant = tenantWithSignupJob();
        for (int i = 0; i < EventsResource.PAGE_SIZE + 2; i++) {
            send(tenant, Map.of("id", "bulk-" + i, "name", "order.placed", "payload", Map.of()), Map.of());
        }
        send(tenant, Map.of("id", "signup-1", "name", "user.created", "payload", Map.of()), Map.of());
        ConsoleClient console = ConsoleClient.signedIn(tenant.apiKey());

        String first = console.get("/console/events?name=order.placed").asString();
        assertEquals(EventsResource.PAGE_SIZE, lines(first).size());
        assertFalse(lines(first).containsKey("signup-1"), "filtered by name");
        String next = first.replaceAll("(?s).*id=\"next-page\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");
        assertTrue(next.contains("name=order.placed"), "the next page keeps the filter: " + next);
        Map<String, List<String>> older = lines(console.get(next).asString());
        assertEquals(List.of("bulk-1", "bulk-0"), new ArrayList<>(older.keySet()));

        assertEquals(
                List.of("signup-1"),
                new ArrayList<>(
                        lines(console.get("/console/events?event=signup-1").asString())
                                .keySet()));
        assertTrue(
                console.get("/console/events?name=nothing.like.it").asString().contains("id=\"no-events\""));
        assertEquals(400, console.get("/console/events?cursor=garbage").statusCode());
    }

    private static Tenant tenantWithSignupJob() {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.job("index-a", "user-signup")).statusCode(201);
        return tenant;
    }

    private static void send(Tenant tenant, Map<String, Object> event, Map<String, Object> options) {
        Api.as(tenant)
                .body(Map.of("event", event, "options", options))
                .post("/api/v1/events")
                .then()
                .statusCode(200);
    }

    private void awaitDelivered(Tenant tenant, String eventId) {
        Eventually.await(
                () -> database.count(
                                "SELECT count(*) FROM event_records e JOIN job_runs r ON r.event_id = e.id"
                                        + " WHERE e.event_id = $1 AND e.environment_id = $2::uuid",
                                eventId,
                                tenant.environmentId())
                        == 1,
                "event " + eventId + " delivered");
    }

    /** Each line's cells by event id, in page order. */
    private static Map<String, List<String>> lines(String html) {
        Map<String, List<String>> lines = new java.util.LinkedHashMap<>();
        Matcher line = LINE.matcher(html);
        while (line.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(line.group(2));
            while (cell.find()) {
                cells.add(cell.group(1).strip());
            }
            lines.put(line.group(1), cells);
        }
        return lines;
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
