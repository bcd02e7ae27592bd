package dev.inferd.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.inferd.Main;
import dev.inferd.cli.KeysCommand;
import dev.inferd.config.AccessSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys never reach the log: everything the server logs at DEBUG while keys are created (over HTTP
 * and by the CLI), used, refused, mistyped and deleted is searched for every key.
 */
class KeysNeverAppearInLogsTest {
    @TempDir
    static Path dataDirectory;
    static TestServer server;
    static KeyedRequests requests;

    private static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private static final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private static Level originalLevel;

    @BeforeAll
    static void captureLogsAndStart() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        captured.start();
        originalLevel = root.getLevel();
        // The console would print every DEBUG line of the run; the list keeps them for the search instead.
        for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
            detached.add(appenders.next());
        }
        detached.forEach(root::detachAppender);
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);

        server = TestServer.start(dataDirectory, settings -> settings.set(AccessSettings::requireApiKeys, true));
        requests = new KeyedRequests(server.url());
    }

    @AfterAll
    static void stopAndRestoreLogs() {
        try {
            server.close();
        } finally {
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(captured);
            detached.forEach(root::addAppender);
            root.setLevel(originalLevel);
            captured.stop();
        }
    }

    @Test
    void noLogEventContainsAKeyWhileKeysAreCreatedUsedAndDeleted() throws Exception {
        List<String> keys = new ArrayList<>();
        server.deployJavaClass("logged_a", "Echo", "echo", KeyedRequests.echoClass());
        server.deployJavaClass("logged_b", "Failing", "fail",
                "public static long fail(long x) { throw new IllegalStateException(\"failing on purpose\"); }");

        String admin = requests.createKey("log_admin", null, true, null);
        keys.add(admin);
        String scoped = requests.createKey("log_scoped", "[\"logged_a\"]", false, admin);
        keys.add(scoped);
        String fromCli = createWithCli("log_cli", "logged_a,logged_b");
        keys.add(fromCli);
        String deleted = requests.createKey("log_deleted", null, false, "Bearer " + admin);
        keys.add(deleted);
        String mistyped = scoped.substring(0, scoped.length() - 3) + "abc";
        keys.add(mistyped);

        assertThat(Eventually.lastRead(Duration.ofSeconds(5), () -> requests.call("logged_a", fromCli),
                answer -> answer.status() == 200).status()).isEqualTo(200);
        assertThat(requests.call("logged_a", scoped).status()).isEqualTo(200);
        assertThat(requests.call("logged_a", "Bearer " + scoped).status()).isEqualTo(200);
        assertThat(requests.call("logged_b", scoped).status()).isEqualTo(403);
        assertThat(requests.call("logged_b", fromCli).status()).isEqualTo(500);
        assertThat(requests.call("logged_a", mistyped).status()).isEqualTo(401);
        assertThat(requests.call("no_such_deployment", admin).status()).isEqualTo(404);
        assertThat(requests.send("GET", "/v1/logged_a", null, "Authorization", admin).status()).isEqualTo(405);
        assertThat(requests.send("POST", "/v1/logged_a", "{not json", "Authorization", admin).status()).isEqualTo(400);
        assertThat(requests.manage("GET", "/api/keys", null, scoped).status()).isEqualTo(403);
        assertThat(requests.manage("GET", "/api/keys", null, mistyped).status()).isEqualTo(401);
        assertThat(requests.manage("GET", "/api/deployments/logged_a/logs", null, admin).status()).isEqualTo(200);
        assertThat(requests.manage("DELETE", "/api/keys/log_deleted", null, admin).status()).isEqualTo(200);
        assertThat(requests.call("logged_a", deleted).status()).isEqualTo(401);
        assertThat(requests.manage("GET", "/api/keys", null, deleted).status()).isEqualTo(401);

        List<ILoggingEvent> events;
        synchronized (captured) { // appending holds the appender's lock
            events = List.copyOf(captured.list);
        }
        assertThat(events).as("DEBUG events were captured").anyMatch(event -> event.getLevel() == Level.DEBUG);
        assertThat(events).as("the server's own events were captured")
                .anyMatch(event -> event.getFormattedMessage().contains("listening on"));
        for (String key : keys) {
            String secret = key.substring(ApiKeys.PREFIX.length());
            assertThat(events).allSatisfy(event -> assertThat(everythingIn(event))
                    .as("log event %s", event)
                    .doesNotContain(secret));
        }
    }

    /** The secret printed by {@code inferd keys create}, which prints it on its last line. */
    private static String createWithCli(String name, String deployments) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exitCode = new CommandLine(new KeysCommand(Main::openKeyStore)).execute("create", "--name", name,
                    "--deployments", deployments, "--data-dir", dataDirectory.toString());
        } finally {
            System.setOut(originalOut);
        }
        assertThat(exitCode).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    private static String everythingIn(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
        text.append('\n').append(event.getMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append('\n').append(argument);
            }
        }
        text.append('\n').append(event.getMDCPropertyMap());
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append('\n').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
            for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
                text.append('\n').append(frame.getSTEAsString());
            }
        }
        return text.toString();
    }
}
