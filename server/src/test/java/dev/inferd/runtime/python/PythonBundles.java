package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Deploys Python functions over the management API as JSON bodies with {@code source.py} inline, and calls them. */
final class PythonBundles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonBundles() {
    }

    /** {@code manifest} holds the other manifest fields ({@code workers}, {@code tests}, {@code python}). */
    static HttpAnswer deploy(TestServer server, String name, String main, String source, Map<String, Object> manifest) {
        ObjectNode body = JSON.createObjectNode();
        body.put("runtime", "python");
        body.put("main", main);
        manifest.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        body.putObject("files").put("source.py", source);
        return server.post("/api/deployments/" + name + "/versions", body.toString());
    }

    /** Deploys a bundle of several files; {@code manifest} holds every manifest field, {@code runtime: python} included. */
    static HttpAnswer deployFiles(TestServer server, String name, Map<String, Object> manifest, Map<String, String> files) {
        ObjectNode body = JSON.valueToTree(manifest);
        ObjectNode contents = body.putObject("files");
        files.forEach(contents::put);
        return server.post("/api/deployments/" + name + "/versions", body.toString());
    }

    /** Deploys {@code source} with {@code workers} worker processes and fails the test unless a version was created. */
    static void deployed(TestServer server, String name, String main, int workers, String source) {
        HttpAnswer answer = deploy(server, name, main, source, Map.of("workers", workers));
        assertThat(answer.status()).as("deploy of %s: %s", name, answer).isEqualTo(201);
    }

    /** Calls a deployment whose function answers its worker's process id, and returns that id. */
    static long pidOf(TestServer server, String deployment) {
        HttpAnswer answer = server.call(deployment, "0");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("data").asLong();
    }

    /** A Python string literal for {@code text}, which holds no quotes or backslashes (paths, tags). */
    static String literal(String text) {
        if (text.contains("'") || text.contains("\\") || text.contains("\n")) {
            throw new IllegalArgumentException("not a plain string: " + text);
        }
        return "'" + text + "'";
    }
}
