/**
 * API keys and who may do what: keys stored only as SHA-256 hashes, scoped to deployments or
 * admin, and the access policy for inference and management calls (PROTOCOL §2). Keys are kept
 * under the {@link dev.inferd.auth.KeyStore} contract.
 */
package dev.inferd.auth;
