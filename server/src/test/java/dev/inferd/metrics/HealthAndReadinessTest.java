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
 * {@code /healthz} is liveness: 200 {@code {"status": "ok"}} while the server answers.
 * {@code /readyz} is 200 once the store answers and the examples asked for are deployed.
 */
class HealthAndReadinessTest {
    @TempDir
    static Path examples;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(ServerConfig::examplesDirectory, Optional.of(ExampleDirectories.withHello(examples))));

    @Test
    void healthzAnswersOk() {
        HttpAnswer answer = server.get("/healthz");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void readyzIsReadyWhenTheStoreAnswersAndTheExamplesAreDeployed() {
        HttpAnswer answer = server.get("/readyz");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ready");
        assertThat(server.call("hello_example", "\"inferd\"").body()).isEqualTo("{\"data\":\"hello inferd\"}");
    }

    @Test
    void healthAndReadinessNeedNoBodyAndRefuseOtherMethods() {
        assertThat(server.post("/healthz", "{}").status()).isEqualTo(405);
        assertThat(server.post("/readyz", "{}").status()).isEqualTo(405);
        assertThat(server.post("/metrics", "{}").status()).isEqualTo(405);
    }
}
