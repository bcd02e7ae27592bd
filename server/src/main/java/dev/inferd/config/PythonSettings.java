package dev.inferd.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The Python runtime's settings.
 *
 * @param executable   interpreter for Python bundles that do not name their own
 * @param workers      worker processes per loaded Python version, unless its manifest says
 * @param startTimeout how long a worker may take to import its bundle before it counts as failed
 */
public record PythonSettings(String executable, int workers, Duration startTimeout) {
    public static final PythonSettings DEFAULTS = new PythonSettings("python3", Runtime.getRuntime().availableProcessors(),
            Duration.ofSeconds(120));

    public PythonSettings {
        Objects.requireNonNull(executable, "executable");
        Ranges.requireBetween("python workers", workers, 1, 256);
        Ranges.requirePositive("python start timeout", startTimeout);
    }
}
