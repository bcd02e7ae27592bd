package dev.inferd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code inferd serve} can be told, typed and checked, in one record per part of the
 * server; each part holds its settings' defaults ({@code DEFAULTS}) and ranges. Built from those
 * defaults, then {@code INFERD_*} environment variables, then command-line flags (see the serve
 * command, which has one options class per part).
 *
 * @param dataDirectory     the database, artifacts and caches; with {@code database}, the caches only
 * @param database          the PostgreSQL database that replicas share; empty keeps state in SQLite
 *                          in the data directory
 * @param examplesDirectory bundles to deploy at start, when {@code --examples} is given
 * @param shutdownGrace     how long shutdown waits for requests in flight, and then for running calls
 */
public record ServerConfig(
        Path dataDirectory,
        Optional<DatabaseUrl> database,
        Optional<Path> examplesDirectory,
        Duration shutdownGrace,
        HttpSettings http,
        LimitSettings limits,
        AccessSettings access,
        InvocationSettings invocation,
        JavaSettings java,
        PythonSettings python,
        OnnxSettings onnx,
        AsyncSettings async,
        TimeoutSettings timeouts) {

    /** A constant, since {@code serve --data-dir} gives it as its annotated default value. */
    public static final String DEFAULT_DATA_DIRECTORY = "inferd-data";
    public static final ServerConfig DEFAULTS = new ServerConfig(Path.of(DEFAULT_DATA_DIRECTORY), Optional.empty(), Optional.empty(),
            Duration.ofSeconds(30), HttpSettings.DEFAULTS, LimitSettings.DEFAULTS, AccessSettings.DEFAULTS,
            InvocationSettings.DEFAULTS, JavaSettings.DEFAULTS, PythonSettings.DEFAULTS, OnnxSettings.DEFAULTS,
            AsyncSettings.DEFAULTS, TimeoutSettings.DEFAULTS);

    public ServerConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(examplesDirectory, "examplesDirectory");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("the shutdown grace must not be negative; got " + shutdownGrace);
        }
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(invocation, "invocation");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(async, "async");
        Objects.requireNonNull(timeouts, "timeouts");
    }
}
