package dev.inferd.cli;

import dev.inferd.config.ServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A default lives in its settings record, and {@code serve --help} names most of them in words
 * (the help cannot compute "(default: 64MiB)" from a number). Giving each option the value its
 * help names as the default must then change nothing, so a record's default cannot move away from
 * the help unnoticed.
 */
class TheServeHelpNamesTheDefaultsServeRunsWithTest {
    /** A default written as a value, such as {@code (default: 64MiB)}; not one in words, such as "the number of cores". */
    private static final Pattern DEFAULT_VALUE = Pattern.compile("\\(default: ([^\\s)]+)\\)");

    private static ServerConfig parsed(String... args) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(Map.of())).parseArgs(args);
        return serve.toConfig();
    }

    @Test
    void eachDefaultTheHelpNamesIsTheOneServeRunsWith() {
        ServerConfig defaults = parsed();
        List<OptionSpec> options = new CommandLine(new ServeCommand(config -> null, Optional.empty())).getCommandSpec().options();
        int checked = 0;
        for (OptionSpec option : options) {
            Matcher named = DEFAULT_VALUE.matcher(String.join(" ", option.description()));
            if (named.find()) {
                assertThat(parsed(option.longestName(), named.group(1)))
                        .as("%s %s", option.longestName(), named.group(1))
                        .isEqualTo(defaults);
                checked++;
            }
        }
        assertThat(checked).as("options whose help names a default value").isGreaterThanOrEqualTo(15);
    }
}
