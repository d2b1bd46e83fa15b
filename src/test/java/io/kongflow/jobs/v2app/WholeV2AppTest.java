package io.kongflow.jobs.v2app;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kongflow.jobs.fetches.FetchesOn;
import io.kongflow.jobs.schedules.ScheduleTicks;
import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Eventually;
import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.OnVertx;
import io.kongflow.jobs.support.RunWaits;
import io.kongflow.jobs.support.SdkEndpoint;
import io.kongflow.jobs.support.SdkEventClient;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole trigger.dev v2 app ({@code app-jobs.mjs}, real {@code @trigger.dev/sdk@2.3.18}) runs on the
 * service unchanged: an order placed with {@code client.sendEvent} counts itself in the key-value
 * store, is priced by a background fetch, waits for an approval POSTed to its callback URL, starts
 * the shipping job with {@code io.sendEvent}, waits for the carrier's event, registers a reminder on a
 * dynamic schedule and reads back its run-scoped note; the reminder's tick then runs the job attached
 * to the schedule, which reads what the shipping job stored. Each feature has its own tests; this one
 * checks they compose, each step fed by the one before, to the results v2 gave.
 */
@QuarkusTest
@TestProfile(FetchesOn.class)
class WholeV2AppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final Database database = Database.shared();

    @Inject
    ScheduleTicks ticks;

    @BeforeAll
    static void requireNode() {
        NeededTools.require("the real SDK endpoint runs on Node.js", "node", "npm");
    }

    @Test
    void anOrderGoesThroughStoreFetchCallbackEventsAndADynamicScheduleToTheResultsV2Gave() throws Exception {
        Tenant tenant = Tenants.create();
        HttpServer pricing = pricing();
        try (SdkEndpoint endpoint = SdkEndpoint.executing(tenant, "kongflow-v2-app", Map.of("APP_JOBS", "1"));
                SdkEventClient client = SdkEventClient.start(tenant.apiKey(), "http://127.0.0.1:" + RestAssured.port)) {
            String pricingUrl = "http://127.0.0.1:" + pricing.getAddress().getPort() + "/price";
            client.call("store.env.set", "orders-seen", 41);
            client.call(
                    "sendEvent",
                    Map.of(
                            "id", "order-7-placed",
                            "name", "kf.app.order.placed",
                            "payload",
                                    Map.of("orderId", "7", "sku", "kf-mug", "customer", "ada", "pricing", pricingUrl)));
            String order = runOf(tenant, "order-7-placed");

            given().contentType("application/json")
                    .body("{\"approvedBy\": \"grace\"}")
                    .post(URI.create(sharedUrl(order)))
                    .then()
                    .statusCode(200);
            String shipping = runOf(tenant, "kf.app.order.shipped", "app-shipping");
            assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, shipping, PATIENCE));
            assertEquals(JSON.readTree("{\"shipped\": \"7\"}"), output(tenant, shipping));

            Eventually.await(
                    () -> database.count(
                                    "SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid"
                                            + " AND task_id IS NOT NULL AND 'kf.app.order.delivered' = ANY (event)",
                                    tenant.environmentId())
                            == 1,
                    "the order waits for the carrier's event",
                    PATIENCE);
            client.call(
                    "sendEvent",
                    Map.of("name", "kf.app.order.delivered", "source", "carrier", "payload", Map.of("orderId", "8")));
            client.call(
                    "sendEvent",
                    Map.of(
                            "name",
                            "kf.app.order.delivered",
                            "source",
                            "carrier",
                            "payload",
                            Map.of("orderId", "7", "at", "door")));

            assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, order, PATIENCE));
            assertEquals(JSON.readTree("""
                            {"run": "%s", "seen": 42, "price": {"sku": "kf-mug", "cents": 1299},
                             "approval": {"approvedBy": "grace"},
                             "delivered": {"payload": {"orderId": "7", "at": "door"}, "source": "carrier"},
                             "reminder": {"id": "order-7", "active": true,
                                          "schedule": {"type": "interval", "options": {"seconds": 3600}}},
                             "note": {"placedBy": "ada"}}""".formatted(order)), output(tenant, order));
            assertEquals(JSON.readTree("42"), client.call("store.env.get", "orders-seen"));

            // The reminder's first tick, brought forward: the job attached to the dynamic schedule runs.
            java.util.UUID source = database.query(
                            "UPDATE schedule_sources SET next_event_at = now() - interval '1 second'"
                                    + " WHERE environment_id = $1::uuid AND key = 'order-7' AND dynamic_schedule_id IS NOT NULL"
                                    + " RETURNING id",
                            tenant.environmentId())
                    .get(0)
                    .getUUID("id");
            assertTrue(fireUntil(source), "the reminder's tick fired");
            String reminder = runOf(tenant, "dev.trigger.scheduled", "app-reminder");
            assertEquals("SUCCESS", RunWaits.awaitFinal(tenant, reminder, PATIENCE));
            assertEquals(
                    JSON.readTree("{\"source\": \"order-7\", \"shipment\": {\"orderId\": \"7\", \"carrier\": \"kf\"}}"),
                    output(tenant, reminder));
        } finally {
            pricing.stop(0);
        }
    }

    /** Fires due ticks (other tests' schedules may be due too) until this source's has fired. */
    private boolean fireUntil(java.util.UUID source) {
        for (List<ScheduleTicks.Fired> fired = OnVertx.await(ticks::fireDue);
                !fired.isEmpty();
                fired = OnVertx.await(ticks::fireDue)) {
            if (fired.stream().anyMatch(tick -> tick.sourceId().equals(source))) {
                return true;
            }
        }
        return false;
    }

    /** The run the event with this id started. */
    private String runOf(Tenant tenant, String eventId) {
        return awaitRun(
                tenant,
                "SELECT r.id::text FROM job_runs r JOIN event_records e ON e.id = r.event_id"
                        + " WHERE e.environment_id = $1::uuid AND e.event_id = $2",
                eventId);
    }

    /** The run of this job an event of this name started. */
    private String runOf(Tenant tenant, String eventName, String job) {
        return awaitRun(
                tenant,
                "SELECT r.id::text FROM job_runs r JOIN event_records e ON e.id = r.event_id JOIN jobs j ON j.id = r.job_id"
                        + " WHERE e.environment_id = $1::uuid AND e.name = $2 AND j.slug = '" + job + "'",
                eventName);
    }

    private String awaitRun(Tenant tenant, String query, String parameter) {
        String[] run = new String[1];
        Eventually.await(
                () -> {
                    var rows = database.query(query, tenant.environmentId(), parameter);
                    run[0] = rows.isEmpty() ? null : rows.get(0).getString(0);
                    return run[0] != null;
                },
                "a run for " + parameter,
                PATIENCE);
        return run[0];
    }

    /** The callback URL the run shared through its "share-url" task. */
    private String sharedUrl(String run) {
        String[] url = new String[1];
        Eventually.await(
                () -> {
                    var rows = database.query(
                            "SELECT output ->> 'url' FROM job_tasks WHERE run_id = $1::uuid AND name = 'share-url'"
                                    + " AND status = 'COMPLETED'",
                            run);
                    url[0] = rows.isEmpty() ? null : rows.get(0).getString(0);
                    return url[0] != null;
                },
                "run " + run + " shared its callback URL",
                PATIENCE);
        return url[0];
    }

    private static JsonNode output(Tenant tenant, String run) throws Exception {
        return JSON.readTree(Api.as(tenant)
                        .get("/api/v1/runs/{id}", run)
                        .then()
                        .extract()
                        .asString())
                .get("output");
    }

    /** The pricing service the order's background fetch asks: {@code /price?sku=} answers the sku's price. */
    private static HttpServer pricing() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        server.createContext("/price", exchange -> {
            try (exchange) {
                String sku = exchange.getRequestURI().getQuery().replaceFirst("^sku=", "");
                byte[] body = ("{\"sku\": \"" + sku + "\", \"cents\": 1299}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }
}
