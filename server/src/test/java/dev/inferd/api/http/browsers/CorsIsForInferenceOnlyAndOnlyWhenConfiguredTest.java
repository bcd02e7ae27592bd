package dev.inferd.api.http.browsers;

import dev.inferd.auth.KeyedRequests;
import dev.inferd.config.AccessSettings;
import dev.inferd.config.CorsOrigins;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §7: no CORS by default; {@code --cors-origin} lets the pages of the sites it names call
 * {@code /v1} from a browser and read the answers; {@code /api} never answers other sites' pages.
 */
class CorsIsForInferenceOnlyAndOnlyWhenConfiguredTest {
    private static final String APP = "https://app.example.com";
    private static final String ECHO = "public static long echo(long x) { return x; }";

    static HttpAnswer preflight(KeyedRequests requests, String path, String origin) {
        return requests.send("OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
    }

    /** A server with an echo deployment, started once for the tests of one setting of {@code --cors-origin}. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class ServerWith {
        TestServer server;
        KeyedRequests requests;

        abstract CorsOrigins corsOrigins();

        @BeforeAll
        void start(@TempDir Path dataDirectory) {
            server = TestServer.start(dataDirectory, settings -> settings.set(AccessSettings::corsOrigins, corsOrigins()));
            server.deployJavaClass("echo", "Echo", "echo", ECHO);
            requests = new KeyedRequests(server.url());
        }

        @AfterAll
        void stop() {
            server.close();
        }
    }

    @Nested
    class WithoutCorsOrigins extends ServerWith {
        @Override
        CorsOrigins corsOrigins() {
            return CorsOrigins.NONE;
        }

        @Test
        void aPreflightIsNotGranted() {
            HttpAnswer answer = preflight(requests, "/v1/echo", APP);

            assertThat(answer.status()).isEqualTo(405);
            assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
        }

        @Test
        void aCallFromAPageIsAnsweredWithoutCorsHeadersSoThePageCannotReadIt() {
            HttpAnswer answer = requests.send("POST", "/v1/echo", "{\"data\": 7}", "Origin", APP);

            assertThat(answer.body()).isEqualTo("{\"data\":7}");
            assertThat(answer.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        }

        @Test
        void curlsFormPostStillCalls() {
            assertThat(requests.send("POST", "/v1/echo", "{\"data\": 7}", "Content-Type", "application/x-www-form-urlencoded").body())
                    .isEqualTo("{\"data\":7}");
        }
    }

    @Nested
    class WithOneCorsOrigin extends ServerWith {
        @Override
        CorsOrigins corsOrigins() {
            return CorsOrigins.of(List.of(APP));
        }

        @Test
        void aPreflightFromTheOriginIsGrantedForAuthorizationAndContentType() {
            HttpAnswer answer = preflight(requests, "/v1/echo", APP);

            assertThat(answer.status()).isEqualTo(204);
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(answer.header("Access-Control-Allow-Methods")).contains("POST");
            assertThat(answer.header("Access-Control-Allow-Headers")).contains("Authorization").contains("Content-Type");
            assertThat(answer.header("Vary")).isEqualTo("Origin");
        }

        @Test
        void aCallFromTheOriginCarriesTheHeaderThatLetsThePageReadIt() {
            HttpAnswer answer = requests.send("POST", "/v1/echo", "{\"data\": 7}", "Origin", APP);

            assertThat(answer.body()).isEqualTo("{\"data\":7}");
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        }

        @Test
        void anErrorAnswerToTheOriginCarriesItToo() {
            HttpAnswer answer = requests.send("POST", "/v1/missing", "{\"data\": 7}", "Origin", APP);

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        }

        @Test
        void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeaders() {
            HttpAnswer answer = preflight(requests, "/v1/echo", "https://evil.example");

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
            assertThat(answer.errorMessage()).contains("https://evil.example").contains("--cors-origin");
        }

        @Test
        void aCallFromAnotherOriginGetsNoCorsHeaders() {
            HttpAnswer answer = requests.send("POST", "/v1/echo", "{\"data\": 7}", "Origin", "https://evil.example");

            assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
        }

        @Test
        void theManagementApiNeverGetsCorsHeadersEvenForTheOrigin() {
            HttpAnswer preflight = preflight(requests, "/api/deployments", APP);
            HttpAnswer call = requests.send("GET", "/api/deployments", null, "Origin", APP);

            assertThat(preflight.status()).isEqualTo(403);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
            assertThat(call.status()).isEqualTo(403);
            assertThat(call.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Nested
    class WithEveryOrigin extends ServerWith {
        @Override
        CorsOrigins corsOrigins() {
            return CorsOrigins.of(List.of("*"));
        }

        @Test
        void anyPageMayCallAndReadTheAnswer() {
            HttpAnswer granted = preflight(requests, "/v1/echo", "https://anywhere.example");
            HttpAnswer answer = requests.send("POST", "/v1/echo", "{\"data\": 7}", "Origin", "https://anywhere.example");

            assertThat(granted.status()).isEqualTo(204);
            assertThat(granted.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }

        @Test
        void batchStatusIsReadableToo() {
            HttpAnswer answer = requests.send("GET", "/v1/batches/unknown", null, "Origin", "https://anywhere.example");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }
}
