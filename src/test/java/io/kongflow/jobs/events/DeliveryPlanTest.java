package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.Database;
import io.kongflow.jobs.support.Tenants;
import io.kongflow.jobs.support.Tenants.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Delivery finds an event's dispatchers through V18's (environment, event name) index: with 1 000
 * dispatchers in the event's environment (and as many in another), the planner reads that index,
 * never the environment's dispatchers nor the table.
 */
@QuarkusTest
class DeliveryPlanTest {

    final Database database = Database.shared();

    @Test
    void theDispatchersOfAnEventAreFoundByEnvironmentAndNameNotByScanning() {
        Tenant crowded = Tenants.create();
        Tenant other = Tenants.create();
        for (Tenant tenant : new Tenant[] {crowded, other}) {
            database.query("""
                    INSERT INTO event_dispatchers (environment_id, dispatchable_id, dispatchable, event, source)
                    SELECT $1::uuid, 'plan-' || g, jsonb_build_object('type', 'JOB_VERSION', 'id', gen_random_uuid()),
                        ARRAY['plan.event.' || g, 'plan.shared'], 'trigger.dev'
                    FROM generate_series(1, 1000) g""", tenant.environmentId());
        }
        database.query("ANALYZE event_dispatchers");
        database.query("ANALYZE event_records");

        String plan = database.query("EXPLAIN (COSTS OFF) " + EventDelivery.TAKE).stream()
                .map(row -> row.getString(0))
                .collect(Collectors.joining("\n"));

        assertTrue(plan.contains("Bitmap Index Scan on event_dispatchers_delivery_idx"), plan);
        assertTrue(plan.contains("Index Cond: (kongflow_dispatcher_keys(environment_id, event) @>"), plan);
        assertFalse(plan.contains("Seq Scan on event_dispatchers"), plan);
        assertFalse(plan.contains("event_dispatchers_environment_idx"), plan);
        assertTrue(plan.contains("event_records_undelivered_idx") || plan.contains("Seq Scan on event_records"), plan);
    }
}
