package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code inferd list}: the deployments of a server, from {@code GET /api/deployments}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the deployments on a server.",
                "Prints a header line, then one line per deployment, sorted by name, in aligned columns: the name, the"
                        + " latest version number and the aliases as alias=version (- for none)."})
public final class ListCommand implements Callable<Integer> {
    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        ServerClient.Answer answer = serverOptions.client().get("api/deployments");
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return 1;
        }
        TextTable table = new TextTable("NAME", "LATEST", "ALIASES");
        for (JsonNode deployment : answer.json().path("deployments")) {
            List<String> aliases = new ArrayList<>();
            deployment.path("aliases").fields().forEachRemaining(alias -> aliases.add(alias.getKey() + "=" + alias.getValue().asText()));
            table.add(deployment.path("name").asText(), deployment.path("latestVersion").asText(),
                    aliases.isEmpty() ? "-" : String.join(", ", aliases));
        }
        table.print(System.out);
        return 0;
    }
}
