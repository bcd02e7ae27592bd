package dev.inferd.config;

import java.time.Duration;
import java.util.Objects;

/** The range checks the settings records share, so every setting out of range is refused in the same words. */
final class Ranges {
    private Ranges() {
    }

    static void requireBetween(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + "; got " + value);
        }
    }

    static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive; got " + value);
        }
    }
}
