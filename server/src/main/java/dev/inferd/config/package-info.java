/**
 * The server's settings as one checked record, {@link dev.inferd.config.ServerConfig}, with the
 * documented defaults in its builder.
 */
package dev.inferd.config;
