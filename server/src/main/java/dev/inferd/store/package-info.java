/**
 * Where state lives: {@link dev.inferd.store.MetadataStore} for deployments, versions and aliases,
 * {@link dev.inferd.store.ArtifactStore} for bundle bytes by content hash. Callers see only the
 * interfaces; SQLite and files are today's implementations, PostgreSQL comes later.
 */
package dev.inferd.store;
