package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * V13 dropped the foreign keys other references imply (a version's organization, project and
 * environment; a job's organization; an alias's environment). Deleting a parent must still reach
 * every job, version and alias through the references that stay.
 */
@QuarkusTest
class ImpliedForeignKeysTest {

    private static final String ROWS_OF_ENVIRONMENT = """
            SELECT (SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid)
                 + (SELECT count(*) FROM job_aliases WHERE environment_id = $1::uuid)""";

    final Database database = Database.shared();

    @Test
    void deletingAnEnvironmentDeletesItsVersionsAndAliases() {
        Tenant tenant = registered("env-cascade");
        Tenant sibling = tenant.sibling("staging", "STAGING");
        Api.endpoint(sibling, "app");
        Api.register(sibling, "app", Fixtures.signup("env-cascade", "1.0.0")).statusCode(201);
        assertEquals(2, database.count(ROWS_OF_ENVIRONMENT, tenant.environmentId()), "a version and its alias");

        database.query("DELETE FROM runtime_environments WHERE id = $1::uuid", tenant.environmentId());

        assertEquals(0, database.count(ROWS_OF_ENVIRONMENT, tenant.environmentId()));
        assertEquals(2, database.count(ROWS_OF_ENVIRONMENT, sibling.environmentId()), "the other environment's stay");
    }

    @Test
    void deletingAnOrganizationDeletesItsJobsVersionsAndAliases() {
        Tenant tenant = registered("org-cascade");
        String organization = database.query(
                        "SELECT organization_id FROM runtime_environments WHERE id = $1::uuid", tenant.environmentId())
                .get(0)
                .getUUID(0)
                .toString();
        assertEquals(1, database.count("SELECT count(*) FROM jobs WHERE organization_id = $1::uuid", organization));

        database.query("DELETE FROM organizations WHERE id = $1::uuid", organization);

        assertEquals(0, database.count("SELECT count(*) FROM jobs WHERE organization_id = $1::uuid", organization));
        assertEquals(
                0, database.count("SELECT count(*) FROM job_versions WHERE organization_id = $1::uuid", organization));
        assertEquals(0, database.count(ROWS_OF_ENVIRONMENT, tenant.environmentId()));
    }

    private static Tenant registered(String slug) {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Api.register(tenant, "app", Fixtures.signup(slug, "1.0.0")).statusCode(201);
        return tenant;
    }
}
