package io.kongflow.jobs.support;

import io.kongflow.jobs.support.Tenants.Tenant;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** For tests that each start with a fresh tenant owning an endpoint {@code app} (serving no jobs). */
public abstract class TenantWithEndpoint {

    @Inject
    protected Database database;

    protected Tenant tenant;

    @BeforeEach
    void newTenantWithEndpoint() {
        tenant = Tenants.create();
        Api.endpoint(tenant, "app");
    }
}
