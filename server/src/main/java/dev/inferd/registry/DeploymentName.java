package dev.inferd.registry;

import dev.inferd.error.BadRequestException;

import java.util.regex.Pattern;

/** A deployment's name: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
public record DeploymentName(String value) implements Comparable<DeploymentName> {
    static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public DeploymentName {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new BadRequestException("deployment name must match " + PATTERN.pattern() + "; got '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
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
