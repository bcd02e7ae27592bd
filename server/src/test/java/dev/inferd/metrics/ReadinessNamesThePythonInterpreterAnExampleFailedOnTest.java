package dev.inferd.metrics;

import dev.inferd.config.PythonSettings;
import dev.inferd.config.ServerConfig;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Python example that {@code serve --examples} could not deploy, because the interpreter lacks a
 * module or cannot be started, leaves {@code /readyz} naming the interpreter it tried: the usual
 * fix is another interpreter ({@code --python /usr/bin/python3}), and {@code python3} alone does
 * not say which one was found on the path.
 */
class ReadinessNamesThePythonInterpreterAnExampleFailedOnTest {
    @TempDir
    Path dataDirectory;
    @TempDir
    Path examples;

    private void writeExample(String name, String source) throws IOException {
        Path example = Files.createDirectories(examples.resolve(name));
        Files.writeString(example.resolve("inferd.yaml"), "runtime: python\nmain: predict\nworkers: 1\n");
        Files.writeString(example.resolve("source.py"), source);
    }

    private static String problemOf(TestServer server, String example) {
        HttpAnswer answer = server.get("/readyz");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        return answer.json().get("problems").get("example " + example).asText();
    }

    /** The path python3 runs from, as the worker reports it ({@code sys.executable}). */
    private static String executableOfPython3() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void aMissingModuleIsNamedWithThePathOfTheInterpreterThatLacksIt() throws Exception {
        PythonFunctions.assumePython();
        writeExample("needs_a_module", "import no_such_module_for_inferd\n\ndef predict(x):\n    return x\n");

        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.set(ServerConfig::examplesDirectory, Optional.of(examples)))) {
            assertThat(problemOf(server, "needs_a_module"))
                    .startsWith("it needs the Python module 'no_such_module_for_inferd', which the interpreter "
                            + executableOfPython3() + " (Python ")
                    .endsWith("cannot import (install it there, or give serve --python an interpreter that has it)");
        }
    }

    @Test
    void anInterpreterThatCannotStartIsNamedAsGiven() throws IOException {
        writeExample("plain", "def predict(x):\n    return x\n");

        try (TestServer server = TestServer.start(dataDirectory, settings -> settings
                .set(ServerConfig::examplesDirectory, Optional.of(examples))
                        .set(PythonSettings::executable, "/no/such/python3"))) {
            assertThat(problemOf(server, "plain")).startsWith("cannot start the Python interpreter '/no/such/python3'");
        }
    }
}
