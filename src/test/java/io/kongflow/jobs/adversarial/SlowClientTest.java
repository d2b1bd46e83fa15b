package io.kongflow.jobs.adversarial;

import static io.restassured.RestAssured.given;
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
 */
@QuarkusTest
@Tag("limits")
@TestProfile(SlowClientTest.ShortIdleTimeout.class)
class SlowClientTest {

    private static final long IDLE_TIMEOUT_MILLIS = 2_000;

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
            assertClosedWithin(socket, IDLE_TIMEOUT_MILLIS * 4);
        }
    }

    @Test
    void aClientTricklingItsHeadersSlowerThanTheTimeoutIsCutOff() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            boolean cut = false;
            for (char c : "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaa".toCharArray()) {
                try {
                    send(socket, String.valueOf(c));
                } catch (SocketException closed) {
                    cut = true;
                    break;
                }
                Thread.sleep(IDLE_TIMEOUT_MILLIS + 500);
                if (socket.getInputStream().available() < 0 || closedNow(socket)) {
                    cut = true;
                    break;
                }
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(cut, "the trickling client was never cut off");
            assertTrue(elapsed < IDLE_TIMEOUT_MILLIS * 4, "cut off after " + elapsed + " ms");
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
            assertClosedWithin(socket, IDLE_TIMEOUT_MILLIS * 4);
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
            long start = System.nanoTime();
            given().get("/q/health/live").then().statusCode(200);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsed < 1_000, "a normal request waited " + elapsed + " ms behind stalled clients");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout((int) IDLE_TIMEOUT_MILLIS * 5);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes the connection, which must happen within the bound. */
    private static void assertClosedWithin(Socket socket, long boundMillis) throws IOException {
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // An answer (the server may explain before closing) is fine; only the close matters.
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + socket.getSoTimeout() + " ms");
        } catch (SocketException reset) {
            // Closed with a reset: cut off as well.
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed >= IDLE_TIMEOUT_MILLIS / 2, "closed after only " + elapsed + " ms: not by the idle timeout");
        assertTrue(elapsed <= boundMillis, "closed after " + elapsed + " ms");
    }

    private static boolean closedNow(Socket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(50);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }
}
