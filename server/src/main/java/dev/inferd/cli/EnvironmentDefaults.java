package dev.inferd.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;

/**
 * Lets the server's options be set from the environment: every long option of {@code serve}
 * ({@code --data-dir} from {@code INFERD_DATA_DIR}; an option that may be given several times takes
 * a comma-separated list from its name in the plural, {@code --allowed-host} from
 * {@code INFERD_ALLOWED_HOSTS}), {@code --server} of the client commands
 * ({@code INFERD_SERVER}) and {@code --data-dir} of {@code keys}. A flag on the command line still wins, which is the order containers and
 * service managers expect. Per-invocation options such as {@code deploy --name} are left alone, so a
 * stray {@code INFERD_NAME} cannot rename a deploy.
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
        boolean serverSetting = "serve".equals(option.command().name())
                || "--server".equals(option.longestName()) || "--data-dir".equals(option.longestName());
        if (!serverSetting) {
            return option.defaultValue();
        }
        String variable = variableFor(option.longestName()) + (option.isMultiValue() ? "S" : "");
        String fromEnvironment = environment.get(variable);
        return fromEnvironment != null ? fromEnvironment : option.defaultValue();
    }
}
