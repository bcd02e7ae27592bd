package dev.inferd.registry;

import dev.inferd.error.BadRequestException;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deployment's name: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}, except {@code batches} and
 * {@code results}, which {@code /v1/batches/{id}} and {@code /v1/results/{token}} use.
 */
public record DeploymentName(String value) implements Comparable<DeploymentName> {
    static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Set<String> RESERVED = Set.of("batches", "results");

    public DeploymentName {
        if (!isValid(value)) {
            throw new BadRequestException("deployment name must match " + PATTERN.pattern()
                    + " and not be batches or results; got '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches() && !isReserved(value);
    }

    /** Whether {@code value} is a name the protocol's other {@code /v1/} endpoints use, never a deployment's. */
    public static boolean isReserved(String value) {
        return RESERVED.contains(value);
    }

    @Override
    public int compareTo(DeploymentName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
