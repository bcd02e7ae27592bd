package dev.inferd.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link KeyStore} does, whatever keeps the rows. An implementation's test extends this
 * class and says how to open its store; the tests run against each implementation.
 */
public abstract class KeyStoreContract {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

    /**
     * A store over this test's storage, empty at the test's first call. Every further call opens
     * another store on the same storage, as another process sharing it would (the CLI, say).
     */
    protected abstract KeyStore openStore();

    private static ApiKey key(String name, char hashDigit) {
        return new ApiKey(name, String.valueOf(hashDigit).repeat(64), Optional.empty(), false, NOW);
    }

    @Test
    void aNewStoreHasNoKeys() {
        assertThat(openStore().keys()).isEmpty();
    }

    @Test
    void anAddedKeyIsListedAsItWasGiven() {
        KeyStore store = openStore();
        ApiKey scoped = new ApiKey("scoped", "a".repeat(64), Optional.of(new TreeSet<>(List.of("scorer", "other"))), false, NOW);
        ApiKey admin = new ApiKey("admin", "b".repeat(64), Optional.empty(), true, NOW.plusSeconds(1));

        assertThat(store.addKey(scoped)).isTrue();
        assertThat(store.addKey(admin)).isTrue();

        assertThat(store.keys()).containsExactlyInAnyOrder(scoped, admin);
    }

    @Test
    void keysAreListedByName() {
        KeyStore store = openStore();
        store.addKey(key("charlie", 'c'));
        store.addKey(key("alpha", 'a'));
        store.addKey(key("bravo", 'b'));

        assertThat(store.keys()).extracting(ApiKey::name).containsExactly("alpha", "bravo", "charlie");
    }

    @Test
    void aNameIsTakenByItsFirstKey() {
        KeyStore store = openStore();
        ApiKey first = key("ci", 'a');

        assertThat(store.addKey(first)).isTrue();
        assertThat(store.addKey(new ApiKey("ci", "b".repeat(64), Optional.empty(), true, NOW))).isFalse();

        assertThat(store.keys()).containsExactly(first);
    }

    @Test
    void deletingAKeySaysWhetherThereWasOne() {
        KeyStore store = openStore();
        store.addKey(key("ci", 'a'));
        store.addKey(key("kept", 'b'));

        assertThat(store.deleteKey("ci")).isTrue();
        assertThat(store.deleteKey("ci")).isFalse();
        assertThat(store.deleteKey("nobody")).isFalse();
        assertThat(store.keys()).extracting(ApiKey::name).containsExactly("kept");
    }

    @Test
    void aDeletedKeysNameMayBeTakenAgain() {
        KeyStore store = openStore();
        store.addKey(key("ci", 'a'));
        store.deleteKey("ci");
        ApiKey again = key("ci", 'b');

        assertThat(store.addKey(again)).isTrue();

        assertThat(store.keys()).containsExactly(again);
    }

    @Test
    void keysChangedThroughAnotherStoreOnTheSameStorageAreListed() {
        KeyStore server = openStore();
        KeyStore cli = openStore();
        server.addKey(key("made_by_the_server", 'a'));
        cli.addKey(key("made_by_the_cli", 'b'));
        cli.deleteKey("made_by_the_server");

        assertThat(server.keys()).extracting(ApiKey::name).containsExactly("made_by_the_cli");
    }
}
