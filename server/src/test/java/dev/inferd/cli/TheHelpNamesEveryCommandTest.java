package dev.inferd.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The top-level help and the message for a missing command name every command there is. */
class TheHelpNamesEveryCommandTest {
    private static final List<String> COMMANDS = List.of("serve", "deploy", "call", "list", "versions", "alias", "delete", "logs", "keys", "migrate-to");

    @Test
    void theDescriptionNamesEveryCommand() {
        ConsoleCapture help = Inferd.run(Map.of(), "--help");

        String description = help.out().substring(0, help.out().indexOf("Commands:\n"));
        assertThat(COMMANDS).allSatisfy(command -> assertThat(description).containsPattern("\\b" + command + "\\b"));
    }

    @Test
    void noCommandIsAUsageErrorNamingEveryCommand() {
        ConsoleCapture result = Inferd.run(Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("name a command: " + String.join(", ", COMMANDS));
    }

    @Test
    void keysSaysItCreatesListsAndDeletesKeys() {
        ConsoleCapture help = Inferd.run(Map.of(), "keys", "--help");

        assertThat(help.out()).contains("Create, list and delete API keys");
        assertThat(help.out()).contains("create").contains("list").contains("delete");
    }
}
