/**
 * Where state lives: the SQLite database (deployments, versions and aliases; API keys; async jobs and
 * result links) and the bundle files by content hash. Each class implements a contract that the
 * package using it owns ({@link dev.inferd.registry.DeploymentStore}, {@link dev.inferd.auth.KeyStore},
 * {@link dev.inferd.invoke.async.JobStore}, {@link dev.inferd.registry.ArtifactStore}, and on a PostgreSQL
 * database that replicas share, {@link dev.inferd.invoke.LiveReplicas} and
 * {@link dev.inferd.metrics.SharedCallLog}); only Main builds them, so a PostgreSQL store is one more
 * set of implementations.
 */
package dev.inferd.store;
