package dev.inferd.store;

import dev.inferd.invoke.async.JobStore;
import dev.inferd.invoke.async.JobStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job store contract on SQLite. */
class SqliteJobStoreTest extends JobStoreContract {
    @RegisterExtension
    final SqliteDataDirectory data = new SqliteDataDirectory();

    @Override
    protected JobStore openStore() {
        return new SqliteJobStore(data.open());
    }
}
