package dev.inferd.metrics;

import dev.inferd.config.ServerConfig;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --examples} with one example that does not compile: the server starts and serves
 * the others, but {@code /readyz} answers 503 and names the missing example, since whoever asked for
 * the examples expects them all.
 */
class AnExampleThatCouldNotBeDeployedLeavesTheServerNotReadyTest {
    @TempDir
    static Path examples;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(ServerConfig::examplesDirectory, Optional.of(ExampleDirectories.withBroken(ExampleDirectories.withHello(examples)))));

    @Test
    void readyzAnswers503NamingTheExampleAndWhy() {
        HttpAnswer answer = server.get("/readyz");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().get("status").asText()).isEqualTo("not ready");
        assertThat(answer.json().get("problems").fieldNames()).toIterable().containsExactly("example broken_example");
        assertThat(answer.json().get("problems").get("example broken_example").asText()).contains("Broken.java:1: error: ").contains("expected");
    }

    @Test
    void theExamplesThatDeployedAreServed() {
        assertThat(server.call("hello_example", "\"inferd\"").body()).isEqualTo("{\"data\":\"hello inferd\"}");
    }

    @Test
    void livenessIsNotAffected() {
        assertThat(server.get("/healthz").status()).isEqualTo(200);
    }
}
