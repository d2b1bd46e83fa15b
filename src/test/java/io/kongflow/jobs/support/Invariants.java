package io.kongflow.jobs.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.kongflow.jobs.registration.VersionOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What must be true of an environment's data whatever happened to it — races, retries, a crash
 * (registration, aliases, dispatchers and schedules, deletion, runs). Each rule is a query listing its violations, so that a failure names the offending
 * rows. Race and crash tests check them all afterwards; the SQL runs over the tests' Vert.x pool or
 * over JDBC (for tests of the packaged service), with {@code $1} the environment id.
 */
public final class Invariants {

    /** Runs one query with {@code $n} parameters; a row is the list of its column values. */
    public interface Sql {
        List<List<Object>> query(String sql, Object... parameters);
    }

    private record Rule(String name, String sql) {}

    private static final List<Rule> RULES = List.of(
            // One row per natural key: a dropped constraint or a find-then-insert would show here.
            new Rule("one version per (job, version, environment)", """
                    SELECT job_id, version, count(*) FROM job_versions WHERE environment_id = $1::uuid
                    GROUP BY 1, 2 HAVING count(*) > 1"""),
            new Rule("one alias per (job, environment, name)", """
                    SELECT job_id, name, count(*) FROM job_aliases WHERE environment_id = $1::uuid
                    GROUP BY 1, 2 HAVING count(*) > 1"""),
            new Rule("one example per (version, id)", """
                    SELECT x.job_version_id, x.slug, count(*) FROM event_examples x
                    JOIN job_versions v ON v.id = x.job_version_id WHERE v.environment_id = $1::uuid
                    GROUP BY 1, 2 HAVING count(*) > 1"""),
            new Rule("one job integration per (version, key)", """
                    SELECT ji.version_id, ji.key, count(*) FROM job_integrations ji
                    JOIN job_versions v ON v.id = ji.version_id WHERE v.environment_id = $1::uuid
                    GROUP BY 1, 2 HAVING count(*) > 1"""),
            new Rule("one dispatcher per (job, environment)", """
                    SELECT dispatchable_id, count(*) FROM event_dispatchers WHERE environment_id = $1::uuid
                    GROUP BY 1 HAVING count(*) > 1"""),
            new Rule("one job schedule source per (key, environment)", """
                    SELECT key, count(*) FROM schedule_sources WHERE environment_id = $1::uuid
                      AND dynamic_schedule_id IS NULL
                    GROUP BY 1 HAVING count(*) > 1"""),
            new Rule("one registration per (dynamic schedule, key), in the schedule's environment", """
                    SELECT s.dynamic_schedule_id, s.key, count(*) FROM schedule_sources s
                    JOIN dynamic_schedules d ON d.id = s.dynamic_schedule_id
                    WHERE s.environment_id = $1::uuid
                    GROUP BY 1, 2 HAVING count(*) > 1 OR bool_or(d.environment_id <> s.environment_id)"""),
            new Rule("one queue per (environment, name)", """
                    SELECT name, count(*) FROM job_queues WHERE environment_id = $1::uuid GROUP BY 1 HAVING count(*) > 1"""),
            new Rule("one job per (project, slug)", """
                    SELECT j.slug, count(*) FROM jobs j JOIN runtime_environments e ON e.project_id = j.project_id
                    WHERE e.id = $1::uuid GROUP BY 1 HAVING count(*) > 1"""),
            // A version lives in one environment: its queue and endpoint are that environment's.
            new Rule("a version's queue and endpoint are in its environment", """
                    SELECT v.id, v.version FROM job_versions v
                    JOIN job_queues q ON q.id = v.queue_id JOIN endpoints ep ON ep.id = v.endpoint_id
                    WHERE v.environment_id = $1::uuid
                      AND (q.environment_id <> v.environment_id OR ep.environment_id <> v.environment_id)"""),
            // Every job registered in the environment has `latest`, naming one of its own versions.
            new Rule("a job with versions has a latest alias", """
                    SELECT DISTINCT v.job_id FROM job_versions v WHERE v.environment_id = $1::uuid
                      AND NOT EXISTS (SELECT 1 FROM job_aliases a WHERE a.job_id = v.job_id
                                      AND a.environment_id = v.environment_id AND a.name = 'latest')"""),
            new Rule("an alias names a version of its job and environment, by its version string", """
                    SELECT a.job_id, a.name, a.value, v.version FROM job_aliases a JOIN job_versions v ON v.id = a.version_id
                    WHERE a.environment_id = $1::uuid
                      AND (v.job_id <> a.job_id OR v.environment_id <> a.environment_id OR v.version <> a.value)"""),
            // A job is deleted only while latest is DISABLED everywhere, and stays so until an enabled
            // registration.
            new Rule("a deleted job has no ACTIVE latest version", """
                    SELECT j.slug, v.version FROM jobs j
                    JOIN job_aliases a ON a.job_id = j.id AND a.name = 'latest' JOIN job_versions v ON v.id = a.version_id
                    WHERE a.environment_id = $1::uuid AND j.deleted_at IS NOT NULL AND v.status = 'ACTIVE'"""),
            // An enabled dispatcher delivers to the version latest names, and that version is ACTIVE.
            new Rule("an enabled dispatcher delivers to the ACTIVE latest version", """
                    SELECT d.dispatchable_id, d.dispatchable ->> 'id', a.version_id, v.status FROM event_dispatchers d
                    LEFT JOIN job_aliases a ON a.job_id::text = d.dispatchable_id AND a.environment_id = d.environment_id
                         AND a.name = 'latest'
                    LEFT JOIN job_versions v ON v.id = a.version_id
                    WHERE d.environment_id = $1::uuid AND d.enabled
                      AND (a.id IS NULL OR d.dispatchable ->> 'id' <> a.version_id::text OR v.status <> 'ACTIVE')"""),
            new Rule("an ACTIVE static or scheduled latest version has an enabled dispatcher delivering to it", """
                    SELECT j.slug, v.version FROM job_aliases a
                    JOIN job_versions v ON v.id = a.version_id JOIN jobs j ON j.id = a.job_id
                    WHERE a.environment_id = $1::uuid AND a.name = 'latest' AND v.status = 'ACTIVE'
                      AND v.trigger ->> 'type' IN ('static', 'scheduled')
                      AND NOT EXISTS (SELECT 1 FROM event_dispatchers d WHERE d.dispatchable_id = a.job_id::text
                                      AND d.environment_id = a.environment_id AND d.enabled
                                      AND d.dispatchable ->> 'id' = v.id::text)"""),
            // The schedule follows latest too: active exactly while latest is an ACTIVE scheduled version.
            new Rule("a schedule is active exactly while its job's latest version is ACTIVE and scheduled", """
                    SELECT s.key, s.active, v.version, v.status, v.trigger ->> 'type' FROM schedule_sources s
                    JOIN runtime_environments e ON e.id = s.environment_id
                    JOIN jobs j ON j.project_id = e.project_id AND j.slug = s.key
                    JOIN job_aliases a ON a.job_id = j.id AND a.environment_id = s.environment_id AND a.name = 'latest'
                    JOIN job_versions v ON v.id = a.version_id
                    WHERE s.environment_id = $1::uuid AND s.dynamic_schedule_id IS NULL
                      AND s.active <> (v.status = 'ACTIVE' AND v.trigger ->> 'type' = 'scheduled'
                                       AND e.auto_enable_internal_sources)"""),
            new Rule("an active schedule has an enabled dispatcher and a next event", """
                    SELECT s.key FROM schedule_sources s JOIN event_dispatchers d ON d.id = s.dispatcher_id
                    WHERE s.environment_id = $1::uuid AND s.active AND (NOT d.enabled OR s.next_event_at IS NULL)"""),
            // Run numbers are 1..n per job, each once, and the counter has handed out exactly n.
            new Rule("run numbers are gap-free and unique per job", """
                    SELECT r.job_id, count(*), count(DISTINCT r.number), min(r.number), max(r.number), max(c.last_number)
                    FROM job_runs r LEFT JOIN job_run_counters c ON c.job_id = r.job_id
                    WHERE r.job_id IN (SELECT job_id FROM job_runs WHERE environment_id = $1::uuid)
                    GROUP BY r.job_id
                    HAVING min(r.number) <> 1 OR max(r.number) <> count(*) OR count(DISTINCT r.number) <> count(*)
                        OR max(c.last_number) IS DISTINCT FROM max(r.number)"""),
            new Rule("a run's version is of its job and environment", """
                    SELECT r.id FROM job_runs r JOIN job_versions v ON v.id = r.version_id
                    WHERE r.environment_id = $1::uuid AND (v.job_id <> r.job_id OR v.environment_id <> r.environment_id)"""),
            // job_count is never negative and counts exactly the runs holding a slot (an execution in flight).
            new Rule("job_count counts the runs holding a slot", """
                    SELECT q.name, q.job_count, (SELECT count(*) FROM job_runs r WHERE r.queue_id = q.id AND r.holds_slot)
                    FROM job_queues q WHERE q.environment_id = $1::uuid
                      AND (q.job_count < 0 OR q.job_count <> (SELECT count(*) FROM job_runs r
                                                               WHERE r.queue_id = q.id AND r.holds_slot))"""));

    // `latest` sits on the highest version in semantic-version order, unless a pin through the alias API put it
    // elsewhere.
    private static final String LATEST_AND_VERSIONS = """
            SELECT a.job_id::text, a.value, v.version FROM job_aliases a JOIN job_versions v
                ON v.job_id = a.job_id AND v.environment_id = a.environment_id
            WHERE a.environment_id = $1::uuid AND a.name = 'latest' ORDER BY 1""";

    private static final String QUEUES_OVER_LIMIT = """
            SELECT name, job_count, max_jobs FROM job_queues WHERE environment_id = $1::uuid AND job_count > max_jobs""";

    private Invariants() {}

    /**
     * Fails naming every broken rule of the environment. {@code pinned}: versions an API pin may
     * have left `latest` on; otherwise `latest` must be the highest version in semantic-version order.
     */
    public static void assertHold(Sql sql, String environmentId, Set<String> pinned) {
        check(sql, environmentId, pinned, true);
    }

    public static void assertHold(Sql sql, String environmentId) {
        check(sql, environmentId, Set.of(), true);
    }

    /**
     * Every rule but {@code job_count <= max_jobs}: for queues whose limit was lowered below their
     * running count, which is allowed (running runs are not stopped; ARCHITECTURE, "Decisions").
     */
    public static void assertHoldAllowingLoweredLimits(Sql sql, String environmentId, Set<String> pinned) {
        check(sql, environmentId, pinned, false);
    }

    private static void check(Sql sql, String environmentId, Set<String> pinned, boolean withinLimits) {
        List<String> violations = new ArrayList<>();
        for (Rule rule : RULES) {
            List<List<Object>> rows = sql.query(rule.sql(), environmentId);
            if (!rows.isEmpty()) {
                violations.add(rule.name() + ": " + rows);
            }
        }
        violations.addAll(latestOffTheHighest(sql, environmentId, pinned));
        List<List<Object>> overLimit = withinLimits ? sql.query(QUEUES_OVER_LIMIT, environmentId) : List.of();
        if (!overLimit.isEmpty()) {
            violations.add("job_count within 0..max_jobs: " + overLimit);
        }
        if (!violations.isEmpty()) {
            fail("Invariants broken in environment " + environmentId + ":\n  " + String.join("\n  ", violations));
        }
    }

    private static List<String> latestOffTheHighest(Sql sql, String environmentId, Set<String> pinned) {
        List<String> violations = new ArrayList<>();
        List<List<Object>> rows = sql.query(LATEST_AND_VERSIONS, environmentId);
        int i = 0;
        while (i < rows.size()) {
            Object job = rows.get(i).get(0);
            String latest = (String) rows.get(i).get(1);
            List<String> versions = new ArrayList<>();
            for (; i < rows.size() && rows.get(i).get(0).equals(job); i++) {
                versions.add((String) rows.get(i).get(2));
            }
            String highest = Collections.max(versions, VersionOrder.STRINGS);
            if (!latest.equals(highest) && !pinned.contains(latest)) {
                violations.add("latest on the highest version (or a pin): job " + job + " latest " + latest
                        + ", highest " + highest + " of " + versions);
            }
        }
        return violations;
    }

    /** The tests' own pool. */
    public static Sql over(Database database) {
        return (query, parameters) -> database.query(query, parameters).stream()
                .map(row -> {
                    List<Object> values = new ArrayList<>();
                    for (int column = 0; column < row.size(); column++) {
                        values.add(row.getValue(column));
                    }
                    return values;
                })
                .toList();
    }

    /** A JDBC connection (the packaged service's database, seen from the test JVM). */
    public static Sql over(Connection connection) {
        return (query, parameters) -> {
            try (PreparedStatement statement = connection.prepareStatement(query.replaceAll("\\$\\d+", "?"))) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        List<Object> values = new ArrayList<>();
                        for (int column = 1; column <= columns; column++) {
                            values.add(result.getObject(column));
                        }
                        rows.add(values);
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException(query, e);
            }
        };
    }
}
