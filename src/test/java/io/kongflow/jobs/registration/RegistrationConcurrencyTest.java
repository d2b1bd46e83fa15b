package io.kongflow.jobs.registration;

import io.kongflow.jobs.support.Api;
import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Fixtures;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RegistrationConcurrencyTest {

    private static final int CLIENTS = 64;

    @Inject
    Database database;

    /** Sends the bodies all at once from {@link #CLIENTS} threads; answers the status codes. */
    private static List<Integer> concurrently(Tenant tenant, IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String json = body.apply(i);
                calls.add(() -> Api.as(tenant).body(json).post("/api/v1/endpoints/app/jobs").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRegistrationsOfOneJobEndWithOneRowPerKeyAndTheAliasOnTheMaximum() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        Random random = new Random(7);
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            // Repeats on purpose: some requests upsert the same version at the same time.
            versions.add(random.nextInt(3) + "." + random.nextInt(12) + "." + random.nextInt(3));
        }
        List<Integer> statuses = concurrently(tenant, i -> Fixtures.signup("contended", versions.get(i)).toString());

        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 201), statuses.toString());
        String expectedLatest = Collections.max(versions, VersionOrder.STRINGS);
        String env = tenant.environmentId();
        assertEquals(1, database.count("SELECT count(*) FROM jobs j JOIN runtime_environments e ON e.project_id = j.project_id "
                + "WHERE e.id = $1::uuid AND j.slug = 'contended'", env));
        assertEquals(versions.stream().distinct().count(),
                database.count("SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", env));
        assertEquals(0, database.count("SELECT count(*) FROM (SELECT job_version_id, slug FROM event_examples x "
                + "JOIN job_versions v ON v.id = x.job_version_id WHERE v.environment_id = $1::uuid "
                + "GROUP BY 1, 2 HAVING count(*) > 1) d", env));
        assertEquals(1, database.count("SELECT count(*) FROM job_aliases WHERE environment_id = $1::uuid", env));
        assertEquals(expectedLatest, database.query("SELECT value FROM job_aliases WHERE environment_id = $1::uuid", env)
                .get(0).getString(0));
        assertEquals(1, database.count("SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid", env));
        assertEquals(expectedLatest, database.query("SELECT v.version FROM event_dispatchers d "
                + "JOIN job_versions v ON v.id = (d.dispatchable ->> 'id')::uuid WHERE d.environment_id = $1::uuid", env)
                .get(0).getString(0), "the dispatcher follows the latest version");
    }

    @Test
    void concurrentRegistrationsOfDifferentJobsAllSucceedSharingQueuesAndIntegrations() throws Exception {
        Tenant tenant = Tenants.create();
        Api.endpoint(tenant, "app");
        List<Integer> statuses = concurrently(tenant, i -> {
            var job = Fixtures.job("index-integrations", "sync-crm");
            job.put("id", "job-" + i);
            return job.toString();
        });

        assertTrue(statuses.stream().allMatch(status -> status == 201), statuses.toString());
        String env = tenant.environmentId();
        assertEquals(CLIENTS, database.count("SELECT count(*) FROM job_versions WHERE environment_id = $1::uuid", env));
        assertEquals(1, database.count("SELECT count(*) FROM job_queues WHERE environment_id = $1::uuid", env));
        assertEquals(2, database.count("SELECT count(*) FROM integrations i JOIN runtime_environments e "
                + "ON e.organization_id = i.organization_id WHERE e.id = $1::uuid", env));
        assertEquals(CLIENTS * 2L, database.count("SELECT count(*) FROM job_integrations ji JOIN job_versions v "
                + "ON v.id = ji.version_id WHERE v.environment_id = $1::uuid", env));
        assertEquals(CLIENTS, database.count("SELECT count(*) FROM event_dispatchers WHERE environment_id = $1::uuid", env));
    }
}
