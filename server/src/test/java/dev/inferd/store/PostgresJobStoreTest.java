package dev.inferd.store;

import dev.inferd.invoke.async.JobStore;
import dev.inferd.invoke.async.JobStoreContract;
import dev.inferd.invoke.async.AsyncJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The job store contract on PostgreSQL. */
class PostgresJobStoreTest extends JobStoreContract {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    @Override
    protected JobStore openStore() {
        return new SqlJobStore(databases.open());
    }

    /** Another replica may be delivering right now: its leases end by themselves. */
    @Test
    void resumingLeavesLeasedAndScheduledDeliveriesAsTheyAre() {
        JobStore store = openStore();
        finished(store, "leased", T0);
        store.leaseDelivery("leased", T0.plusSeconds(300));
        finished(store, "due", T0);

        assertThat(store.resumeDeliveries(T0.plusSeconds(1))).isZero();

        assertThat(store.dueDeliveries(T0.plusSeconds(1), 10)).extracting(AsyncJob::id).containsExactly("due");
    }
}
