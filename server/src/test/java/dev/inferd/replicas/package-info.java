/**
 * Replicas (ARCHITECTURE "Scale-out", PROTOCOL §9): several {@code inferd serve} processes on one
 * PostgreSQL database, each with a data directory of its own, seen from outside as a load balancer
 * and an operator would see them: what one is told, the others answer within a second; async jobs
 * survive a replica killed mid-run; a replica rides out its database going away and coming back.
 */
package dev.inferd.replicas;
