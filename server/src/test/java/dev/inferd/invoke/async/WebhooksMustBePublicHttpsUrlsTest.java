package dev.inferd.invoke.async;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code --allow-private-webhooks} a call whose webhook is not https, or reaches loopback,
 * private, link-local or metadata addresses, is refused with 400 before it is accepted, so nobody
 * who may call a deployment can make the server send requests into its own network.
 */
class WebhooksMustBePublicHttpsUrlsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("guarded_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/hook", "http://8.8.8.8/hook", "http://localhost/hook"})
    void aPlainHttpWebhookIsABadRequest(String webhook) {
        HttpAnswer answer = server.post("/v1/guarded_doubler", body("1", webhook));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("https").contains("--allow-private-webhooks");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/hook", "https://localhost:8443/hook", "https://10.0.0.5/hook", "https://172.16.3.4/hook",
            "https://192.168.1.10/hook", "https://169.254.169.254/latest/meta-data/", "https://100.64.0.1/hook",
            "https://0.0.0.0/hook", "https://[::1]/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook",
            "https://[::ffff:10.0.0.1]/hook"})
    void aWebhookThatReachesAPrivateAddressIsABadRequest(String webhook) {
        HttpAnswer answer = server.post("/v1/guarded_doubler", body("1", webhook));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("not a public address");
        assertThat(answer.header("x-batch-id")).isNull();
    }
}
