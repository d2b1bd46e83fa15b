package io.kongflow.jobs.client;

import java.util.Map;

/** What a background fetch's target answered, whatever its status: headers with lower-case names. */
public record FetchResponse(int status, Map<String, String> headers, byte[] body) {}
