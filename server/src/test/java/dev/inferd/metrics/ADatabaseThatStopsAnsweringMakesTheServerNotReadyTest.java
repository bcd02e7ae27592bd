package dev.inferd.metrics;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database file deleted or replaced under the server (a cleaned-up volume, a mistaken {@code rm}
 * or restore) is still read through the open connections, but what is written to it is lost at the
 * next start: {@code /readyz} says so with 503, while {@code /healthz} still says the process answers.
 */
class ADatabaseThatStopsAnsweringMakesTheServerNotReadyTest {
    @TempDir
    Path dataDirectory;

    @Test
    void readyzAnswers503NamingTheStoreOnceItsFileIsGone() throws IOException {
        try (TestServer server = TestServer.start(dataDirectory)) {
            assertThat(server.get("/readyz").status()).isEqualTo(200);
            Files.delete(dataDirectory.resolve("inferd.db"));

            assertTheStoreIsNotReady(server);
        }
    }

    @Test
    void readyzAnswers503OnceItsFileIsReplacedByACopy() throws IOException {
        try (TestServer server = TestServer.start(dataDirectory)) {
            assertThat(server.get("/readyz").status()).isEqualTo(200);
            Path database = dataDirectory.resolve("inferd.db");
            Path copy = Files.copy(database, dataDirectory.resolve("inferd.db.copy"));
            // A copy moved into place is a new file: the same bytes, but not what the server has open.
            Files.move(copy, database, StandardCopyOption.REPLACE_EXISTING);

            assertTheStoreIsNotReady(server);
        }
    }

    private static void assertTheStoreIsNotReady(TestServer server) {
        HttpAnswer answer = server.get("/readyz");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().get("status").asText()).isEqualTo("not ready");
        assertThat(answer.json().get("problems").get("store").asText()).contains("database does not answer");
        assertThat(server.get("/healthz").status()).isEqualTo(200);
    }
}
