package dev.inferd.cli;

import dev.inferd.config.ServerConfig;

/**
 * Starts a server from a configuration; {@code Main::start} in production. What it returns stops the
 * server when closed, which is all {@code serve} needs of it.
 */
@FunctionalInterface
public interface ServerLauncher {
    AutoCloseable start(ServerConfig config);
}
