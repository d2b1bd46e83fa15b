package io.kongflow.jobs.support;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only (a bean of src/test, so every {@code @QuarkusTest} application has it, whatever its
 * profile, and no deployed service does): appends each distinct (method, path, status) the service
 * answers to {@link #file()}, whoever the client is (RestAssured, the generated client, the SDK).
 * {@code contract.ObservedStatusesCheck} compares them with the document after the whole suite.
 */
@ApplicationScoped
public class StatusRecorder {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    /** Where the answers of this test run are appended (emptied when the run starts: {@link StatusRecordReset}). */
    public static Path file() {
        return Path.of(System.getProperty("observedStatuses.file", "target/observed-statuses.txt"));
    }

    void install(@Observes Router router) {
        // Before every other route (RequestIds is -2000), so answers given by a filter (413, 401, 404) are seen too.
        router.route().order(-3000).handler(context -> {
            String method = context.request().method().name();
            // Dot segments removed, as the URL parsers of fetch and browsers remove them before sending:
            // "/api/v1/jobs/." is a request for "/api/v1/jobs/", not for the job ".".
            String path = context.normalizedPath();
            context.addHeadersEndHandler(ignored ->
                    record(method + " " + path + " " + context.response().getStatusCode()));
            context.next();
        });
    }

    private static void record(String line) {
        if (!SEEN.add(line)) {
            return;
        }
        synchronized (StatusRecorder.class) {
            try {
                Path file = file();
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(
                        file,
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
