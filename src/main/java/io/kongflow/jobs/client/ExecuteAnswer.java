package io.kongflow.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What an SDK endpoint answered an EXECUTE_JOB with, whatever its status: the status code, the
 * headers (names lower case) and the body parsed as JSON (null when it is not JSON).
 */
public record ExecuteAnswer(int status, Map<String, String> headers, JsonNode body, String text) {}
