package dev.inferd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferd}: the top-level command; its subcommands do the work. */
@Command(name = "inferd",
        mixinStandardHelpOptions = true,
        version = "inferd 0.1.0",
        description = "Self-hosted model deployment server: deploy a function, call it over REST.")
public final class InferdCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: serve, deploy, call or keys");
    }
}
