package io.kongflow.jobs.support;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Direct SQL for tests that look beneath the API (stored hashes, constraints, row counts), through a
 * pool of the test JVM's own on the service's database (the embedded PostgreSQL of the test JVM, or
 * the external one named by {@code QUARKUS_DATASOURCE_*}): the same for a {@code @QuarkusTest} and
 * for its {@code *IT} subclass run against the packaged service, where nothing is injected.
 */
public class Database {

    private static Database shared;

    private final Pool pool;

    private Database(Pool pool) {
        this.pool = pool;
    }

    public static synchronized Database shared() {
        if (shared == null) {
            Map<String, String> settings = PackagedService.sharedDatabase();
            PgConnectOptions options = PgConnectOptions.fromUri(settings.get("quarkus.datasource.reactive.url"))
                    .setUser(settings.get("quarkus.datasource.username"))
                    .setPassword(settings.get("quarkus.datasource.password"));
            shared = new Database(PgBuilder.pool()
                    .with(new PoolOptions().setMaxSize(8))
                    .connectingTo(options)
                    .using(Vertx.vertx())
                    .build());
        }
        return shared;
    }

    public List<Row> query(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql)
                .execute(Tuple.from(parameters))
                .await()
                .atMost(Duration.ofSeconds(30))
                .forEach(rows::add);
        return rows;
    }

    /** The status of the version {@code latest} names for that job in that environment. */
    public String latestStatus(String environmentId, String jobSlug) {
        return query("""
                SELECT v.status FROM job_aliases a JOIN job_versions v ON v.id = a.version_id JOIN jobs j ON j.id = a.job_id
                WHERE a.environment_id = $1::uuid AND j.slug = $2 AND a.name = 'latest'""", environmentId, jobSlug).get(0).getString(0);
    }

    /** A run's output as PostgreSQL prints its jsonb, or null. */
    public String runOutput(String runId) {
        return query("SELECT CAST(output AS text) FROM job_runs WHERE id = $1::uuid", runId)
                .get(0)
                .getString(0);
    }

    public long count(String sql, Object... parameters) {
        return query(sql, parameters).get(0).getLong(0);
    }

    /**
     * The plan of a query when sequential scans are forbidden: tiny test tables make them cheapest,
     * so this shows whether an index can serve the query at all.
     */
    public String planWithoutSequentialScans(String query) {
        return planWith(query, "enable_seqscan");
    }

    /**
     * The plan when sequential scans, bitmap scans and sorts are all forbidden: a plan that still
     * sorts shows that no index can give the rows in the order the query asks for.
     */
    public String planInIndexOrder(String query) {
        return planWith(query, "enable_seqscan", "enable_bitmapscan", "enable_sort");
    }

    private String planWith(String query, String... disabled) {
        String off = java.util.Arrays.stream(disabled)
                .map(name -> "SET " + name + " = off")
                .collect(Collectors.joining(";"));
        String reset =
                java.util.Arrays.stream(disabled).map(name -> "RESET " + name).collect(Collectors.joining(";"));
        return pool
                .withConnection(connection -> connection
                        .query(off)
                        .execute()
                        .chain(() -> connection.query("EXPLAIN " + query).execute())
                        .call(() -> connection.query(reset).execute()))
                .await()
                .atMost(Duration.ofSeconds(30))
                .stream()
                .map(row -> row.getString(0))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Every table's row count and a checksum of its content (all but Flyway's history), in one
     * statement: equal snapshots mean nothing was written in between.
     */
    public Map<String, String> snapshot() {
        List<String> tables = query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        + "AND tablename <> 'flyway_schema_history' ORDER BY tablename")
                .stream()
                .map(row -> row.getString(0))
                .toList();
        String sql = tables.stream()
                .map(table -> "SELECT '" + table + "', count(*) || ':' || "
                        + "coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM " + table + " t")
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, String> snapshot = new TreeMap<>();
        query(sql).forEach(row -> snapshot.put(row.getString(0), row.getString(1)));
        return snapshot;
    }

    /**
     * Makes every insert or update of a dispatcher with that event source fail inside PostgreSQL
     * (a trigger), to test what a failing last pipeline step leaves behind. Undo with
     * {@link #removeDispatcherFailure(String)}.
     */
    public void injectDispatcherFailure(String source) {
        String name = failureName(source);
        query("""
                CREATE OR REPLACE FUNCTION %s() RETURNS trigger AS $$
                BEGIN
                  IF NEW.source = '%s' THEN RAISE EXCEPTION 'injected failure'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(name, source.replace("'", "''")));
        query("""
                CREATE OR REPLACE TRIGGER %s BEFORE INSERT OR UPDATE ON event_dispatchers
                FOR EACH ROW EXECUTE FUNCTION %s()""".formatted(name, name));
    }

    /**
     * Makes every insert or update of a row of that table for which {@code newRowCondition} (SQL on
     * {@code NEW}) holds fail inside PostgreSQL, to break a registration at a chosen step. Undo with
     * {@link #removeFailure(String)}.
     */
    public void failWhen(String table, String newRowCondition) {
        String name = "fail_" + table;
        query("""
                CREATE OR REPLACE FUNCTION %s() RETURNS trigger AS $$
                BEGIN
                  IF %s THEN RAISE EXCEPTION 'injected failure'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(name, newRowCondition));
        query("CREATE OR REPLACE TRIGGER %s BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %s()"
                .formatted(name, table, name));
    }

    public void removeFailure(String table) {
        query("DROP TRIGGER IF EXISTS fail_%s ON %s".formatted(table, table));
    }

    /**
     * A checksum of every row of that environment (each table with an {@code environment_id}) and of
     * its project's jobs: equal values mean the environment's registrations were not touched.
     */
    public Map<String, String> environmentSnapshot(String environmentId) {
        List<String> tables = query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                        + "AND column_name = 'environment_id' ORDER BY table_name")
                .stream()
                .map(row -> row.getString(0))
                .toList();
        Map<String, String> snapshot = new TreeMap<>();
        for (String table : tables) {
            snapshot.put(table, checksum("SELECT * FROM " + table + " WHERE environment_id = $1::uuid", environmentId));
        }
        snapshot.put(
                "jobs",
                checksum(
                        "SELECT j.* FROM jobs j JOIN runtime_environments e ON e.project_id = j.project_id "
                                + "WHERE e.id = $1::uuid",
                        environmentId));
        return snapshot;
    }

    private String checksum(String rows, String environmentId) {
        return query(
                        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM ("
                                + rows + ") t",
                        environmentId)
                .get(0)
                .getString(0);
    }

    public void removeDispatcherFailure(String source) {
        query("DROP TRIGGER IF EXISTS %s ON event_dispatchers".formatted(failureName(source)));
    }

    private static String failureName(String source) {
        return "fail_dispatcher_" + source.replaceAll("[^A-Za-z0-9]", "_");
    }
}
