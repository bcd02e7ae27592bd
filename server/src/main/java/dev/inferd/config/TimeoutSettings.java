package dev.inferd.config;

import java.time.Duration;

/**
 * How long calls and deploy-time tests may run; fixed in this version (docs/configuration.md).
 *
 * @param defaultTimeout    how long a call that names no {@code timeout_seconds} may run
 * @param maxTimeout        the largest {@code timeout_seconds} a call may ask for
 * @param deployTestTimeout how long each deploy-time test may run
 */
public record TimeoutSettings(Duration defaultTimeout, Duration maxTimeout, Duration deployTestTimeout) {
    public static final TimeoutSettings DEFAULTS = new TimeoutSettings(Duration.ofSeconds(300), Duration.ofSeconds(900),
            Duration.ofSeconds(60));

    public TimeoutSettings {
        Ranges.requirePositive("maximum timeout", maxTimeout);
        Ranges.requirePositive("deploy test timeout", deployTestTimeout);
        if (defaultTimeout.isNegative() || defaultTimeout.isZero() || defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("default timeout must be positive and at most the maximum timeout");
        }
    }
}
