package dev.inferd.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A host name or an origin that cannot be what the user meant stops {@code inferd serve} as a usage error naming the value. */
class BrowserOptionsAreCheckedAsTheyAreReadTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--allowed-host | http://inferd.internal | is not a host name",
            "--allowed-host | inferd.internal/api | is not a host name",
            "--allowed-host | inferd.internal:99999 | is not a host name",
            "--allowed-host | user@inferd.internal | is not a host name",
            "--cors-origin | app.example.com | is not an origin",
            "--cors-origin | https://app.example.com/page | is not an origin",
            "--cors-origin | null | is not an origin"})
    void aValueThatIsNotAHostOrAnOriginIsAUsageError(String option, String value, String reason) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        CommandLine commandLine = new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(Map.of()));

        assertThatThrownBy(() -> commandLine.parseArgs(option, value))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'" + value + "' " + reason);
    }
}
