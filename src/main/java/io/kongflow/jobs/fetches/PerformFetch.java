package io.kongflow.jobs.fetches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kongflow.jobs.client.EndpointCallFailed;
import io.kongflow.jobs.client.FetchRequest;
import io.kongflow.jobs.client.FetchResponse;
import io.kongflow.jobs.client.FetchTimedOut;
import io.kongflow.jobs.client.OutboundRefused;
import io.kongflow.jobs.client.UrlFetcher;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.events.EventFilter;
import io.kongflow.jobs.events.MalformedEventFilter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Performs one attempt of a claimed fetch as v2's PerformTaskOperationService did and says what it
 * leads to: {@code fetch} answers the parsed JSON body, {@code fetch-response} {@code {data,
 * headers, status}}, {@code fetch-poll} the body once its response filter matches, before its
 * timeout. A status outside 2xx is retried by the first of the task's retry strategies that fits
 * it; a timeout by {@code timeout.retry}; then the task errors.
 */
@ApplicationScoped
class PerformFetch {

    /** Claims of one fetch without an outcome (its replica stopped each time) before it is given up. */
    static final int MAX_CLAIMS = 5;

    private static final long DEFAULT_TIMEOUT_MS = 120_000;
    private static final long POLL_TIMEOUT_MS = 5_000;
    private static final long MIN_TIMEOUT_MS = 1_000;

    private final UrlFetcher fetcher;
    private final ObjectMapper json;
    private final long maxTimeoutMs;

    PerformFetch(UrlFetcher fetcher, ObjectMapper json, KongflowConfig config) {
        this.fetcher = fetcher;
        this.json = json;
        this.maxTimeoutMs = config.fetches().maxRequestTimeout().toMillis();
    }

    Uni<FetchOutcome> perform(ClaimedFetch claimed) {
        if (!"WAITING".equals(claimed.status()) && !"RUNNING".equals(claimed.status())) {
            return done(FetchOutcome.drop());
        }
        if (claimed.claims() > MAX_CLAIMS) {
            return done(FetchOutcome.fail("The fetch was taken " + (claimed.claims() - 1)
                    + " times without an outcome (its replica stopped each time); given up"));
        }
        String operation = claimed.operation();
        if (!FetchOperation.FETCH.equals(operation)
                && !FetchOperation.RESPONSE.equals(operation)
                && !FetchOperation.POLL.equals(operation)) {
            return done(FetchOutcome.fail("Unknown operation: " + operation));
        }
        FetchOperation fetch;
        try {
            fetch = FetchOperation.parse(operation, claimed.params());
        } catch (FetchOperation.Invalid e) {
            return done(FetchOutcome.fail(e.getMessage()));
        }
        return fetch.isPoll() ? poll(claimed, fetch) : fetch(claimed, fetch);
    }

    private Uni<FetchOutcome> fetch(ClaimedFetch claimed, FetchOperation fetch) {
        long timeoutMs = clamp(duration(fetch.timeout(), DEFAULT_TIMEOUT_MS), maxTimeoutMs);
        return fetcher.fetch(request(fetch, timeoutMs), claimed.environment())
                .map(response -> {
                    JsonNode body = parse(response.body());
                    if (response.status() < 200 || response.status() > 299) {
                        String error = "Fetch failed with status " + response.status();
                        Instant retryAt = retryForResponse(claimed, fetch.retry(), response, body);
                        if (retryAt != null) {
                            return FetchOutcome.retry(retryAt, error);
                        }
                        return truthy(body) ? FetchOutcome.fail(body) : FetchOutcome.fail(error);
                    }
                    if (FetchOperation.FETCH.equals(fetch.operation())) {
                        return FetchOutcome.complete(body, null);
                    }
                    ObjectNode output = json.createObjectNode();
                    output.set("data", body);
                    output.set("headers", json.valueToTree(response.headers()));
                    output.put("status", response.status());
                    return FetchOutcome.complete(output, null);
                })
                .onFailure(failure -> !(failure instanceof OutboundRefused) && retriable(failure))
                .recoverWithItem(failure -> {
                    String error = failure instanceof FetchTimedOut
                            ? "Fetch timed out after " + timeoutMs + "ms"
                            : failure.getMessage();
                    Instant retryAt = retryForTimeout(claimed, fetch.timeout());
                    return retryAt != null ? FetchOutcome.retry(retryAt, error) : FetchOutcome.fail(error);
                })
                .onFailure()
                .recoverWithItem(failure -> FetchOutcome.fail(failure.getMessage()));
    }

    private Uni<FetchOutcome> poll(ClaimedFetch claimed, FetchOperation poll) {
        if (claimed.startedAt() == null) {
            return done(FetchOutcome.fail("Task has not been started"));
        }
        Instant now = Instant.now();
        if (Duration.between(claimed.startedAt(), now).toMillis() > poll.pollTimeout() * 1000L) {
            return done(FetchOutcome.fail("Task timed out after " + poll.pollTimeout() + " seconds"));
        }
        long timeoutMs = clamp(duration(poll.timeout(), POLL_TIMEOUT_MS), POLL_TIMEOUT_MS);
        Instant next = now.plusSeconds(poll.interval());
        return fetcher.fetch(request(poll, timeoutMs), claimed.environment())
                .map(response -> {
                    JsonNode body = parse(response.body());
                    FetchOutcome.PollAttempt attempt = attempt(poll, response, body, now);
                    return matches(poll.responseFilter(), response, body)
                            ? FetchOutcome.complete(body, attempt)
                            : FetchOutcome.pollAgain(next, attempt);
                })
                .onFailure(failure -> failure instanceof FetchTimedOut)
                .recoverWithItem(failure -> {
                    Instant retryAt = retryForTimeout(claimed, poll.timeout());
                    return retryAt != null
                            ? FetchOutcome.pollAgain(retryAt, null)
                            : FetchOutcome.fail("Fetch timed out after " + timeoutMs + "ms");
                })
                // No answer at all (refused, reset): the target may be restarting; the poll's own timeout bounds it.
                .onFailure(failure -> !(failure instanceof OutboundRefused) && retriable(failure))
                .recoverWithItem(failure -> FetchOutcome.pollAgain(next, null))
                .onFailure()
                .recoverWithItem(failure -> FetchOutcome.fail(failure.getMessage()));
    }

    /**
     * v2's responseFilterMatches, except that {@code status} is honoured (v2 parsed it and never
     * checked it) and {@code headers} is matched against the response's headers as an object of
     * lower-case names (v2 matched a Headers instance, on which no header filter could match).
     */
    static boolean matches(JsonNode filter, FetchResponse response, JsonNode body) {
        JsonNode status = filter.path("status");
        if (status.isArray() && !status.isEmpty()) {
            boolean listed = false;
            for (JsonNode code : status) {
                listed |= code.asDouble() == response.status();
            }
            if (!listed) {
                return false;
            }
        }
        try {
            JsonNode headers = filter.get("headers");
            if (headers != null
                    && !headers.isNull()
                    && !EventFilter.matches(new ObjectMapper().valueToTree(response.headers()), headers)) {
                return false;
            }
            JsonNode bodyFilter = filter.get("body");
            if (bodyFilter == null || bodyFilter.isNull()) {
                return true;
            }
            return body != null && EventFilter.matches(body, bodyFilter);
        } catch (MalformedEventFilter e) {
            return false;
        }
    }

    private FetchOutcome.PollAttempt attempt(FetchOperation poll, FetchResponse response, JsonNode body, Instant at) {
        ObjectNode params = json.createObjectNode();
        params.put("status", response.status());
        params.set("headers", json.valueToTree(response.headers()));
        if (body != null) {
            params.set("body", body);
        }
        return new FetchOutcome.PollAttempt(poll.method() + " " + poll.url() + " " + response.status(), params, at);
    }

    private Instant retryForResponse(ClaimedFetch claimed, JsonNode retry, FetchResponse response, JsonNode body) {
        if (retry == null) {
            return null;
        }
        JsonNode strategy = RetryRules.strategyFor(retry, response.status(), body);
        if (strategy == null) {
            return null;
        }
        if ("headers".equals(strategy.path("strategy").asText())) {
            String header =
                    response.headers().get(strategy.path("resetHeader").asText().toLowerCase(java.util.Locale.ROOT));
            return RetryRules.resetAt(header, strategy.path("resetFormat").asText("unix_timestamp"), Instant.now());
        }
        return RetryRules.retryAt(strategy, claimed.attempts() - 1);
    }

    private static Instant retryForTimeout(ClaimedFetch claimed, JsonNode timeout) {
        JsonNode retry = timeout == null ? null : timeout.get("retry");
        return retry == null || retry.isNull() ? null : RetryRules.retryAt(retry, claimed.attempts() - 1);
    }

    private static FetchRequest request(FetchOperation fetch, long timeoutMs) {
        return new FetchRequest(
                fetch.method(), fetch.url(), fetch.headers(), fetch.body(), Duration.ofMillis(timeoutMs));
    }

    // Refusals and oversized bodies are final; a timeout or a lost connection may pass.
    private static boolean retriable(Throwable failure) {
        return failure instanceof EndpointCallFailed && !(failure instanceof io.kongflow.jobs.client.FetchTooLarge);
    }

    private static long duration(JsonNode timeout, long fallback) {
        return timeout == null ? fallback : (long) timeout.path("durationInMs").asDouble(fallback);
    }

    private static long clamp(long ms, long max) {
        return Math.min(Math.max(ms, MIN_TIMEOUT_MS), max);
    }

    private JsonNode parse(byte[] body) {
        try {
            // As JSON.parse: trailing text makes the body not JSON.
            return body.length == 0
                    ? null
                    : json.reader()
                            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** JavaScript's truthiness of a parsed body: null, false, 0 and "" are not. */
    private static boolean truthy(JsonNode body) {
        if (body == null || body.isNull()) {
            return false;
        }
        if (body.isBoolean()) {
            return body.booleanValue();
        }
        if (body.isNumber()) {
            return body.doubleValue() != 0;
        }
        return !body.isTextual() || !body.textValue().isEmpty();
    }

    private static Uni<FetchOutcome> done(FetchOutcome outcome) {
        return Uni.createFrom().item(outcome);
    }
}
