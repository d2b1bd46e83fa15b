package io.kongflow.jobs.it;

import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a replica test started (packaged services, forwarders, SDK endpoints), closed last-started
 * first after each test, and RestAssured's port as it was before the test moved it.
 */
final class StartedProcesses {

    private final int restAssuredPort = RestAssured.port;
    private final List<AutoCloseable> started = new ArrayList<>();

    <T extends AutoCloseable> T add(T closeable) {
        started.add(closeable);
        return closeable;
    }

    void closeAll() throws Exception {
        RestAssured.port = restAssuredPort;
        Collections.reverse(started);
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
        started.clear();
    }
}
