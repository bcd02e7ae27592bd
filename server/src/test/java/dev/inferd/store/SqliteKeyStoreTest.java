package dev.inferd.store;

import dev.inferd.auth.KeyStore;
import dev.inferd.auth.KeyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key store contract on SQLite. */
class SqliteKeyStoreTest extends KeyStoreContract {
    @RegisterExtension
    final SqliteDataDirectory data = new SqliteDataDirectory();

    @Override
    protected KeyStore openStore() {
        return new SqlKeyStore(data.open());
    }
}
