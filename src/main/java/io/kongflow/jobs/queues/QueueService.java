package io.kongflow.jobs.queues;

import io.kongflow.jobs.persistence.JobQueue;
import io.kongflow.jobs.problem.Conflict;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The caller's queues: list, look up, create, and change their concurrency limit. */
@ApplicationScoped
public class QueueService {

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
        return JobQueue.count("environmentId = ?1 and name = ?2", caller.environmentId(), name).chain(existing -> {
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

    @WithTransaction
    public Uni<JobQueue> changeLimit(Caller caller, UUID id, int maxJobs) {
        return find(caller, id).invoke(queue -> queue.maxJobs = maxJobs);
    }

    private Uni<JobQueue> find(Caller caller, UUID id) {
        return JobQueue.<JobQueue>find("id = ?1 and environmentId = ?2", id, caller.environmentId()).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("Queue"));
    }
}
