package dev.inferd.registry;

/** The version a deploy produced, or the unchanged latest when the content was identical. */
public record DeployResult(DeploymentVersion version, boolean created) {
}
