package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases of this replica's executions in flight: renewed together, in one statement, every
 * renewal interval, so that a short lease is safe for a long EXECUTE_JOB; and released on
 * shutdown, so that another replica executes their runs at once instead of after the lease.
 */
@ApplicationScoped
class HeldLeases {

    // Fenced by token and owner: a lease lost meanwhile (another replica claimed the run) is not
    // taken back, and the lost execution's answer is ignored by the fence of OutcomeWriter.
    private static final String RENEW = """
            UPDATE job_runs r SET lease_expires_at = now() + make_interval(secs => :leaseSeconds)
            WHERE r.id = ANY(CAST(:ids AS uuid[])) AND r.lease_owner = :owner
              AND r.execution_token = ANY(CAST(:tokens AS bigint[]))""";

    // The run keeps its slot and status; its lease is over and owned by nobody, so the next claim
    // of any replica takes it (expired leases first), and a late answer of this execution finds
    // no run to write to. The notification, sent at commit, wakes the other replicas.
    private static final String RELEASE = """
            WITH released AS (
                UPDATE job_runs r SET lease_owner = NULL, lease_expires_at = now(), updated_at = now()
                WHERE r.id = ANY(CAST(:ids AS uuid[])) AND r.lease_owner = :owner
                  AND r.execution_token = ANY(CAST(:tokens AS bigint[]))
                RETURNING r.id)
            SELECT count(*) AS released,
                CASE WHEN count(*) > 0 THEN pg_notify('kongflow_execution', '') END AS notified
            FROM released""";

    private final Set<Claim> held = ConcurrentHashMap.newKeySet();
    private final Postgres postgres;
    private final Vertx vertx;
    private final LeaseSettings settings;
    private long timer = -1;

    HeldLeases(Postgres postgres, Vertx vertx, KongflowConfig config) {
        this.postgres = postgres;
        this.vertx = vertx;
        this.settings = LeaseSettings.of(config.execution());
    }

    synchronized void startRenewing() {
        if (settings.renewed() && timer < 0) {
            timer = vertx.setPeriodic(settings.renewalInterval().toMillis(), tick -> renew());
        }
    }

    synchronized void stopRenewing() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** The execution is in flight: its lease is renewed until {@link #drop}. */
    void hold(Claim claim) {
        held.add(claim);
    }

    void drop(Claim claim) {
        held.remove(claim);
    }

    /** The executions in flight now. */
    List<Claim> held() {
        return List.copyOf(held);
    }

    private void renew() {
        List<Claim> claims = held();
        if (claims.isEmpty()) {
            return;
        }
        postgres.statements()
                .execute(
                        RENEW,
                        fenced(claims).and("leaseSeconds", settings.lease().toMillis() / 1000.0))
                .subscribe()
                .with(
                        renewed -> {
                            if (renewed < claims.size()) {
                                Log.debugf(
                                        "%d of %d leases were lost before renewal",
                                        claims.size() - renewed, claims.size());
                            }
                        },
                        failure ->
                                Log.warnf("Could not renew the leases of %d executions: %s", claims.size(), failure));
    }

    /** Ends the leases of these executions at once (how many were still held), waking the other replicas. */
    Uni<Long> release(Collection<Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return postgres.statements().first(RELEASE, fenced(claims), row -> row.getLong("released"));
    }

    private Parameters fenced(Collection<Claim> claims) {
        return Parameters.with("ids", claims.stream().map(Claim::runId).toArray(UUID[]::new))
                .and("tokens", claims.stream().map(Claim::token).toArray(Long[]::new))
                // Every claim of this replica names it the same way.
                .and("owner", claims.iterator().next().owner());
    }
}
