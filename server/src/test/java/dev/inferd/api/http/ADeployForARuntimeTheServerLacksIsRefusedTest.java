package dev.inferd.api.http;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/bundles.md, {@code runtime}: a bundle for a runtime this server does not have passes the
 * manifest check and is refused, naming the runtimes it has; nothing is deployed.
 */
class ADeployForARuntimeTheServerLacksIsRefusedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aTensorflowBundleIsRefusedAsNotAvailable() {
        HttpAnswer answer = server.post("/api/deployments/scorer/versions",
                "{\"runtime\": \"tensorflow\", \"main\": \"model.pb\", \"files\": {\"model.pb\": \"weights\"}}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("runtime 'tensorflow' is not available on this server; available: java, onnx, python");
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name")).doesNotContain("scorer");
    }

    @Test
    void anUnknownRuntimeIsRefusedTheSameWay() {
        HttpAnswer answer = server.post("/api/deployments/ruby/versions", "{\"runtime\": \"ruby\", \"main\": \"score\", \"files\": {}}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("runtime 'ruby' is not available on this server; available: java, onnx, python");
    }
}
