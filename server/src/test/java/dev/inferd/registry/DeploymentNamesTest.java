package dev.inferd.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4: deployment names match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; anything else is refused with 400. */
class DeploymentNamesTest {
    private static final String SOURCE = "public class Adder { public static long add(long x) { return x + 1; } }";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** The name is refused before the body is read, so each refused deploy gets a connection of its own. */
    private static HttpAnswer deployUnder(String urlName) {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.put("runtime", "java");
        body.put("main", "Adder#add");
        body.putObject("files").put("Adder.java", SOURCE);
        return server.post("/api/deployments/" + urlName + "/versions", "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"batches", "results"})
    void theNamesOfTheAsyncRoutesCannotBeDeployedUnder(String name) {
        HttpAnswer answer = deployUnder(name);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("not be batches or results");
        assertThat(server.get("/api/deployments/" + name).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-dash_first", ".dot_first", "has%20space", "caf%C3%A9", "semi;colon", "plus+sign",
            "a23456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"})
    void deployingUnderAnInvalidNameIs400AndDeploysNothing(String name) {
        HttpAnswer answer = deployUnder(name);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name"))
                .allMatch(DeploymentName::isValid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_underscore_first", "9starts.with-digit", "Mixed.Case-name_1",
            "a2345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"})
    void namesInsideThePatternDeployAndAnswer(String name) {
        HttpAnswer answer = server.deployJava(name, "Adder#add", Map.of("Adder.java", SOURCE));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("name").asText()).isEqualTo(name);
        assertThat(server.call(name, "1").body()).isEqualTo("{\"data\":2}");
    }

    @Test
    void theRefusalNamesThePatternAndTheName() {
        HttpAnswer answer = deployUnder("-bad");

        assertThat(answer.errorMessage()).contains("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}").contains("-bad");
    }
}
