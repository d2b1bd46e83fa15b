package io.kongflow.jobs.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an SDK endpoint answered: the JSON body, the url that finally answered (after redirects),
 * and the versions it reported in its {@code trigger-version} / {@code trigger-sdk-version} headers.
 */
public record EndpointAnswer(String finalUrl, JsonNode body, String triggerVersion, String sdkVersion) {}
