package dev.inferd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferd}: the top-level command; its subcommands do the work. */
@Command(name = "inferd",
        mixinStandardHelpOptions = true,
        version = "inferd 0.1.0",
        description = {"Self-hosted model deployment server: deploy a function, call it over REST.",
                "inferd serve runs the server; deploy, call, list, versions, alias, delete and logs talk to a running one"
                        + " over HTTP; keys creates, lists and deletes API keys in a data directory; migrate-to copies a"
                        + " stopped server's data directory into PostgreSQL for replicas."})
public final class InferdCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /**
     * The whole command line: {@code serve}, {@code deploy}, {@code keys} and {@code migrate-to} come
     * from the caller, which wires the server, knows the runtimes and picks the stores; options absent
     * from the command line come from {@code defaults}.
     */
    public static CommandLine commandLine(ServeCommand serve, DeployCommand deploy, KeysCommand keys,
                                          MigrateToCommand migrateTo, IDefaultValueProvider defaults) {
        return new CommandLine(new InferdCommand())
                .addSubcommand(serve)
                .addSubcommand(deploy)
                .addSubcommand(new CallCommand())
                .addSubcommand(new ListCommand())
                .addSubcommand(new VersionsCommand())
                .addSubcommand(new AliasCommand())
                .addSubcommand(new DeleteCommand())
                .addSubcommand(new LogsCommand())
                .addSubcommand(keys)
                .addSubcommand(migrateTo)
                .setDefaultValueProvider(defaults)
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    // Users get the reason, not a stack trace; the log has the trace for server failures.
                    command.getErr().println("inferd: " + failure.getMessage());
                    return 1;
                });
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "name a command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
