package io.kongflow.jobs.console;

import io.kongflow.jobs.support.Tenants.Tenant;

/** The console's pages for tests of other packages: signed in with the tenant's key. */
public final class ConsolePages {

    private ConsolePages() {}

    /** The HTML of a run's page. */
    public static String runPage(Tenant tenant, String run) {
        return ConsoleClient.signedIn(tenant.apiKey())
                .get("/console/runs/" + run)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
