package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code inferd versions NAME}: the versions of one deployment, oldest first, from {@code GET /api/deployments/{name}/versions}. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = {"List the versions of a deployment.",
                "Prints a header line, then one line per version, oldest first so the latest is the last, in aligned"
                        + " columns: the number, when it was created (UTC, to the millisecond), the runtime, the main"
                        + " function, the first 12 hex digits of its content hash and the aliases that point at it (- for none)."})
public final class VersionsCommand implements Callable<Integer> {
    private static final int SHORT_HASH = 12;

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
    String name;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        ServerClient.Answer answer = serverOptions.client().get("api/deployments/" + ServerClient.segment(name) + "/versions");
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return 1;
        }
        TextTable table = new TextTable("VERSION", "CREATED", "RUNTIME", "MAIN", "HASH", "ALIASES");
        for (JsonNode version : answer.json().path("versions")) {
            String hash = version.path("contentHash").asText();
            List<String> aliases = new ArrayList<>();
            version.path("aliases").forEach(alias -> aliases.add(alias.asText()));
            table.add(version.path("number").asText(), TextTable.time(version.path("createdAt").asText()),
                    version.path("runtime").asText(), version.path("main").asText(),
                    hash.substring(0, Math.min(SHORT_HASH, hash.length())),
                    aliases.isEmpty() ? "-" : String.join(", ", aliases));
        }
        table.print(System.out);
        return 0;
    }
}
