package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code inferd logs NAME}: the recent calls of a deployment, from {@code GET /api/deployments/{name}/logs}. */
// No standard --version flag here: --version picks the calls of one version.
@Command(name = "logs",
        description = {"Print the recent calls of a deployment.",
                "Prints one line per call, oldest first:",
                "  TIME  vVERSION REF  ITEMS  DURATION  STATUS  INPUT -> OUTPUT",
                "That is: the time the call arrived (UTC, to the millisecond), [the replica that answered it] when"
                        + " the server has replicas, the version it ran and the ref it was called by"
                        + " (left out when it is the version number), the request body, and the answer body or, for a"
                        + " failed call, error: and the last line of the error. The server keeps the latest 1000 calls of"
                        + " each deployment and cuts bodies after 1 KiB. With --follow, goes on printing each new call"
                        + " once as it comes, until interrupted (Ctrl-C)."})
public final class LogsCommand implements Callable<Integer> {
    /** The calls the server keeps per deployment, and so the most a logs answer holds. */
    static final int KEPT_CALLS = 1000;
    /** Each poll asks for this many; only when none of them was seen before does it ask for all. */
    private static final int POLL_LIMIT = 100;
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many of the latest calls to print (with --follow, before the new ones), 1 to " + KEPT_CALLS + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--version", paramLabel = "N", description = "Only the calls that ran version N.")
    Integer version;

    @Option(names = {"-f", "--follow"}, description = "Keep polling, about once a second, and print each new call once.")
    boolean follow;

    @Mixin
    ServerOptions serverOptions;

    @Spec
    CommandSpec spec;

    /** Whether the last answer was partial and that was said, so a follow says it once per outage. */
    private boolean toldPartial;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > KEPT_CALLS) {
            throw new ParameterException(spec.commandLine(), "--limit must be a whole number from 1 to " + KEPT_CALLS + "; got " + limit);
        }
        ServerClient client = serverOptions.client();
        // A follow remembers more calls than it prints first, the better to find them again in each poll.
        Optional<UnseenCalls.Window> first = fetch(client, follow ? Math.max(limit, POLL_LIMIT) : limit);
        if (first.isEmpty()) {
            return 1;
        }
        List<JsonNode> calls = UnseenCalls.since(UnseenCalls.Window.NOTHING_YET, first.get()).oldestFirst();
        print(calls.subList(Math.max(0, calls.size() - limit), calls.size()));
        if (calls.isEmpty() && !follow) {
            // On stderr, so that a script reading the lines still reads none.
            System.err.println("no calls of " + name + " kept" + (version == null ? "" : " for version " + version) + " yet");
        }
        UnseenCalls.Window seen = first.get();
        while (follow) {
            try {
                Thread.sleep(POLL_EVERY.toMillis());
            } catch (InterruptedException e) {
                return 0;
            }
            Optional<UnseenCalls.Window> polled = fetch(client, Math.max(limit, POLL_LIMIT));
            if (polled.isPresent() && UnseenCalls.since(seen, polled.get()).someMayBeMissing()) {
                polled = fetch(client, KEPT_CALLS);
            }
            if (polled.isEmpty()) {
                return 1;
            }
            UnseenCalls.Unseen unseen = UnseenCalls.since(seen, polled.get());
            if (unseen.someMayBeMissing()) {
                System.err.println("more than " + KEPT_CALLS + " calls came since the last poll; the older of them are not shown");
            }
            print(unseen.oldestFirst());
            seen = polled.get();
        }
        return 0;
    }

    /** One answer of the logs route, or empty once its error is printed. */
    private Optional<UnseenCalls.Window> fetch(ServerClient client, int callLimit) throws IOException, InterruptedException {
        ServerClient.Answer answer = client.get("api/deployments/" + ServerClient.segment(name) + "/logs?limit=" + callLimit
                + (version == null ? "" : "&version=" + version));
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return Optional.empty();
        }
        boolean partial = answer.json().path("partial").asBoolean();
        if (partial && !toldPartial) {
            System.err.println("the server cannot reach its database: only the calls of the replica that answered are shown");
        }
        toldPartial = partial;
        List<JsonNode> calls = new ArrayList<>();
        answer.json().path("calls").forEach(calls::add);
        return Optional.of(new UnseenCalls.Window(calls, callLimit));
    }

    private void print(List<JsonNode> oldestFirst) {
        for (JsonNode call : oldestFirst) {
            System.out.println(line(call));
        }
    }

    static String line(JsonNode call) {
        int callVersion = call.path("version").asInt();
        String ref = call.path("ref").asText();
        int items = call.path("items").asInt();
        String outcome = call.has("error") ? "error: " + call.path("error").asText() : call.path("output").asText();
        return TextTable.time(call.path("time").asText())
                + (call.has("replica") ? "  [" + call.path("replica").asText() + "]" : "")
                + "  " + (callVersion == 0 ? "-" : "v" + callVersion) + (ref.equals(Integer.toString(callVersion)) ? "" : " " + ref)
                + "  " + items + (items == 1 ? " item" : " items")
                + "  " + String.format(Locale.ROOT, "%.2f ms", call.path("durationMs").asDouble())
                + "  " + call.path("status").asInt()
                + "  " + oneLine(call.path("input").asText()) + " -> " + oneLine(outcome);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
