package io.kongflow.jobs.api;

import io.kongflow.jobs.api.StoreViews.StoreDelete;
import io.kongflow.jobs.api.StoreViews.StoreGet;
import io.kongflow.jobs.api.StoreViews.StoreSet;
import io.kongflow.jobs.store.KeyValueStore;
import io.kongflow.jobs.tenancy.CurrentCaller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The key-value store the SDK's io.store.env/job/run and client.store.env call, in the caller's environment. */
@Path("/api/v1/store/{key}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Store", description = "The key-value store of io.store and client.store, per environment")
@SecurityRequirement(name = "bearerAuth")
public class KeyValueStoreResource {

    private final KeyValueStore store;
    private final CurrentCaller caller;

    public KeyValueStoreResource(KeyValueStore store, CurrentCaller caller) {
        this.store = store;
        this.caller = caller;
    }

    @GET
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "getStoredValue",
            summary = "Read a stored value (SDK store get)",
            description = "`value` is absent when the caller's environment has no such key.")
    public Uni<StoreGet> get(@Parameter(description = ApiParameters.STORE_KEY) @PathParam("key") String key) {
        return store.get(caller.get(), key).map(value -> new StoreGet(key, value));
    }

    @HEAD
    @SecurityRequirement(name = "bearerAuth", scopes = "read")
    @Operation(
            operationId = "hasStoredValue",
            summary = "Whether a key is stored (SDK store has)",
            description = "200 when the caller's environment has the key, else 404; no body.")
    public Uni<RestResponse<Void>> has(@Parameter(description = ApiParameters.STORE_KEY) @PathParam("key") String key) {
        return store.has(caller.get(), key)
                .map(has -> has ? RestResponse.ok() : RestResponse.status(RestResponse.Status.NOT_FOUND));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "storeValue",
            summary = "Store a value (SDK store set)",
            description = "Creates or replaces the key's value: the body as text, at most 262 144 characters (413 "
                    + "above). A key `run:<run id>:…` naming a run of the environment is removed when that run ends; "
                    + "storing one for a run that has ended is a 409.")
    public Uni<StoreSet> set(
            @Parameter(description = ApiParameters.STORE_KEY) @PathParam("key") String key,
            @RequestBody(description = "The value, as text (the SDK sends its JSON)") String value) {
        return store.set(caller.get(), key, value).map(stored -> new StoreSet(key, stored));
    }

    @DELETE
    @SecurityRequirement(name = "bearerAuth", scopes = "write")
    @Operation(
            operationId = "deleteStoredValue",
            summary = "Delete a stored value (SDK store delete)",
            description = "`deleted` tells whether the caller's environment had the key.")
    public Uni<StoreDelete> delete(@Parameter(description = ApiParameters.STORE_KEY) @PathParam("key") String key) {
        return store.delete(caller.get(), key).map(deleted -> new StoreDelete(key, deleted));
    }
}
