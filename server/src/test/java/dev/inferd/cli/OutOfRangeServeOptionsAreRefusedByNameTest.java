package dev.inferd.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value no one means (a retry window of minus five minutes, a string limit past what Java can
 * hold) stops {@code inferd serve} with a message that names the option, rather than starting a
 * server that expires everything at once or printing "integer overflow".
 */
class OutOfRangeServeOptionsAreRefusedByNameTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--webhook-retry-minutes, -5, must be at least 1",
            "--webhook-retry-minutes, 0, must be at least 1",
            "--async-results-hours, 0, must be at least 1",
            "--result-link-minutes, 0, must be at least 1",
            "--shutdown-grace-seconds, -1, must be at least 0",
            "--max-json-string-length, 2GiB, must be below 2GiB"})
    void theMessageNamesTheOptionAndItsRange(String option, String value, String range) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(Map.of())).parseArgs(option, value);

        assertThatThrownBy(serve::toConfig)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(option + " " + range);
    }
}
