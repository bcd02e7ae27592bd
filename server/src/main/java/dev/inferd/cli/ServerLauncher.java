package dev.inferd.cli;

import dev.inferd.RunningServer;
import dev.inferd.config.ServerConfig;

/** Starts a server from a configuration; {@code Main::start} in production. */
@FunctionalInterface
public interface ServerLauncher {
    RunningServer start(ServerConfig config);
}
