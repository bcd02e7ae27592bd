package dev.inferd.bench.micro;

import dev.inferd.runtime.LoadedModel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Calls of every shape the Java examples answer, as a server started with the examples sees them. */
final class OtherCalls {
    private static final int ROUNDS = 20_000;

    private OtherCalls() {
    }

    static void run(DoublerPipeline pipeline) {
        LoadedModel adder = pipeline.load("java_adder");
        LoadedModel dictDoubler = pipeline.load("java_dict_doubler");
        List<byte[]> adderBodies = bodies("{\"data\": [3, 4, 5]}", "{\"data\": [[1, 1, 2, 3], [\"b\", 4.5, 5, 6], [\"a\", \"x\", 1, 2]]}");
        List<byte[]> dictBodies = bodies("{\"data\": {\"value\": 10}}",
                "{\"data\": [[1, {\"value\": 1.5}], [2, {\"value\": 2}], [3, {\"amount\": 3}]]}");
        List<byte[]> doublerBodies = bodies("{\"data\": 10}", "{\"data\": [[1, 10], [2, \"eleven\"], [\"z\", 12]]}",
                "{\"data\": 12345678901}", "{\"data\": [[0.5, 1], [2, 3]]}");
        for (int round = 0; round < ROUNDS; round++) {
            for (byte[] body : adderBodies) {
                pipeline.answer(adder, body);
            }
            for (byte[] body : dictBodies) {
                pipeline.answer(dictDoubler, body);
            }
            for (byte[] body : doublerBodies) {
                pipeline.answer(body);
            }
        }
    }

    private static List<byte[]> bodies(String... json) {
        return Arrays.stream(json).map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
