package dev.inferd.registry;

import dev.inferd.error.BadRequestException;

/**
 * A movable name for one version of a deployment. Same pattern as deployment names, but never a
 * number and never {@code latest}, so that a reference in a URL always means one thing.
 */
public record AliasName(String value) {

    public AliasName {
        if (!isValid(value)) {
            throw new BadRequestException("alias must match " + DeploymentName.PATTERN.pattern()
                    + " and be neither a number nor 'latest'; got '" + value + "'");
        }
    }

    public static boolean isValid(String value) {
        return value != null
                && DeploymentName.PATTERN.matcher(value).matches()
                && !value.equals(VersionRef.LATEST_NAME)
                && !value.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return value;
    }
}
