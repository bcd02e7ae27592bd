package dev.inferd.cli;

import dev.inferd.auth.ApiKey;
import dev.inferd.auth.ApiKeys;
import dev.inferd.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code inferd keys}: manages API keys straight in a data directory, so the first admin key can
 * be made before management over HTTP needs one. Works while the server runs: it picks new keys up
 * on first use.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and delete API keys directly in a data directory; a running server picks changes up within a second.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Delete.class})
public final class KeysCommand {
    private final KeyStoreOpener keyStores;

    public KeysCommand(KeyStoreOpener keyStores) {
        this.keyStores = keyStores;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API key. The key is printed on the last line; it is shown only this once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Option(names = "--name", required = true, description = "A name for the key, to list and delete it by.")
        String name;

        @Option(names = "--deployments", split = ",", paramLabel = "NAME",
                description = "Deployments the key may call, comma-separated (default: all).")
        String[] deployments;

        @Option(names = "--admin", description = "The key may also use the management API (/api).")
        boolean admin;

        @Mixin
        KeyStoreLocation location = new KeyStoreLocation();

        @Override
        public Integer call() {
            Optional<Set<String>> scope = deployments == null
                    ? Optional.empty() : Optional.of(new LinkedHashSet<>(Arrays.asList(deployments)));
            try (KeyStoreOpener.OpenedKeyStore store = location.open(keys.keyStores)) {
                ApiKeys.CreatedKey created = new ApiKeys(store.keys(), Clock.systemUTC(), new SecureRandom()).create(name, scope, admin);
                System.out.println("created " + (admin ? "admin " : "") + "key '" + created.name() + "'"
                        + scope.map(names -> " for deployments " + String.join(", ", names)).orElse(" for every deployment")
                        + " in " + location.description() + "; store it now, it is not shown again:");
                System.out.println(created.key());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys (names and scopes, never secrets).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Mixin
        KeyStoreLocation location = new KeyStoreLocation();

        @Override
        public Integer call() {
            try (KeyStoreOpener.OpenedKeyStore store = location.open(keys.keyStores)) {
                for (ApiKey key : store.keys().keys()) {
                    System.out.println(key.name() + "\t" + (key.admin() ? "admin" : "inference") + "\t"
                            + key.deployments().map(names -> String.join(",", names)).orElse("*") + "\t" + key.createdAt());
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an API key; a running server refuses it within a second.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Option(names = "--name", required = true, description = "The key's name.")
        String name;

        @Mixin
        KeyStoreLocation location = new KeyStoreLocation();

        @Override
        public Integer call() {
            try (KeyStoreOpener.OpenedKeyStore store = location.open(keys.keyStores)) {
                if (!store.keys().deleteKey(name)) {
                    System.err.println("no key named '" + name + "' in " + location.description());
                    return 1;
                }
                System.out.println("deleted key '" + name + "'");
            }
            return 0;
        }
    }
}
