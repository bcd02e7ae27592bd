package dev.inferd.cli;

import dev.inferd.config.PythonSettings;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link PythonSettings}. */
final class PythonOptions {
    @Option(names = "--python", paramLabel = "INTERPRETER",
            description = "Python interpreter for Python bundles that do not name their own (default: python3).")
    String executable;

    @Option(names = "--python-workers", paramLabel = "N",
            description = "Worker processes per loaded Python version unless its manifest says workers: (default: the number of cores).")
    Integer workers;

    PythonSettings settings() {
        PythonSettings defaults = PythonSettings.DEFAULTS;
        return new PythonSettings(
                requireNonNullElse(executable, defaults.executable()),
                requireNonNullElse(workers, defaults.workers()),
                defaults.startTimeout());
    }
}
