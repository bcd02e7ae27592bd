package dev.inferd.store;

import dev.inferd.auth.KeyStore;
import dev.inferd.auth.KeyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key store contract on PostgreSQL. */
class PostgresKeyStoreTest extends KeyStoreContract {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    @Override
    protected KeyStore openStore() {
        return new SqlKeyStore(databases.open());
    }
}
