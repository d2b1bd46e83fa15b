package io.kongflow.jobs.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Renders Jackson reference chains as the dotted paths used in problem documents. */
public final class JsonPaths {

    private JsonPaths() {}

    /** {@code [jobs, 2, event, name]} → {@code jobs[2].event.name}. */
    public static String of(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
