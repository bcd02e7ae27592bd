package dev.inferd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code inferd alias NAME ALIAS N}: creates an alias or moves it to another version. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = {"Point an alias of a deployment at a version.",
                "Creates the alias or moves it in one step; calls to NAME/ALIAS then run that version. Prints one line:"
                        + " ALIAS of NAME now points at version N."})
public final class AliasCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias: a name that is neither a number nor latest.")
    String alias;

    @Parameters(index = "2", paramLabel = "N", description = "The version number it points at.")
    int version;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        ServerClient.Answer answer = serverOptions.client().put(
                "api/deployments/" + ServerClient.segment(name) + "/aliases/" + ServerClient.segment(alias),
                "{\"version\": " + version + "}");
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return 1;
        }
        System.out.println(alias + " of " + name + " now points at version " + answer.json().path("version").asInt());
        return 0;
    }
}
