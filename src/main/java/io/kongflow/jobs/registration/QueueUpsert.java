package io.kongflow.jobs.registration;

import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.registration.JobMetadata.QueueChoice;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Step 2: finds or creates the version's queue and sets its limit from the code (the
 * code is the source of truth; no limit in the code means the default). A queue is shared by many
 * jobs, so it is read first and written only when its limit really changes: an unconditional
 * upsert would lock the row and serialise every registration of the environment.
 */
@ApplicationScoped
class QueueUpsert {

    private static final String FIND = """
            SELECT id, max_jobs FROM job_queues WHERE environment_id = :environmentId AND name = :name""";

    private static final String UPSERT = """
            INSERT INTO job_queues (environment_id, name, max_jobs) VALUES (:environmentId, :name, :maxJobs)
            ON CONFLICT (environment_id, name) DO UPDATE SET max_jobs = EXCLUDED.max_jobs, updated_at = now()
                WHERE job_queues.max_jobs <> EXCLUDED.max_jobs
            RETURNING id, max_jobs""";

    Uni<Void> apply(Statements sql, RegistrationState state) {
        QueueChoice queue = state.metadata.queue();
        Parameters key =
                Parameters.with("environmentId", state.caller.environmentId()).and("name", queue.name());
        int maxJobs = queue.maxJobs();
        return sql.first(FIND, key, Queue::from)
                .chain(found -> {
                    if (found != null && found.maxJobs() == maxJobs) {
                        return Uni.createFrom().item(found);
                    }
                    return sql.first(
                                    UPSERT,
                                    Parameters.with("environmentId", state.caller.environmentId())
                                            .and("name", queue.name())
                                            .and("maxJobs", maxJobs),
                                    Queue::from)
                            // No row back: another registration set the same limit meanwhile.
                            .chain(written -> written != null
                                    ? Uni.createFrom().item(written)
                                    : sql.first(FIND, key, Queue::from));
                })
                .invoke(queueRow -> {
                    state.queueId = queueRow.id();
                    state.queueMaxJobs = queueRow.maxJobs();
                })
                .replaceWithVoid();
    }

    private record Queue(UUID id, int maxJobs) {
        static Queue from(Row row) {
            return new Queue(row.getUUID("id"), row.getInteger("max_jobs"));
        }
    }
}
