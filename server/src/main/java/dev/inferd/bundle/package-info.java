/**
 * Deployment bundles: the files, the {@code inferd.yaml} manifest, the content hash that makes
 * identical deploys no-ops, and safe conversion from and to zip files and directories. The manifest's
 * common keys are read here; each runtime reads its own through a {@link dev.inferd.bundle.ManifestSection}.
 */
package dev.inferd.bundle;
