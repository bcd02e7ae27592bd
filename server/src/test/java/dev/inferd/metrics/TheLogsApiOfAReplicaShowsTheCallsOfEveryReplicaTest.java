package dev.inferd.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.ForwardedPort;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.ReplicaServers;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Replicas on one PostgreSQL database share their call log: the logs API of any of them shows the
 * calls every replica answered, newest first, each naming the replica that answered it. When the
 * database cannot be reached, a replica shows its own calls and says the answer is partial.
 */
class TheLogsApiOfAReplicaShowsTheCallsOfEveryReplicaTest {
    private static final String ECHO = "public static String echo(String text) { return text; }";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();

    @TempDir
    Path directories;

    @Test
    void eitherReplicaShowsTheCallsOfBothEachNamingItsReplica() {
        try (ReplicaServers replicas = new ReplicaServers(directories)) {
            TestServer first = replicas.start(databases.url());
            TestServer second = replicas.start(databases.url());
            first.deployJavaClass("echo", "Echo", "echo", ECHO);
            ReplicaServers.awaitDeployment(second, "echo");

            assertThat(first.call("echo", "\"to the first\"").status()).isEqualTo(200);
            assertThat(second.call("echo", "\"to the second\"").status()).isEqualTo(200);

            for (TestServer reader : List.of(first, second)) {
                JsonNode calls = Eventually.poll("both calls in the log of " + reader.url(), WITHIN,
                        () -> logs(reader, "echo").json(), answer -> answer.get("calls").size() == 2);
                assertThat(calls.has("partial")).isFalse();
                assertThat(entries(calls)).extracting(call -> call.get("replica").asText(), call -> call.get("output").asText())
                        .containsExactlyInAnyOrder(
                                tuple(ReplicaServers.node(first), "{\"data\":\"to the first\"}"),
                                tuple(ReplicaServers.node(second), "{\"data\":\"to the second\"}"));
            }
        }
    }

    @Test
    void aReplicasOwnCallsAreInItsLogAsSoonAsTheyAreAnswered() {
        try (ReplicaServers replicas = new ReplicaServers(directories)) {
            TestServer replica = replicas.start(databases.url());
            replica.deployJavaClass("echo", "Echo", "echo", ECHO);
            for (String word : List.of("one", "two", "three")) {
                replica.call("echo", "\"" + word + "\"");
            }

            JsonNode calls = Eventually.poll("the three calls to be recorded", WITHIN,
                    () -> logs(replica, "echo").json(), answer -> answer.get("calls").size() == 3);

            assertThat(entries(calls)).extracting(call -> call.get("input").asText())
                    .containsExactly("{\"data\": \"three\"}", "{\"data\": \"two\"}", "{\"data\": \"one\"}");
        }
    }

    @Test
    void aReplicaThatCannotReachTheDatabaseShowsItsOwnCallsMarkedPartial() {
        try (ForwardedPort link = ForwardedPort.to(databases.port());
             ReplicaServers replicas = new ReplicaServers(directories)) {
            TestServer replica = replicas.start(databases.urlThrough(link.port()));
            replica.deployJavaClass("echo", "Echo", "echo", ECHO);
            assertThat(replica.call("echo", "\"before\"").status()).isEqualTo(200);

            link.cut();
            assertThat(replica.call("echo", "\"while it is away\"").status()).isEqualTo(200);

            JsonNode answer = Eventually.poll("both calls", WITHIN, () -> logs(replica, "echo").json(),
                    logs -> logs.get("calls").size() == 2);
            assertThat(answer.get("partial").asBoolean()).isTrue();
            assertThat(entries(answer)).extracting(call -> call.get("replica").asText(), call -> call.get("input").asText())
                    .containsExactly(
                            tuple(ReplicaServers.node(replica), "{\"data\": \"while it is away\"}"),
                            tuple(ReplicaServers.node(replica), "{\"data\": \"before\"}"));
        }
    }

    private static HttpAnswer logs(TestServer server, String deployment) {
        HttpAnswer answer = server.get("/api/deployments/" + deployment + "/logs");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer;
    }

    private static List<JsonNode> entries(JsonNode answer) {
        List<JsonNode> calls = new ArrayList<>();
        answer.get("calls").forEach(calls::add);
        return calls;
    }
}
