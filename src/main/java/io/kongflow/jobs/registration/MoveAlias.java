package io.kongflow.jobs.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.persistence.AliasName;
import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.persistence.JobRows;
import io.kongflow.jobs.persistence.Parameters;
import io.kongflow.jobs.persistence.Postgres;
import io.kongflow.jobs.persistence.Statements;
import io.kongflow.jobs.persistence.VersionStatus;
import io.kongflow.jobs.problem.NotFound;
import io.kongflow.jobs.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Points an alias of a job in the caller's environment at an existing version (pin, promote, roll
 * back), under the job row lock registrations take too. Moving {@code latest} moves the dispatcher
 * with it. Later registrations move {@code latest} again only for a version new to the environment
 * and higher than all others.
 */
@ApplicationScoped
public class MoveAlias {

    private static final String VERSION = """
            SELECT id, trigger::text AS trigger, status FROM job_versions
            WHERE job_id = :jobId AND environment_id = :environmentId AND version = :version""";

    private record Version(UUID id, String trigger, VersionStatus status) {
        static Version from(Row row) {
            return new Version(
                    row.getUUID("id"), row.getString("trigger"), VersionStatus.valueOf(row.getString("status")));
        }
    }

    private final Postgres postgres;
    private final DispatcherReset dispatcher;
    private final ObjectMapper mapper;
    private final CatalogChanges catalog;

    public MoveAlias(Postgres postgres, DispatcherReset dispatcher, ObjectMapper mapper, CatalogChanges catalog) {
        this.postgres = postgres;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.catalog = catalog;
    }

    public Uni<AliasView> pin(Caller caller, String slug, String name, String version) {
        return postgres.transaction(sql -> JobRows.require(sql, caller.projectId(), slug, JobRows.Lock.UPDATE)
                        .chain(jobId -> sql.first(
                                        VERSION,
                                        Parameters.with("jobId", jobId)
                                                .and("environmentId", caller.environmentId())
                                                .and("version", version),
                                        Version::from)
                                .onItem()
                                .ifNull()
                                .failWith(() -> new NotFound("Version '" + version + "' of job '" + slug + "'"))
                                .chain(target -> point(sql, caller, slug, name, version, jobId, target))))
                .invoke(() -> catalog.changed(caller.projectId()));
    }

    private Uni<AliasView> point(
            Statements sql, Caller caller, String slug, String name, String version, UUID jobId, Version target) {
        return AliasRows.point(sql, jobId, caller.environmentId(), name, target.id(), version)
                .call(() -> !AliasName.LATEST.equals(name)
                        ? Uni.createFrom().voidItem()
                        : dispatcher.reset(
                                sql,
                                new DispatcherReset.Target(
                                        caller.environmentId(),
                                        jobId,
                                        slug,
                                        target.id(),
                                        TriggerReader.stored(readTree(target.trigger())),
                                        target.status() == VersionStatus.ACTIVE)))
                .map(updated -> new AliasView(name, version, target.id(), updated));
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored trigger is not JSON", e);
        }
    }
}
