package dev.inferd.api.http.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.config.LimitSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server the fuzzers attack: a real inferd on port 0 with two Java deployments whose functions
 * never throw, so any 5xx is a fault of the server, not of the function. An admin key exists so
 * fuzzed management calls can be authorized or not; its name and the fixed deployments are
 * {@link #isProtected protected} from fuzzed writes, which would otherwise delete what the
 * "still answers a normal call" check relies on.
 */
final class FuzzServer implements AutoCloseable {
    static final String ECHO = "echo";
    static final String PAIR = "pair";
    static final String SCRATCH = "fz-scratch";
    static final String ADMIN_KEY_NAME = "fz-admin";
    /** Small enough that bodies over it are cheap to send; large enough for the off-loop decode path of bodies over 4 KiB. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDirectory;
    private final TestServer server;
    private final String adminKey;

    private FuzzServer(Path dataDirectory, TestServer server, String adminKey) {
        this.dataDirectory = dataDirectory;
        this.server = server;
        this.adminKey = adminKey;
    }

    static FuzzServer start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("inferd-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestServer server = TestServer.start(directory, settings -> settings.set(LimitSettings::maxBodyBytes, MAX_BODY_BYTES));
        try {
            server.deployJavaClass(ECHO, "Echo", "echo", "public static Object echo(Object x) { return x; }");
            server.deployJavaClass(PAIR, "Pair", "pair", "public static Object pair(Object a, Object b) { return Arrays.asList(a, b); }");
            server.deployJavaClass(SCRATCH, "Scratch", "same", "public static Object same(Object x) { return x; }");
            HttpAnswer key = server.post("/api/keys", "{\"name\": \"" + ADMIN_KEY_NAME + "\", \"admin\": true}");
            assertThat(key.status()).as("creating the admin key: %s", key).isEqualTo(201);
            return new FuzzServer(directory, server, key.json().get("key").asText());
        } catch (RuntimeException | Error e) {
            server.close();
            deleteRecursively(directory);
            throw e;
        }
    }

    String url() {
        return server.url();
    }

    int port() {
        return server.port();
    }

    String adminKey() {
        return adminKey;
    }

    /** The pass criterion after every input: the plainest call still gets its plain answer. */
    void assertStillAnswersANormalCall(String after) {
        HttpAnswer answer;
        try {
            answer = server.call(ECHO + "/latest", "1");
        } catch (RuntimeException e) {
            throw new AssertionError("the server no longer answers a normal call after " + after, e);
        }
        assertThat(answer.status()).as("normal call after %s: %s", after, answer).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body).as("normal call after %s", after).isEqualTo(JSON.createObjectNode().put("data", 1));
    }

    /**
     * Whether a fuzzed request could change what the fixture relies on: a write anywhere under
     * /api that names a fixed deployment or the admin key, however encoded or dot-segmented.
     */
    static boolean isProtected(String method, String rawTarget) {
        String upper = method.toUpperCase();
        if (upper.equals("GET") || upper.equals("HEAD") || upper.equals("OPTIONS")) {
            return false;
        }
        String decoded = leniantlyDecoded(rawTarget).toLowerCase();
        if (!decoded.contains("api")) {
            return false;
        }
        return decoded.contains(ECHO) || decoded.contains(PAIR) || decoded.contains(ADMIN_KEY_NAME);
    }

    /** Percent-decoding that never fails, applied twice so that double encodings are seen too. */
    private static String leniantlyDecoded(String raw) {
        String text = raw;
        for (int round = 0; round < 2; round++) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '%' && i + 2 < text.length()
                        && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.append(c);
                }
            }
            text = out.toString();
        }
        return text;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is not worth failing the build for.
        }
    }
}
