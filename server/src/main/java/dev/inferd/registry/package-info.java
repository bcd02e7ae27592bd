/**
 * Deployments, their immutable numbered versions and movable aliases: deploying (load, test,
 * commit), resolving a reference to a version, and keeping loaded versions ready to run.
 */
package dev.inferd.registry;
