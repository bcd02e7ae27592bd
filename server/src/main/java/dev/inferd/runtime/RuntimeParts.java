package dev.inferd.runtime;

import dev.inferd.config.ServerConfig;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * The parts of a running server that runtimes are built from; each takes what it needs.
 *
 * @param invocationThreads where user code runs in the server's process
 * @param workDirectory     where bundles are unpacked and built
 * @param timer             for delays such as restarting a worker
 * @param afterListening    runs work once the server listens, so a start is not slowed by it
 * @param onWorkerRestart   told (deployment/version, reason) when a worker process is restarted
 */
public record RuntimeParts(ServerConfig config, InvocationExecutor invocationThreads, Path workDirectory,
                           ScheduledExecutorService timer, Executor afterListening,
                           BiConsumer<String, String> onWorkerRestart) {
}
