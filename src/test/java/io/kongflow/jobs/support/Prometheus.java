package io.kongflow.jobs.support;

import io.restassured.RestAssured;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the service's own Prometheus metrics ({@code /q/metrics}) as a scraper would. */
public final class Prometheus {

    private Prometheus() {}

    /** The whole exposition. */
    public static String metrics() {
        return RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The value of the first sample of {@code metric} whose labels include {@code labels} (any, if empty); 0 when absent. */
    public static double sample(String metric, String labels) {
        String labelPart = labels.isEmpty() ? "(\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric) + labelPart + " ([0-9.E+-]+)$")
                .matcher(metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(matcher.groupCount())) : 0;
    }
}
