package io.kongflow.jobs.adversarial;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (slowloris) stay bounded: a connection that stalls in its headers or its body is
 * closed after {@code quarkus.http.idle-timeout} (60 s in production, 2 s here), and stalled
 * connections do not keep anyone else waiting. Raw sockets, because HTTP clients cannot stall.
 *
 * <p>The tests wait for the server's close itself (a blocking read) rather than sleeping, and bound
 * it generously ({@link #CUT_OFF_BOUND_MILLIS}); what proves the idle timeout did the closing is the
 * lower bound, which a busy machine can only make longer.
 */
@QuarkusTest
@Tag("limits")
@TestProfile(SlowClientTest.ShortIdleTimeout.class)
class SlowClientTest {

    private static final long IDLE_TIMEOUT_MILLIS = 2_000;

    /** However busy the machine, a stalled connection is closed by then (the idle timeout is 2 s). */
    private static final long CUT_OFF_BOUND_MILLIS = 60_000;

    /** The production setting, shortened so that the test waits seconds, not minutes. */
    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", IDLE_TIMEOUT_MILLIS + "ms");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void aClientStallingInItsHeadersIsCutOff() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer tr_dev_");
            assertClosedByIdleTimeout(socket);
        }
    }

    @Test
    void aClientTricklingItsHeadersSlowerThanTheTimeoutIsCutOff() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            boolean cut = false;
            int sent = 0;
            for (char c : "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaa".toCharArray()) {
                try {
                    send(socket, String.valueOf(c));
                    sent++;
                } catch (SocketException closed) {
                    cut = true;
                    break;
                }
                // The pause between two bytes, longer than the idle timeout, is spent waiting for the close.
                if (closedWithin(socket, IDLE_TIMEOUT_MILLIS * 2)) {
                    cut = true;
                    break;
                }
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(cut, "the trickling client was never cut off");
            assertTrue(sent < 4, "the server let " + sent + " bytes trickle in, each after a pause past the timeout");
            assertTrue(elapsed < CUT_OFF_BOUND_MILLIS, "cut off after " + elapsed + " ms");
        }
    }

    @Test
    void aClientStallingInItsBodyIsCutOffAndNothingIsWritten() throws IOException {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST /api/admin/v1/organizations HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer test-admin-token\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"slug\":\"slow-client\",");
            assertClosedByIdleTimeout(socket);
        }
        given().header("Authorization", "Bearer test-admin-token")
                .get("/api/admin/v1/organizations")
                .then()
                .statusCode(200)
                .body("slug", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("slow-client")));
    }

    @Test
    void stalledConnectionsKeepNoOneElseWaiting() throws IOException {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = connect();
                send(socket, "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n");
                stalled.add(socket);
            }
            // Had the stalled clients kept it waiting, the answer would come only once the idle timeout cut
            // them off; so the answer must come while the last of them is still connected.
            given().get("/q/health/live").then().statusCode(200);
            assertFalse(
                    closedWithin(stalled.get(stalled.size() - 1), 50),
                    "a normal request was answered only after the stalled clients were cut off");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout((int) CUT_OFF_BOUND_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads until the server closes the connection, which must be the idle timeout's doing: not before
     * half of it, and within the generous bound.
     */
    private static void assertClosedByIdleTimeout(Socket socket) throws IOException {
        long start = System.nanoTime();
        if (!closedWithin(socket, CUT_OFF_BOUND_MILLIS)) {
            throw new AssertionError("the connection was still open after " + CUT_OFF_BOUND_MILLIS + " ms");
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed >= IDLE_TIMEOUT_MILLIS / 2, "closed after only " + elapsed + " ms: not by the idle timeout");
    }

    /**
     * Waits up to {@code millis} for the server to close the connection (an end of stream or a reset);
     * anything the server says before closing (it may explain) is read and ignored.
     */
    private static boolean closedWithin(Socket socket, long millis) throws IOException {
        int timeout = socket.getSoTimeout();
        long deadline = System.nanoTime() + millis * 1_000_000;
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        }
    }
}
