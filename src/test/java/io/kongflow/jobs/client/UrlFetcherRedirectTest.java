package io.kongflow.jobs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A background fetch's redirects are followed as fetch follows them. */
class UrlFetcherRedirectTest {

    private static final FetchRequest POST = new FetchRequest(
            "POST",
            "https://a.test/one",
            new LinkedHashMap<>(Map.of("Authorization", "Bearer t", "Content-Type", "text/plain", "x-keep", "k")),
            "body",
            Duration.ofSeconds(5));

    @Test
    void a303OrA302AfterAPostBecomesAGetWithoutBody() {
        for (int status : new int[] {302, 303}) {
            FetchRequest next = UrlFetcher.redirected(POST, status, "/two");
            assertEquals("GET", next.method());
            assertNull(next.body());
            assertEquals("https://a.test/two", next.url());
            assertEquals(Map.of("Authorization", "Bearer t", "x-keep", "k"), next.headers());
        }
    }

    @Test
    void a307KeepsMethodAndBodyAndAnotherOriginGetsNoCredentials() {
        FetchRequest next = UrlFetcher.redirected(POST, 307, "https://b.test/x");
        assertEquals("POST", next.method());
        assertEquals("body", next.body());
        assertEquals(Map.of("Content-Type", "text/plain", "x-keep", "k"), next.headers());
    }
}
