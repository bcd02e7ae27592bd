package dev.inferd.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * What the options classes of {@code serve} share. An option they leave unset is {@code null} and
 * keeps its settings record's default, so a default is written once, in the record.
 */
final class OptionValues {
    private OptionValues() {
    }

    /**
     * A duration given in whole {@code unit}s, refused below {@code least} with the option's name;
     * {@code otherwise} when the option was not given.
     */
    static Duration duration(String option, Integer value, ChronoUnit unit, int least, Duration otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value < least) {
            throw new IllegalArgumentException(option + " must be at least " + least + "; got " + value);
        }
        return Duration.of(value, unit);
    }
}
