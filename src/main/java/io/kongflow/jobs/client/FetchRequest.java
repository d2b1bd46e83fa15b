package io.kongflow.jobs.client;

import java.time.Duration;
import java.util.Map;

/** A background fetch's request: what a run asked the service to send, and how long it may take. */
public record FetchRequest(String method, String url, Map<String, String> headers, String body, Duration timeout) {}
