/**
 * Deployment bundles: the files, the {@code inferd.yaml} manifest, the content hash that makes
 * identical deploys no-ops, and safe conversion from and to zip files and directories.
 */
package dev.inferd.bundle;
