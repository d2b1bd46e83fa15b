package io.kongflow.jobs.queues;

import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.persistence.JobQueue;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The caller's queues: list, look up, create, and change their concurrency limit. */
@ApplicationScoped
public class QueueService {

    private final CatalogChanges catalog;

    QueueService(CatalogChanges catalog) {
        this.catalog = catalog;
    }

    @WithSession
    public Uni<List<JobQueue>> list(Caller caller, String name) {
        if (name != null) {
            return JobQueue.list("environmentId = ?1 and name = ?2", caller.environmentId(), name);
        }
        return JobQueue.list("environmentId", Sort.by("name"), caller.environmentId());
    }

    @WithSession
    public Uni<JobQueue> get(Caller caller, UUID id) {
        return find(caller, id);
    }

    @WithTransaction
    public Uni<JobQueue> create(Caller caller, String name, int maxJobs) {
        return JobQueue.count("environmentId = ?1 and name = ?2", caller.environmentId(), name)
                .chain(existing -> {
                    if (existing > 0) {
                        return Uni.createFrom().failure(new Conflict("Queue '" + name + "' already exists"));
                    }
                    JobQueue queue = new JobQueue();
                    queue.environmentId = caller.environmentId();
                    queue.name = name;
                    queue.maxJobs = maxJobs;
                    return queue.<JobQueue>persist();
                });
    }

    /**
     * A targeted UPDATE: loading the entity and flushing it would write back the {@code job_count}
     * it read, losing starts and finishes committed meanwhile. Lowering the limit below the number
     * of running runs stops new starts until enough of them finish; running runs are not stopped.
     */
    public Uni<JobQueue> changeLimit(Caller caller, UUID id, int maxJobs) {
        return Panache.withTransaction(() -> JobQueue.update(
                                "maxJobs = ?1, updatedAt = ?2 where id = ?3 and environmentId = ?4",
                                maxJobs,
                                Instant.now(),
                                id,
                                caller.environmentId())
                        .chain(updated ->
                                updated == 0 ? Uni.createFrom().failure(new NotFound("Queue")) : find(caller, id)))
                .invoke(() -> catalog.changed(caller.projectId()));
    }

    private Uni<JobQueue> find(Caller caller, UUID id) {
        return JobQueue.<JobQueue>find("id = ?1 and environmentId = ?2", id, caller.environmentId())
                .firstResult()
                .onItem()
                .ifNull()
                .failWith(() -> new NotFound("Queue"));
    }
}
