package io.kongflow.jobs.events;

/** A filter shape on which the SDK's {@code eventFilterMatches} throws a TypeError instead of answering. */
public final class MalformedEventFilter extends RuntimeException {

    MalformedEventFilter(String message) {
        super(message);
    }
}
