package dev.inferd.cli;

import dev.inferd.config.DatabaseUrl;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

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

    /** {@code --database}: empty when unset or blank (an empty INFERD_DATABASE_URL means SQLite too). */
    static Optional<DatabaseUrl> databaseUrl(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DatabaseUrl.parse(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--database: " + e.getMessage());
        }
    }
}
