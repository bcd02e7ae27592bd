package dev.inferd.auth;

import dev.inferd.config.DatabaseUrl;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.error.UnauthorizedException;
import dev.inferd.store.PostgresDatabase;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.store.SqlKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replica whose database is away when it starts has never read its keys. It must not take that
 * for "no keys": a key would be refused that is valid, and management would look open to this
 * machine because no admin key seems to exist. Until the keys are read, a check that needs them is
 * answered 503; a call without a key, on a server that does not require one, goes on.
 */
class KeysNotYetReadAreNeitherAcceptedNorRefusedTest {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    /** One for the class: opening and closing a pool on a database that refuses takes seconds. */
    private static PostgresDatabase unreachable;

    @BeforeAll
    static void openUnreachable() {
        unreachable = PostgresDatabase.open(DatabaseUrl.parse("postgresql://inferd@127.0.0.1:1/away"));
    }

    @AfterAll
    static void closeUnreachable() {
        unreachable.close();
    }

    private static ApiKeys keysOnAnUnreachableDatabase() {
        return new ApiKeys(new SqlKeyStore(unreachable), Clock.systemUTC(), new SecureRandom());
    }

    @Test
    void aPresentedKeyIsUnavailableNotUnknown() {
        AccessPolicy access = new AccessPolicy(keysOnAnUnreachableDatabase(), false, "inferd keys create");

        assertThatThrownBy(() -> access.checkCaller(Optional.of("Bearer inferd_abc")))
                .isInstanceOf(StoreUnavailableException.class)
                .isNotInstanceOf(UnauthorizedException.class);
    }

    @Test
    void managementFromThisMachineIsNotOpenedByKeysNotRead() {
        AccessPolicy access = new AccessPolicy(keysOnAnUnreachableDatabase(), false, "inferd keys create");

        assertThatThrownBy(() -> access.checkManagement(Optional.empty(), true)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aCallWithoutAKeyGoesOnWhenKeysAreNotRequired() {
        AccessPolicy access = new AccessPolicy(keysOnAnUnreachableDatabase(), false, "inferd keys create");

        access.checkCaller(Optional.empty());
    }

    @Test
    void theKeysAreCheckedOnceARefreshHasReadThem() {
        PostgresDatabase database = databases.open();
        String key = new ApiKeys(new SqlKeyStore(database), Clock.systemUTC(), new SecureRandom())
                .create("admin", Optional.empty(), true).key();
        ApiKeys keys = new ApiKeys(new SqlKeyStore(database), Clock.systemUTC(), new SecureRandom());

        keys.refresh();

        assertThat(keys.find(key)).isPresent();
        assertThat(keys.adminKeyExists()).isTrue();
    }
}
