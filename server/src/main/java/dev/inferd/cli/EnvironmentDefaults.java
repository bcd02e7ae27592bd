package dev.inferd.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lets options be set from the environment: every long option of {@code serve} ({@code --data-dir}
 * from {@code INFERD_DATA_DIR}; an option that may be given several times takes a comma-separated
 * list from its name in the plural, {@code --allowed-host} from {@code INFERD_ALLOWED_HOSTS}),
 * {@code --data-dir} of {@code keys} and {@code migrate-to}, and the {@link ServerOptions} of the commands that talk to a
 * server ({@code --server} from {@code INFERD_URL}, {@code --api-key} from {@code INFERD_API_KEY}).
 * A flag on the command line still wins, which is the order containers and service managers
 * expect. Per-invocation options such as {@code deploy --name} are left alone, so a stray
 * {@code INFERD_NAME} cannot rename a deploy.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;

    public EnvironmentDefaults() {
        this(System.getenv());
    }

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    static String variableFor(String longOption) {
        return "INFERD_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        for (String variable : variablesFor(option)) {
            String fromEnvironment = environment.get(variable);
            if (fromEnvironment != null) {
                return fromEnvironment;
            }
        }
        return option.defaultValue();
    }

    /** Options whose variable is not named after the option: the name other tools use for a database URL. */
    private static final Map<String, List<String>> NAMED_OTHERWISE = Map.of("--database", List.of("INFERD_DATABASE_URL"));

    private static List<String> variablesFor(OptionSpec option) {
        if (NAMED_OTHERWISE.containsKey(option.longestName())) {
            return NAMED_OTHERWISE.get(option.longestName());
        }
        if ("serve".equals(option.command().name()) || "--data-dir".equals(option.longestName())) {
            return List.of(variableFor(option.longestName()) + (option.isMultiValue() ? "S" : ""));
        }
        return ServerOptions.VARIABLES.getOrDefault(option.longestName(), List.of());
    }
}
