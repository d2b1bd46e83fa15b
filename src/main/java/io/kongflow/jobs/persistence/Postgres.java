package io.kongflow.jobs.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * The reactive PostgreSQL client, for the paths that are native SQL only (registration, catalog
 * reads, aliases): no ORM session, no entity loading, prepared statements. Transactions are
 * retried whole on serialization failure, deadlock or a lost insert race ({@link Transactions}).
 */
@ApplicationScoped
public class Postgres {

    private final Pool pool;
    private final Statements autocommit;

    public Postgres(Pool pool) {
        this.pool = pool;
        this.autocommit = new Statements(pool);
    }

    /** Runs {@code work} in one transaction: committed when its Uni succeeds, rolled back when it fails. */
    public <T> Uni<T> transaction(Function<Statements, Uni<T>> work) {
        return Transactions.retrying(() -> pool.withTransaction(connection -> work.apply(new Statements(connection))));
    }

    /** Statements that each run on their own (reads that are one statement). */
    public Statements statements() {
        return autocommit;
    }
}
