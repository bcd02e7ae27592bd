package dev.inferd.cli;

import dev.inferd.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * {@code inferd serve}: runs the server until SIGTERM or SIGINT, then shuts it down cleanly. Its
 * options are here for the settings of {@link ServerConfig} itself, and in one options class per
 * settings record ({@link HttpOptions} for {@code HttpSettings}, ...), which maps them to that record.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the inferd server. Every option can also be set as INFERD_<OPTION>, e.g. INFERD_DATA_DIR.")
public final class ServeCommand implements Callable<Integer> {
    private final ServerLauncher launcher;
    private final Supplier<Optional<Path>> besideTheJar;

    @Option(names = "--data-dir", defaultValue = ServerConfig.DEFAULT_DATA_DIRECTORY,
            description = "Directory for the database, artifacts and caches (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    // The help never shows this option's value, which may come from the environment and hold a password.
    @Option(names = "--database", paramLabel = "URL",
            description = "PostgreSQL database that replicas share, as postgresql://user:password@host:5432/db or"
                    + " jdbc:postgresql://... (default: INFERD_DATABASE_URL, else SQLite in --data-dir).")
    String database;

    @Option(names = "--examples", description = "Deploy every bundle under --examples-dir at start.")
    boolean examples;

    @Option(names = "--examples-dir", defaultValue = "examples",
            description = "Where --examples looks for bundles (default: ${DEFAULT-VALUE}).")
    Path examplesDirectory;

    @Option(names = "--shutdown-grace-seconds", paramLabel = "N",
            description = "How long shutdown waits for requests in flight (default: 30).")
    Integer shutdownGraceSeconds;

    @Mixin
    HttpOptions http = new HttpOptions();
    @Mixin
    LimitOptions limits = new LimitOptions();
    @Mixin
    AccessOptions access = new AccessOptions();
    @Mixin
    InvocationOptions invocation = new InvocationOptions();
    @Mixin
    JavaOptions java = new JavaOptions();
    @Mixin
    PythonOptions python = new PythonOptions();
    @Mixin
    OnnxOptions onnx = new OnnxOptions();
    @Mixin
    AsyncOptions async = new AsyncOptions();

    /**
     * @param besideTheJar the compiled-class cache a start without {@code --java-class-cache} uses: the
     *                     one the build leaves beside the jar, if the server runs from a jar that has one
     */
    public ServeCommand(ServerLauncher launcher, Optional<Path> besideTheJar) {
        this(launcher, () -> besideTheJar);
    }

    /**
     * @param besideTheJar looks for the compiled-class cache a start without {@code --java-class-cache}
     *                     uses; asked only then, so other commands and a start with the flag neither
     *                     look nor warn about a folder they do not use
     */
    public ServeCommand(ServerLauncher launcher, Supplier<Optional<Path>> besideTheJar) {
        this.launcher = launcher;
        this.besideTheJar = besideTheJar;
    }

    /** The configuration these options describe; unset options keep their record's defaults. */
    public ServerConfig toConfig() {
        ServerConfig defaults = ServerConfig.DEFAULTS;
        return new ServerConfig(
                dataDirectory,
                OptionValues.databaseUrl(database),
                examples ? Optional.of(examplesDirectory) : Optional.empty(),
                OptionValues.duration("--shutdown-grace-seconds", shutdownGraceSeconds, ChronoUnit.SECONDS, 0, defaults.shutdownGrace()),
                http.settings(),
                limits.settings(),
                access.settings(),
                invocation.settings(),
                java.settings(besideTheJar),
                python.settings(),
                onnx.settings(),
                async.settings(),
                defaults.timeouts());
    }

    @Override
    public Integer call() throws InterruptedException {
        AutoCloseable server = launcher.start(toConfig());
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs shutdown hooks on SIGTERM and SIGINT; closing drains requests in flight.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // RunningServer.close logs what failed; nothing more to do on the way out.
            }
            stopped.countDown();
        }, "inferd-shutdown"));
        stopped.await();
        return 0;
    }
}
