/**
 * Deployments, their immutable numbered versions and movable aliases: deploying (load, test,
 * commit), resolving a reference to a version, and keeping loaded versions ready to run. It owns
 * the contracts its state is kept under: {@link dev.inferd.registry.DeploymentStore} and
 * {@link dev.inferd.registry.ArtifactStore}.
 */
package dev.inferd.registry;
