package io.kongflow.jobs.console;

import io.kongflow.jobs.problem.ApiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A failure on a console page as an HTML page with its status: another tenant's run (or any id
 * this session cannot see) is a 404 page, a malformed filter a 400 page naming it, a form without
 * its CSRF token or a read-only key acting a 403 page.
 */
final class ErrorPages {

    private ErrorPages() {}

    static Response page(ApiException failure, CurrentSession current) {
        String message = failure.getMessage();
        if (failure instanceof io.kongflow.jobs.problem.InvalidInput invalid
                && !invalid.errors().isEmpty()) {
            StringBuilder text = new StringBuilder();
            invalid.errors()
                    .forEach(error -> text.append(text.isEmpty() ? "" : "; ")
                            .append(error.path())
                            .append(' ')
                            .append(error.message()));
            message = text.toString();
        }
        String html = Templates.error(current.orNull(), failure.status(), failure.title(), message)
                .render();
        return Response.status(failure.status())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .build();
    }
}
