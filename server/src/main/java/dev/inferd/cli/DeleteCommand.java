package dev.inferd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code inferd delete NAME} and {@code inferd delete NAME/N}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a deployment with all its versions and aliases (NAME), or one version of it (NAME/N).",
                "A version an alias points at, or the only version, is refused: move or delete the alias, or delete the"
                        + " deployment. Asks no question; prints one line saying what was deleted."})
public final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[/N]", description = "The deployment, or the deployment and a version number.")
    String target;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        int slash = target.indexOf('/');
        String name = slash < 0 ? target : target.substring(0, slash);
        Integer version = slash < 0 ? null : versionNumber(target.substring(slash + 1));
        String path = "api/deployments/" + ServerClient.segment(name) + (version == null ? "" : "/versions/" + version);
        ServerClient.Answer answer = serverOptions.client().delete(path);
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return 1;
        }
        System.out.println(version == null
                ? "deleted " + name + " with all its versions and aliases"
                : "deleted version " + version + " of " + name);
        return 0;
    }

    private int versionNumber(String text) {
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new ParameterException(spec.commandLine(),
                "after the slash comes a version number (1, 2, ...); got '" + text + "'");
    }
}
