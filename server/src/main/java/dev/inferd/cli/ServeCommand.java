package dev.inferd.cli;

import dev.inferd.config.Authority;
import dev.inferd.config.CorsOrigins;
import dev.inferd.config.ServerConfig;
import dev.inferd.json.JsonLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** {@code inferd serve}: runs the server until SIGTERM or SIGINT, then shuts it down cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the inferd server. Every option can also be set as INFERD_<OPTION>, e.g. INFERD_DATA_DIR.")
public final class ServeCommand implements Callable<Integer> {
    /** The word that turns the compiled-class cache off, where a directory is expected. */
    static final String NO_CLASS_CACHE = "none";

    private final ServerLauncher launcher;
    private final Supplier<Optional<Path>> besideTheJar;

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Use 0.0.0.0 for every interface.")
    String host;

    @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "inferd-data",
            description = "Directory for the database, artifacts and caches (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--examples", description = "Deploy every bundle under --examples-dir at start.")
    boolean examples;

    @Option(names = "--examples-dir", defaultValue = "examples",
            description = "Where --examples looks for bundles (default: ${DEFAULT-VALUE}).")
    Path examplesDirectory;

    @Option(names = "--java-class-cache", paramLabel = "DIR", converter = DirectoryOrNone.class,
            description = "Keep classes compiled from Java sources here too, for any data directory to reuse; none keeps them"
                    + " in the data directory only (default: the java-class-cache folder beside the server's jar, if there is one).")
    String javaClassCache;

    @Option(names = "--max-body-size", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Largest request body; bigger ones get 413 (default: 64MiB).")
    Long maxBodyBytes;

    @Option(names = "--max-bundle-size", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Largest unpacked bundle a deploy may carry (default: 512MiB).")
    Long maxBundleBytes;

    @Option(names = "--max-json-depth", paramLabel = "N",
            description = "Deepest JSON nesting a body may have (default: 512).")
    Integer maxJsonDepth;

    @Option(names = "--max-json-string-length", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Longest JSON string a body may hold (default: 32MiB).")
    Long maxJsonStringLength;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Threads that serve HTTP connections (default: the number of cores).")
    Integer eventLoops;

    @Option(names = "--invocation-threads", paramLabel = "N",
            description = "Threads that run Java main functions (default: twice the cores, at least 4).")
    Integer invocationThreads;

    @Option(names = "--invocation-queue", paramLabel = "N",
            description = "Chunks of calls that may wait for a thread before more are refused with 429 (default: 4096).")
    Integer invocationQueueLength;

    @Option(names = "--min-chunk-size", paramLabel = "N",
            description = "Smallest number of batch items per parallel chunk (default: 256).")
    Integer minChunkSize;

    @Option(names = "--python", paramLabel = "INTERPRETER",
            description = "Python interpreter for Python bundles that do not name their own (default: python3).")
    String python;

    @Option(names = "--python-workers", paramLabel = "N",
            description = "Worker processes per loaded Python version unless its manifest says workers: (default: the number of cores).")
    Integer pythonWorkers;

    @Option(names = "--require-api-keys",
            description = "Every inference call needs a valid API key (created with `inferd keys create`).")
    boolean requireApiKeys;

    @Option(names = "--max-inflight-items", paramLabel = "N",
            description = "Batch items one loaded version may have in flight before calls get 429 "
                    + "(default: 1000000 for Java, 200000 for Python).")
    Long maxInflightItems;

    @Option(names = "--max-inflight-bytes", converter = ByteSizeConverter.class, paramLabel = "SIZE",
            description = "Request body bytes the server may hold in flight before calls get 429 (default: 1GiB).")
    Long maxInflightBytes;

    @Option(names = "--allow-private-webhooks",
            description = "Let webhooks be http and reach loopback and private addresses. For development and tests only.")
    boolean allowPrivateWebhooks;

    @Option(names = "--allowed-host", paramLabel = "NAME", split = ",", converter = AllowedHost.class,
            description = "A name besides localhost, 127.0.0.1 and [::1] by which this machine may address /api while no admin"
                    + " key exists (repeatable; NAME or NAME:PORT). Refusing other names keeps web pages that rebind a name of"
                    + " theirs to this machine (DNS rebinding) out of the management API.")
    List<Authority> allowedHosts;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", split = ",", converter = CorsOrigin.class,
            description = "A site whose web pages may call /v1 from a browser, as scheme://host[:port], or * for every site"
                    + " (repeatable). Off by default: no CORS headers. /api never answers other sites' pages.")
    List<String> corsOrigins;

    @Option(names = "--async-jobs", paramLabel = "N", description = "Async jobs that run at once (default: 4).")
    Integer asyncConcurrency;

    @Option(names = "--async-queue", paramLabel = "N",
            description = "Async jobs that may wait to run before new ones get 429 (default: 100000).")
    Integer asyncQueueLength;

    @Option(names = "--webhook-retry-minutes", paramLabel = "N",
            description = "How long failed webhook deliveries are retried (default: 60).")
    Integer webhookRetryMinutes;

    @Option(names = "--async-results-hours", paramLabel = "N",
            description = "How long an async job's result stays readable at /v1/batches/{id} (default: 24).")
    Integer asyncResultHours;

    @Option(names = "--result-link-minutes", paramLabel = "N",
            description = "How long a result link of response_format \"links\" can be fetched (default: 60).")
    Integer resultLinkMinutes;

    @Option(names = "--shutdown-grace-seconds", paramLabel = "N",
            description = "How long shutdown waits for requests in flight (default: 30).")
    Integer shutdownGraceSeconds;

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

    /** The configuration these options describe; unset options keep the builder's defaults. */
    public ServerConfig toConfig() {
        ServerConfig.Builder builder = ServerConfig.builder()
                .host(host)
                .port(port)
                .dataDirectory(dataDirectory)
                .examplesDirectory(examples ? examplesDirectory : null)
                .javaClassCache(javaClassCacheDirectory());
        if (maxBodyBytes != null) {
            builder.maxBodyBytes(maxBodyBytes);
        }
        if (maxBundleBytes != null) {
            builder.maxBundleBytes(maxBundleBytes);
        }
        if (maxJsonDepth != null || maxJsonStringLength != null) {
            JsonLimits defaults = JsonLimits.DEFAULTS;
            builder.jsonLimits(new JsonLimits(
                    maxJsonDepth != null ? maxJsonDepth : defaults.maxNestingDepth(),
                    maxJsonStringLength != null ? belowTwoGiB("--max-json-string-length", maxJsonStringLength) : defaults.maxStringLength(),
                    defaults.maxNumberLength()));
        }
        if (eventLoops != null) {
            builder.eventLoops(eventLoops);
        }
        if (invocationThreads != null) {
            builder.invocationThreads(invocationThreads);
        }
        if (invocationQueueLength != null) {
            builder.invocationQueueLength(invocationQueueLength);
        }
        if (minChunkSize != null) {
            builder.minChunkSize(minChunkSize);
        }
        if (python != null) {
            builder.pythonExecutable(python);
        }
        if (pythonWorkers != null) {
            builder.pythonWorkers(pythonWorkers);
        }
        builder.requireApiKeys(requireApiKeys);
        if (maxInflightItems != null) {
            builder.maxInflightItems(maxInflightItems);
        }
        if (maxInflightBytes != null) {
            builder.maxInflightBytes(maxInflightBytes);
        }
        builder.allowPrivateWebhooks(allowPrivateWebhooks);
        if (allowedHosts != null) {
            builder.allowedHosts(allowedHosts);
        }
        if (corsOrigins != null) {
            builder.corsOrigins(CorsOrigins.of(corsOrigins));
        }
        if (asyncConcurrency != null) {
            builder.asyncConcurrency(asyncConcurrency);
        }
        if (asyncQueueLength != null) {
            builder.asyncQueueLength(asyncQueueLength);
        }
        if (webhookRetryMinutes != null) {
            builder.webhookRetryWindow(Duration.ofMinutes(atLeast("--webhook-retry-minutes", webhookRetryMinutes, 1)));
        }
        if (asyncResultHours != null) {
            builder.asyncResultRetention(Duration.ofHours(atLeast("--async-results-hours", asyncResultHours, 1)));
        }
        if (resultLinkMinutes != null) {
            builder.resultLinkLifetime(Duration.ofMinutes(atLeast("--result-link-minutes", resultLinkMinutes, 1)));
        }
        if (shutdownGraceSeconds != null) {
            builder.shutdownGrace(Duration.ofSeconds(atLeast("--shutdown-grace-seconds", shutdownGraceSeconds, 0)));
        }
        return builder.build();
    }

    /** Durations in whole units, refused below their least value with the option's name. */
    private static int atLeast(String option, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(option + " must be at least " + least + "; got " + value);
        }
        return value;
    }

    private static int belowTwoGiB(String option, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be below 2GiB; got " + value + " bytes");
        }
        return (int) value;
    }

    /** The flag's directory, nothing for {@code none} (or an empty value), and without the flag the one beside the jar. */
    private Path javaClassCacheDirectory() {
        if (javaClassCache == null) {
            return besideTheJar.get().orElse(null);
        }
        return javaClassCache.isBlank() || javaClassCache.equals(NO_CLASS_CACHE) ? null : Path.of(javaClassCache);
    }

    /** Keeps {@code --java-class-cache}'s text, refusing as a usage error a path the file system cannot name. */
    static final class DirectoryOrNone implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.isBlank() && !value.equals(NO_CLASS_CACHE)) {
                try {
                    Path.of(value);
                } catch (InvalidPathException e) {
                    throw new TypeConversionException("'" + value + "' is not a directory path: " + e.getReason());
                }
            }
            return value;
        }
    }

    /** Reads an {@code --allowed-host} name, refusing as a usage error what is not a host name. */
    static final class AllowedHost implements ITypeConverter<Authority> {
        @Override
        public Authority convert(String value) {
            return Authority.parse(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a host name: write NAME or NAME:PORT, such as inferd.internal or inferd.internal:8080"));
        }
    }

    /** Checks a {@code --cors-origin} value, refusing as a usage error what is neither an origin nor {@code *}. */
    static final class CorsOrigin implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                CorsOrigins.of(List.of(value));
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
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
