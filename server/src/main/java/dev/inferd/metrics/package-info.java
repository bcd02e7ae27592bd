/**
 * What the server tells operators: Prometheus metrics through Micrometer, the structured
 * one-line-per-call request log, and the latest calls of each deployment in memory and, for replicas,
 * in the {@link dev.inferd.metrics.SharedCallLog} they share.
 */
package dev.inferd.metrics;
