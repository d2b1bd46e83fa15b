package io.kongflow.jobs.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL for tests that look beneath the API (stored hashes, constraints, row counts). */
@ApplicationScoped
public class Database {

    private final Pool pool;

    public Database(Pool pool) {
        this.pool = pool;
    }

    public List<Row> query(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(30))
                .forEach(rows::add);
        return rows;
    }

    /** The status of the version {@code latest} names for that job in that environment. */
    public String latestStatus(String environmentId, String jobSlug) {
        return query("""
                SELECT v.status FROM job_aliases a JOIN job_versions v ON v.id = a.version_id JOIN jobs j ON j.id = a.job_id
                WHERE a.environment_id = $1::uuid AND j.slug = $2 AND a.name = 'latest'""", environmentId, jobSlug)
                .get(0).getString(0);
    }

    public long count(String sql, Object... parameters) {
        return query(sql, parameters).get(0).getLong(0);
    }
}
