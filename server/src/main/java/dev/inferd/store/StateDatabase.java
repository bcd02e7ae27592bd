package dev.inferd.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * The database that holds a server's state, as the stores use it: SQLite, a file that one server
 * owns, or PostgreSQL, which several servers share. The stores' SQL is the same on both; the few
 * places where the two must differ (who may write at once, how rows are claimed, how other servers
 * hear of a change) are the methods here.
 */
public abstract sealed class StateDatabase implements AutoCloseable permits SqliteDatabase, PostgresDatabase {

    /** One read on its own. */
    abstract <T> T read(HandleCallback<T, RuntimeException> work);

    /** Several reads in one transaction, so they see the database as one moment left it. */
    abstract <T> T readTogether(HandleCallback<T, RuntimeException> work);

    /** One transaction that writes. */
    abstract <T> T write(HandleCallback<T, RuntimeException> work);

    /**
     * Called first in a transaction that changes deployments: such transactions then run one at a
     * time across every server, so version numbers and the change feed's sequences are given in
     * the order the writes commit.
     */
    abstract void serializeDeploymentWrites(Handle handle);

    /** What follows a {@code SELECT} of rows to claim, so that servers claiming at once take different rows. */
    abstract String claimClause();

    /** Tells the other servers on this database, when the transaction commits, that {@code topic} changed. */
    abstract void announce(Handle handle, StoreTopic topic);

    /** Whether other servers may use this database at the same time. */
    public abstract boolean shared();

    /** Throws when the database cannot be used; the readiness check calls it. */
    public abstract void ping();

    /** The database as messages name it, never with a password. */
    public abstract String description();

    @Override
    public abstract void close();
}
