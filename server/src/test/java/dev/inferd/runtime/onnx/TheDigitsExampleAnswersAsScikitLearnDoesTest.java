package dev.inferd.runtime.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.config.ServerConfig;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/digits_classifier, deployed at start like every example and served without Python,
 * labels the digits scikit-learn held out of its training exactly as scikit-learn's own model does
 * (export_model.py wrote both the model and those predictions).
 */
class TheDigitsExampleAnswersAsScikitLearnDoesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(ServerConfig::examplesDirectory, Optional.of(Path.of("..", "examples"))));

    @Test
    void everyHeldOutDigitGetsScikitLearnsLabel() throws IOException {
        JsonNode heldOut = heldOutDigits();
        JsonNode pixels = heldOut.get("pixels");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < pixels.size(); i++) {
            batch.append(i == 0 ? "" : ", ").append("[").append(i).append(", ").append(pixels.get(i)).append("]");
        }

        HttpAnswer answer = server.call("digits_classifier", batch.append("]").toString());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<Integer> labels = new ArrayList<>();
        answer.json().get("data").forEach(item -> labels.add(item.get(1).get("label").asInt()));
        List<Integer> expected = new ArrayList<>();
        heldOut.get("sklearn_labels").forEach(label -> expected.add(label.asInt()));
        assertThat(labels).hasSize(360).isEqualTo(expected);
    }

    @Test
    void aSingleImageAnswersItsDigitAndTenProbabilitiesThatSumToOne() throws IOException {
        JsonNode heldOut = heldOutDigits();

        JsonNode data = server.call("digits_classifier", heldOut.get("pixels").get(0).toString()).json().get("data");

        assertThat(data.get("label").asInt()).isEqualTo(heldOut.get("sklearn_labels").get(0).asInt());
        double sum = 0;
        for (JsonNode probability : data.get("probabilities")) {
            sum += probability.asDouble();
        }
        assertThat(data.get("probabilities")).hasSize(10);
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static JsonNode heldOutDigits() throws IOException {
        try (InputStream in = TheDigitsExampleAnswersAsScikitLearnDoesTest.class.getResourceAsStream("/onnx/digits_held_out.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
