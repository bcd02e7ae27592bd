package dev.inferd.cli;

import dev.inferd.Main;
import java.util.Map;
import java.util.Optional;

/** Runs the {@code inferd} command line in-process, as {@code Main} builds it, with a given environment instead of the process's. */
final class Inferd {
    private Inferd() {
    }

    static ConsoleCapture run(Map<String, String> environment, String... args) {
        return ConsoleCapture.run(() -> commandLine(environment).execute(args));
    }

    static ConsoleCapture.Running start(Map<String, String> environment, String... args) {
        return ConsoleCapture.start(() -> commandLine(environment).execute(args));
    }

    private static picocli.CommandLine commandLine(Map<String, String> environment) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("no server is started by the command line in these tests");
        }, Optional.empty());
        return InferdCommand.commandLine(serve, new DeployCommand(Main.manifestParser()), new KeysCommand(Main::openKeyStore),
                new MigrateToCommand(Main::migrateToPostgres), new EnvironmentDefaults(environment));
    }
}
