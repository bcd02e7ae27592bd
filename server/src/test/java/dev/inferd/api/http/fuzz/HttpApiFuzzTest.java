package dev.inferd.api.http.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Throws random and mutated requests at /v1/ and /api/ of one running server and checks, for
 * every one: no 5xx (the deployed functions never fail), error answers are PROTOCOL JSON, an
 * answer within 10 s, and a normal call still answered afterwards. Each case is drawn from its
 * own seed, shown in its name; {@link FuzzCase} says how to rerun one, run more or pick others.
 * The case counts are sized for about a minute on a two-core CI machine. A failing input also
 * lands in target/fuzz-findings/ as a raw request, ready to be copied into
 * src/test/resources/fuzz-corpus/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiFuzzTest {
    private final FuzzServer server = FuzzServer.start();
    private final Generator<ClientRequest> clientRequests = clientRequests();
    private final Generator<RawRequest> rawRequests = RawRequests.any();
    /** How the server answered, by outcome, shown after the run to see what the fuzzing reached. */
    private final Map<String, Integer> clientOutcomes = new TreeMap<>();
    private final Map<String, Integer> rawOutcomes = new TreeMap<>();

    @AfterAll
    void stopServer() {
        show("Well-framed requests", clientOutcomes);
        show("Raw requests", rawOutcomes);
        server.close();
    }

    static Stream<FuzzCase> wellFramedCases() {
        return FuzzCase.all(2500);
    }

    static Stream<FuzzCase> rawCases() {
        return FuzzCase.all(400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFramedCases")
    void wellFramedRequestsGetNo5xxAndJsonErrors(FuzzCase fuzzCase) {
        ClientRequest request = clientRequests.next(fuzzCase.random());
        Answer answer = fuzzCase.rerunnable(() -> FuzzFindings.keepIfFailing(request.toRawHttp(), () -> {
            Answer got = request.send(server.url());
            return judge(got, request.method(), request.method() + " " + request.path() + " "
                    + (request.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1"), request.toString(), clientOutcomes);
        }));
        clientOutcomes.merge(String.valueOf(answer.status()), 1, Integer::sum);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rawCases")
    void rawRequestsGetAnAnswerBelow500OrAClose(FuzzCase fuzzCase) {
        RawRequest request = rawRequests.next(fuzzCase.random());
        Answer answer = fuzzCase.rerunnable(() -> FuzzFindings.keepIfFailing(request.bytes(),
                () -> judge(request.send(server.port()), request.method(), request.requestLine(), request.toString(), rawOutcomes)));
        rawOutcomes.merge(answer.closedWithoutAnswer() ? "closed" : String.valueOf(answer.status()), 1, Integer::sum);
    }

    /** Fails on an answer that breaks the criteria, unless a known bug explains it; then checks the server still serves. */
    private Answer judge(Answer got, String method, String requestLine, String request, Map<String, Integer> outcomes) {
        String problem = got.problem(method);
        String knownBug = KnownBugs.explain(requestLine, got);
        if (problem != null && knownBug != null) {
            outcomes.merge("known bug: " + knownBug.substring(0, Math.min(40, knownBug.length())), 1, Integer::sum);
            problem = null;
        }
        if (problem != null) {
            throw new AssertionError(problem + "\n  request: " + request);
        }
        server.assertStillAnswersANormalCall(request);
        return got;
    }

    private static void show(String what, Map<String, Integer> outcomes) {
        int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0) {
            System.out.println(what + ", answers: " + outcomes.entrySet().stream()
                    .map(outcome -> outcome.getKey() + " " + outcome.getValue() + " (" + 100 * outcome.getValue() / total + "%)")
                    .collect(Collectors.joining(", ")));
        }
    }

    private Generator<ClientRequest> clientRequests() {
        Generator<String> methods = Generator.frequencyOf(
                Generator.weight(8, Generator.just("POST")),
                Generator.weight(1, Generator.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")));
        Generator<String> contentTypes = Generator.of("application/json", "application/json; charset=utf-8",
                "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "application/zip",
                "application/x-zip-compressed", "multipart/form-data; boundary=x", "", "*/*", "application/json; " + "p=1; ".repeat(500),
                "\u00e9/\u00e9");
        Generator<String> authorizations = Generator.frequencyOf(
                Generator.weight(6, Generator.just("Bearer " + server.adminKey())),
                Generator.weight(1, Generator.of("Bearer", "Bearer ", "bearer " + server.adminKey(), server.adminKey(),
                        "Basic Zm9vOmJhcg==", "Bearer " + server.adminKey() + "x", "Bearer " + "k".repeat(10_000),
                        "Bearer \u00e9")));
        // No Transfer-Encoding or Content-Length: java.net.http would send them beside its own framing and make the
        // request contradict itself (the raw-socket property covers lying framing).
        Generator<Map.Entry<String, String>> extra = Generator.of(
                Map.entry("Accept", "application/json"), Map.entry("Accept", "text/html"), Map.entry("Accept-Encoding", "gzip"),
                Map.entry("Content-Encoding", "gzip"), Map.entry("Content-Encoding", "br"), Map.entry("X-Forwarded-For", "10.0.0.1"),
                Map.entry("Forwarded", "for=10.0.0.1"),
                Map.entry("X-Long", "v".repeat(9_000)), Map.entry("X-Very-Long", "v".repeat(70_000)),
                Map.entry("Range", "bytes=0-1"), Map.entry("If-None-Match", "*"), Map.entry("Origin", "http://evil.example"));
        Generator<String> contentType = contentTypes.orNull(0.15);
        Generator<String> authorization = authorizations.orNull(0.3);
        Generator<List<Map.Entry<String, String>>> others = extra.list(0, 2);
        Generator<List<Map.Entry<String, String>>> headers = random -> {
            List<Map.Entry<String, String>> all = new ArrayList<>();
            String type = contentType.next(random);
            if (type != null) {
                all.add(Map.entry("Content-Type", type));
            }
            String credentials = authorization.next(random);
            if (credentials != null) {
                all.add(Map.entry("Authorization", credentials));
            }
            all.addAll(others.next(random));
            return List.copyOf(all);
        };
        // A client that asks for HTTP/2 sends an h2c upgrade the server declines; it must still be answered.
        Generator<HttpClient.Version> versions = Generator.frequencyOf(
                Generator.weight(3, Generator.just(HttpClient.Version.HTTP_1_1)), Generator.weight(1, Generator.just(HttpClient.Version.HTTP_2)));
        // No Expect: 100-continue here: JDK 17's client waits forever when the answer to it is a final status (the
        // server sends it at once; checked with a raw socket), and fails on a 101. The raw property sends Expect.
        Generator<String> paths = Paths.any().map(Paths::uriSafe);
        Generator<byte[]> bodies = Bodies.any();
        Generator<ClientRequest> requests = random -> new ClientRequest(methods.next(random), paths.next(random),
                headers.next(random), false, bodies.next(random), versions.next(random));
        return requests.filter(request -> !FuzzServer.isProtected(request.method(), request.path()));
    }
}
