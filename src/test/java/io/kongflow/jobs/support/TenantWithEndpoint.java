package io.kongflow.jobs.support;

import io.kongflow.jobs.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;

/** For tests that each start with a fresh tenant owning an endpoint {@code app} (serving no jobs). */
public abstract class TenantWithEndpoint {

    protected final Database database = Database.shared();

    protected Tenant tenant;

    @BeforeEach
    void newTenantWithEndpoint() {
        tenant = Tenants.create();
        Api.endpoint(tenant, "app");
    }
}
