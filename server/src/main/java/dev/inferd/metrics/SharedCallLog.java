package dev.inferd.metrics;

import dev.inferd.error.StoreUnavailableException;

import java.util.List;
import java.util.OptionalInt;

/**
 * The calls of every replica on one database, read in one place: each replica adds the calls it
 * answers, and any of them reads them all. It is kept beside each replica's own {@link CallLog},
 * which still holds the replica's calls when the database cannot be reached.
 */
public interface SharedCallLog {

    /** Takes in a call this replica answered; called on the call's path, so it never waits and never touches the database. */
    void add(CallRecord call);

    /**
     * The latest {@code limit} calls of a deployment answered by any replica, newest first; only those
     * of {@code version} when it is given. This replica's calls answered before the read are in it.
     *
     * @throws StoreUnavailableException when the database cannot be reached
     */
    List<CallLogEntry> latest(String deployment, int limit, OptionalInt version);

    /** This replica's name, as its entries give it. */
    String replica();
}
