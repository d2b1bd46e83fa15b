package io.kongflow.jobs.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser of the console as RestAssured sees it: signs in through the form and keeps the session cookie. */
final class ConsoleClient {

    private static final Pattern HIDDEN = Pattern.compile("name=\"(token|csrf)\" value=\"([^\"]+)\"");

    final String session;

    private ConsoleClient(String session) {
        this.session = session;
    }

    /** The sign-in form's answer to that key: 303 with a session cookie, or the form again. */
    static Response signIn(String apiKey) {
        Response form = given().redirects().follow(false).get("/console/sign-in");
        String token = hidden(form.asString(), "token");
        return given().redirects()
                .follow(false)
                .cookie("kongflow_console_signin", form.getCookie("kongflow_console_signin"))
                .formParam("token", token)
                .formParam("apiKey", apiKey)
                .post("/console/sign-in");
    }

    static ConsoleClient signedIn(String apiKey) {
        Response answer = signIn(apiKey);
        String session = answer.getCookie("kongflow_console");
        assertNotNull(session, "no session cookie; answer " + answer.statusCode() + ": " + answer.asString());
        return new ConsoleClient(session);
    }

    RequestSpecification request() {
        return given().redirects().follow(false).cookie("kongflow_console", session);
    }

    Response get(String path) {
        return request().get(path);
    }

    /** Posts a form of the page at {@code page}, with the CSRF token that page carries. */
    Response post(String page, String action) {
        String csrf = hidden(get(page).asString(), "csrf");
        return request().formParam("csrf", csrf).post(action);
    }

    static String hidden(String html, String name) {
        Matcher matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError("No hidden field " + name + " in " + html);
    }
}
