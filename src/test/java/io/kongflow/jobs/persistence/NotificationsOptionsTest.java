package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.pgclient.PgConnectOptions;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The LISTEN connection is opened like the reactive datasource, and retried ever more slowly, up to a cap. */
class NotificationsOptionsTest {

    @Test
    void theListenConnectionUsesTheReactiveUrlAndTheDatasourceCredentials() {
        PgConnectOptions options = Notifications.options(
                "vertx-reactive:postgresql://db.example:6543/jobs, postgresql://other:5432/jobs",
                Optional.of("kong"),
                Optional.of("s3cret"));
        assertEquals("db.example", options.getHost());
        assertEquals(6543, options.getPort());
        assertEquals("jobs", options.getDatabase());
        assertEquals("kong", options.getUser());
        assertEquals("s3cret", options.getPassword());
    }

    @Test
    void tcpKeepaliveProbesAnIdleListenConnection() {
        PgConnectOptions options =
                Notifications.options("postgresql://localhost:5432/postgres", Optional.empty(), Optional.empty());
        assertEquals(true, options.isTcpKeepAlive());
        assertEquals(10, options.getTcpKeepAliveIdleSeconds());
        assertEquals(5, options.getTcpKeepAliveIntervalSeconds());
        assertEquals(3, options.getTcpKeepAliveCount());
    }

    @Test
    void credentialsInTheUrlStayWhenNoneAreConfigured() {
        PgConnectOptions options = Notifications.options(
                "postgresql://app:pw@localhost:5432/postgres", Optional.empty(), Optional.empty());
        assertEquals("app", options.getUser());
        assertEquals("pw", options.getPassword());
    }

    @Test
    void reconnectsBackOffFrom100MsToAtMost5sForever() {
        List<Long> delays = IntStream.of(0, 1, 2, 5, 6, 30, 1_000_000)
                .mapToObj(Notifications::reconnectDelay)
                .toList();
        assertEquals(List.of(100L, 200L, 400L, 3200L, 5000L, 5000L, 5000L), delays);
    }
}
