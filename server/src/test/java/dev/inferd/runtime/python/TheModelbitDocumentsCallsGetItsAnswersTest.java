package dev.inferd.runtime.python;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.config.PythonSettings;
import dev.inferd.config.ServerConfig;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls of the Modelbit document, which the README shows, made as a user makes them against
 * {@code serve --examples}, each answered as the document says; and the Java twin of its dictionary
 * doubler answering the same batch.
 */
class TheModelbitDocumentsCallsGetItsAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The document's Python snippet, as a user types it into the interactive interpreter. */
    private static final String REQUESTS_SNIPPET = """
            import json, requests
            requests.post("http://127.0.0.1:8080/v1/example_doubler/latest",
              headers={"Content-Type":"application/json"},
              data=json.dumps({"data": [[1, 10], [2, 11], [3, 12]]})).json()
            """;

    private static final String DICT_DOUBLER_BATCH = "{\"data\": [[1, {\"value\": 10}], [2, {\"value\": 20}]]}";
    private static final String BATCH_WITHOUT_A_VALUE = "{\"data\": [[1, {\"value\": 10}], [2, {\"amount\": 20}]]}";

    @TempDir
    static Path scratch;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(ServerConfig::examplesDirectory, Optional.of(Path.of("..", "examples")))
            .set(PythonSettings::workers, 1));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode answerOf(String path, String body) {
        HttpAnswer answer = server.post(path, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theDoublersBatchAnswersEachNumberDoubled() {
        PythonAvailability.assumePython();

        assertThat(answerOf("/v1/example_doubler/latest", "{\"data\": [[1, 10], [2, 11], [3, 12]]}"))
                .isEqualTo(json("{\"data\": [[1, 20], [2, 22], [3, 24]]}"));
    }

    @Test
    void theAddersBatchAnswersTheSumOfEachItemsArguments() {
        PythonAvailability.assumePython();

        assertThat(answerOf("/v1/example_adder/latest", "{\"data\": [[1, 1, 2, 3], [2, 4, 5, 6]]}"))
                .isEqualTo(json("{\"data\": [[1, 6], [2, 15]]}"));
    }

    @Test
    void theDictDoublersBatchAnswersEachDictionarysValueDoubled() {
        PythonAvailability.assumePython();

        assertThat(answerOf("/v1/example_dict_doubler/latest", DICT_DOUBLER_BATCH))
                .isEqualTo(json("{\"data\": [[1, 20], [2, 40]]}"));
    }

    @Test
    void theJavaDictDoublerAnswersTheDocumentsBatchAsThePythonOneDoes() {
        assertThat(answerOf("/v1/java_dict_doubler/latest", DICT_DOUBLER_BATCH))
                .isEqualTo(json("{\"data\": [[1, 20], [2, 40]]}"));
    }

    @Test
    void theDoublersSingleCallAnswersTheNumberDoubled() {
        PythonAvailability.assumePython();

        assertThat(answerOf("/v1/example_doubler/latest", "{\"data\": 10}")).isEqualTo(json("{\"data\": 20}"));
    }

    @Test
    void aDictionaryWithoutAValueFailsOnlyItsOwnItemWithPythonsKeyError() {
        PythonAvailability.assumePython();

        JsonNode answer = answerOf("/v1/example_dict_doubler/latest", BATCH_WITHOUT_A_VALUE);

        assertThat(answer.get("data")).isEqualTo(json("[[1, 20], [2, null]]"));
        assertThat(answer.get("errors")).hasSize(1);
        assertThat(answer.get("errors").get(0).get(1).asText()).startsWith("Traceback").endsWith("\nKeyError: 'value'");
        assertThat(answer.get("error").asText()).isEqualTo("1 of 2 items failed; first: item 2: KeyError: 'value'");
    }

    @Test
    void aDictionaryWithoutAValueFailsOnlyItsOwnItemInJavaWithAMessageNamingTheKey() {
        JsonNode answer = answerOf("/v1/java_dict_doubler/latest", BATCH_WITHOUT_A_VALUE);

        assertThat(answer.get("data")).isEqualTo(json("[[1, 20], [2, null]]"));
        assertThat(answer.get("errors")).hasSize(1);
        assertThat(answer.get("errors").get(0).get(1).asText())
                .endsWith("\njava.util.NoSuchElementException: the dictionary has no key 'value'");
        assertThat(answer.get("error").asText()).isEqualTo(
                "1 of 2 items failed; first: item 2: java.util.NoSuchElementException: the dictionary has no key 'value'");
    }

    @Test
    void theRequestsSnippetPrintsTheDocumentsAnswerInTheInteractiveInterpreter() throws IOException, InterruptedException {
        PythonAvailability.assumeModule("requests");
        Path stdout = scratch.resolve("snippet-stdout.txt");
        Path stderr = scratch.resolve("snippet-stderr.txt");
        ProcessBuilder interpreter = new ProcessBuilder(PythonAvailability.PYTHON, "-q", "-i")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // requests follows the proxy variables, and a proxy cannot reach a server on this machine's loopback.
        interpreter.environment().keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
        Process process = interpreter.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(REQUESTS_SNIPPET.replace("http://127.0.0.1:8080", server.url()).getBytes(StandardCharsets.UTF_8));
        }
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }

        assertThat(finished).as("the interpreter ended within 60 s").isTrue();
        assertThat(Files.readString(stdout)).as("what the interpreter printed; its errors:%n%s", Files.readString(stderr))
                .isEqualTo("{'data': [[1, 20], [2, 22], [3, 24]]}\n");
    }
}
