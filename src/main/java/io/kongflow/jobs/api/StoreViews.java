package io.kongflow.jobs.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The SDK's KeyValueStoreResponseBody, one record per action, as the store routes answer it. */
final class StoreViews {

    private StoreViews() {}

    /** {@code GET}: {@code value} is absent when the environment has no such key. */
    @Schema(name = "StoreGetResponse")
    record StoreGet(
            @Schema(enumeration = "GET") String action,
            String key,
            @JsonInclude(JsonInclude.Include.NON_NULL) String value) {

        StoreGet(String key, String value) {
            this("GET", key, value);
        }
    }

    /** {@code PUT}: the value as stored. */
    @Schema(name = "StoreSetResponse")
    record StoreSet(@Schema(enumeration = "SET") String action, String key, String value) {

        StoreSet(String key, String value) {
            this("SET", key, value);
        }
    }

    /** {@code DELETE}: whether there was such a key. */
    @Schema(name = "StoreDeleteResponse")
    record StoreDelete(@Schema(enumeration = "DELETE") String action, String key, boolean deleted) {

        StoreDelete(String key, boolean deleted) {
            this("DELETE", key, deleted);
        }
    }
}
