package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionsTest {

    private static PgException failure(String sqlState) {
        return new PgException("aborted", "ERROR", sqlState, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01", "23505"})
    void aTransactionAbortedByARaceRunsAgainFromTheStart(String sqlState) {
        AtomicInteger attempts = new AtomicInteger();
        String result = Transactions.<String>retrying(() -> attempts.incrementAndGet() < 3
                        ? Uni.createFrom().failure(failure(sqlState))
                        : Uni.createFrom().item("committed"))
                .await()
                .indefinitely();
        assertEquals("committed", result);
        assertEquals(3, attempts.get(), "each attempt is a fresh transaction");
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        PgException notNull = failure("23502");
        RuntimeException thrown = assertThrows(
                RuntimeException.class,
                () -> Transactions.<String>retrying(() -> {
                            attempts.incrementAndGet();
                            return Uni.createFrom().failure(notNull);
                        })
                        .await()
                        .indefinitely());
        assertSame(notNull, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void aRaceLostEveryTimeGivesUpAfterFiveAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(
                RuntimeException.class,
                () -> Transactions.<String>retrying(() -> {
                            attempts.incrementAndGet();
                            return Uni.createFrom().failure(new RuntimeException("wrapped", failure("40001")));
                        })
                        .await()
                        .indefinitely());
        assertEquals(5, attempts.get());
    }
}
