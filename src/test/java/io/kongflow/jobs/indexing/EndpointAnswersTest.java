package io.kongflow.jobs.indexing;

import static org.hamcrest.Matchers.equalTo;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.FakeEndpoint;
import io.kongflow.jobs.support.FakeEndpoint.Reply;
import io.kongflow.jobs.support.IndexStats;
import io.kongflow.jobs.support.TenantWithEndpoint;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an SDK endpoint may answer besides a good index, and what the service makes of it. */
@QuarkusTest
class EndpointAnswersTest extends TenantWithEndpoint {

    private io.restassured.response.ValidatableResponse indexAnswering(Reply reply) {
        String url = FakeEndpoint.serve(action -> "PING".equals(action) ? Reply.json(200, "{\"ok\":true}") : reply);
        Api.endpoint(tenant, "answers", url);
        return Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/answers/index")
                .then()
                .statusCode(200);
    }

    @Test
    void aPingWithoutOkAndWithoutAnErrorIsRefusedWithAGenericReason() {
        String url = FakeEndpoint.serve(action -> Reply.json(200, "{\"ok\":false}"));
        Api.as(tenant)
                .body(Map.of("id", "refusing", "url", url))
                .post("/api/v1/endpoints")
                .then()
                .statusCode(400)
                .body("detail", equalTo("The endpoint did not answer the PING with {ok: true}"));
        Api.as(tenant).get("/api/v1/endpoints/refusing").then().statusCode(404);
    }

    @Test
    void a401WithoutAMessageFailsTheIndexWithTheKeyRefusal() {
        indexAnswering(Reply.json(401, "{\"detail\": 1}"))
                .body("status", equalTo("FAILURE"))
                .body("error.message", equalTo("The endpoint refused the API key (401)"));
    }

    @Test
    void a401WithAnErrorFieldFailsTheIndexWithThatError() {
        indexAnswering(Reply.json(401, "{\"error\": \"bad key\"}")).body("error.message", equalTo("bad key"));
    }

    @Test
    void aRedirectWithoutALocationIsAnHttpFailure() {
        String url = FakeEndpoint.serve(
                action -> "PING".equals(action) ? Reply.json(200, "{\"ok\":true}") : new Reply(302, Map.of(), null, 0));
        Api.endpoint(tenant, "lost", url);
        Api.as(tenant)
                .body("{}")
                .post("/api/v1/endpoints/lost/index")
                .then()
                .body("status", equalTo("FAILURE"))
                .body("error.message", equalTo("Could not connect to endpoint " + url + ". Status code: 302"));
    }

    @Test
    void anEmptyOrNonObjectAnswerIsNotAnIndex() {
        indexAnswering(new Reply(200, Map.of(), null, 0))
                .body("status", equalTo("FAILURE"))
                .body("error.message", org.hamcrest.Matchers.endsWith("did not answer with a JSON object"));
        indexAnswering(Reply.json(200, "[]"))
                .body("status", equalTo("FAILURE"))
                .body("error.message", org.hamcrest.Matchers.endsWith("did not answer with a JSON object"));
    }

    @Test
    void anAnswerOverTheSizeLimitIsCutOffAndFails() {
        String huge = "{\"jobs\": [], \"padding\": \"" + "x".repeat(5 * 1024 * 1024 + 1) + "\"}";
        indexAnswering(Reply.json(200, huge))
                .body("status", equalTo("FAILURE"))
                .body("error.message", equalTo("The endpoint's answer is larger than 5242880 bytes"));
    }

    @Test
    void theOtherListsOfTheAnswerAreCountedAndMissingOnesCountZero() {
        indexAnswering(Reply.json(200, "{\"jobs\": [], \"sources\": [{}, {}], \"webhooks\": {\"not\": \"a list\"}}"))
                .body("status", equalTo("SUCCESS"))
                .body("stats", equalTo(IndexStats.of(0, 0, 0, 2)));
    }
}
