/**
 * Where state lives: a SQLite file in the data directory for one server, or a PostgreSQL database
 * that replicas share (deployments, versions and aliases; API keys; async jobs and result links; on
 * PostgreSQL also bundle bytes, live replicas and the call log), and the bundle files by content
 * hash. Each class implements a contract that the package using it owns
 * ({@link dev.inferd.registry.DeploymentStore}, {@link dev.inferd.auth.KeyStore},
 * {@link dev.inferd.invoke.async.JobStore}, {@link dev.inferd.registry.ArtifactStore},
 * {@link dev.inferd.invoke.LiveReplicas}, {@link dev.inferd.metrics.SharedCallLog}); only Main builds
 * them, through {@link dev.inferd.store.ServerState}. {@link dev.inferd.store.SqliteToPostgres}
 * copies a data directory's state into PostgreSQL, for a server that moves onto replicas.
 */
package dev.inferd.store;
