package dev.inferd.config;

import dev.inferd.json.JsonLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything {@code inferd serve} can be told, typed and checked. Built from defaults, then
 * {@code INFERD_*} environment variables, then command-line flags (see the serve command).
 *
 * @param examplesDirectory     bundles to deploy at start, when {@code --examples} is given
 * @param javaClassCache        where classes compiled from Java sources are kept for other data
 *                              directories too; empty: only in this one
 * @param maxBodyBytes          request bodies above this are answered 413
 * @param maxBundleBytes        a deployed bundle may not unpack to more than this
 * @param bodyIdleTimeout       a large or chunked request body that sends nothing for this long is answered 408
 * @param eventLoops            threads that serve HTTP connections, each on its share of the connections
 * @param invocationThreads     threads that run Java main functions
 * @param invocationQueueLength chunks that may wait for a thread before calls are refused with 429
 * @param minChunkSize          a batch is split into parallel chunks of at least this many items
 * @param pythonExecutable      interpreter for Python bundles that do not name their own
 * @param pythonWorkers         worker processes per loaded Python version, unless its manifest says
 * @param pythonStartTimeout    how long a worker may take to import its bundle before it counts as failed
 * @param requireApiKeys        every inference call needs a valid API key
 * @param maxInflightItems      batch items one loaded version may have in flight; empty: the runtime's default
 * @param maxInflightBytes      request body bytes the whole server may hold in flight
 * @param allowPrivateWebhooks  webhooks may be http and reach loopback or private addresses (development)
 * @param asyncConcurrency      async jobs that run at once
 * @param asyncQueueLength      async jobs that may wait to run before new ones are refused with 429
 * @param webhookRetryWindow    how long a failed webhook delivery is retried
 * @param asyncResultRetention  how long a finished async job's result stays readable
 * @param resultLinkLifetime    how long a result link can be fetched
 * @param allowedHosts          names besides loopback ones that {@code /api} answers in the Host header while no admin key exists
 * @param corsOrigins           sites whose pages may call {@code /v1} from a browser
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDirectory,
        Optional<Path> examplesDirectory,
        Optional<Path> javaClassCache,
        long maxBodyBytes,
        JsonLimits jsonLimits,
        long maxBundleBytes,
        Duration bodyIdleTimeout,
        int eventLoops,
        int invocationThreads,
        int invocationQueueLength,
        int minChunkSize,
        Duration defaultTimeout,
        Duration maxTimeout,
        Duration deployTestTimeout,
        Duration shutdownGrace,
        String pythonExecutable,
        int pythonWorkers,
        Duration pythonStartTimeout,
        boolean requireApiKeys,
        OptionalLong maxInflightItems,
        long maxInflightBytes,
        boolean allowPrivateWebhooks,
        int asyncConcurrency,
        int asyncQueueLength,
        Duration webhookRetryWindow,
        Duration asyncResultRetention,
        Duration resultLinkLifetime,
        List<Authority> allowedHosts,
        CorsOrigins corsOrigins) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;
    /** The in-flight item limit of a version whose runtime's own limit is {@code runtimeDefault}. */
    public long inflightItemsFor(long runtimeDefault) {
        return maxInflightItems.orElse(runtimeDefault);
    }

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(examplesDirectory, "examplesDirectory");
        Objects.requireNonNull(javaClassCache, "javaClassCache");
        Objects.requireNonNull(jsonLimits, "jsonLimits");
        requireRange("port", port, 0, 65_535);
        requireRange("max body bytes", maxBodyBytes, 1024, Integer.MAX_VALUE - 8);
        requireRange("max bundle bytes", maxBundleBytes, 1024, Long.MAX_VALUE);
        Objects.requireNonNull(bodyIdleTimeout, "bodyIdleTimeout");
        if (bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
            throw new IllegalArgumentException("the body idle timeout must be positive");
        }
        requireRange("event loops", eventLoops, 1, 1024);
        requireRange("invocation threads", invocationThreads, 1, 4096);
        requireRange("invocation queue length", invocationQueueLength, 1, 1_000_000);
        requireRange("minimum chunk size", minChunkSize, 1, 1_000_000);
        requireRange("python workers", pythonWorkers, 1, 256);
        Objects.requireNonNull(pythonExecutable, "pythonExecutable");
        Objects.requireNonNull(maxInflightItems, "maxInflightItems");
        if (maxInflightItems.isPresent()) {
            requireRange("max in-flight items", maxInflightItems.getAsLong(), 1, Long.MAX_VALUE);
        }
        requireRange("max in-flight bytes", maxInflightBytes, 1024, Long.MAX_VALUE);
        requireRange("async concurrency", asyncConcurrency, 1, 4096);
        requireRange("async queue length", asyncQueueLength, 1, 100_000_000);
        requirePositive("webhook retry window", webhookRetryWindow);
        requirePositive("async result retention", asyncResultRetention);
        requirePositive("result link lifetime", resultLinkLifetime);
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(corsOrigins, "corsOrigins");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("the shutdown grace must not be negative; got " + shutdownGrace);
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero() || defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("default timeout must be positive and at most the maximum timeout");
        }
    }

    /** A builder holding the defaults documented in docs/configuration.md. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; each setter overrides one setting. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDirectory = Path.of("inferd-data");
        private Optional<Path> examplesDirectory = Optional.empty();
        private Optional<Path> javaClassCache = Optional.empty();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private JsonLimits jsonLimits = JsonLimits.DEFAULTS;
        private long maxBundleBytes = 512L * 1024 * 1024;
        private Duration bodyIdleTimeout = Duration.ofSeconds(30);
        // One per core: they run no user code, only HTTP and JSON, so every core may serve connections.
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private int invocationThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int invocationQueueLength = 4096;
        private int minChunkSize = 256;
        private Duration defaultTimeout = Duration.ofSeconds(300);
        private Duration maxTimeout = Duration.ofSeconds(900);
        private Duration deployTestTimeout = Duration.ofSeconds(60);
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private String pythonExecutable = "python3";
        private int pythonWorkers = Runtime.getRuntime().availableProcessors();
        private Duration pythonStartTimeout = Duration.ofSeconds(120);
        private boolean requireApiKeys;
        private OptionalLong maxInflightItems = OptionalLong.empty();
        private long maxInflightBytes = 1024L * 1024 * 1024;
        private boolean allowPrivateWebhooks;
        private int asyncConcurrency = 4;
        private int asyncQueueLength = 100_000;
        private Duration webhookRetryWindow = Duration.ofHours(1);
        private Duration asyncResultRetention = Duration.ofHours(24);
        private Duration resultLinkLifetime = Duration.ofHours(1);
        private List<Authority> allowedHosts = List.of();
        private CorsOrigins corsOrigins = CorsOrigins.NONE;

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDirectory(Path value) {
            dataDirectory = value;
            return this;
        }

        public Builder examplesDirectory(Path value) {
            examplesDirectory = Optional.ofNullable(value);
            return this;
        }

        public Builder javaClassCache(Path value) {
            javaClassCache = Optional.ofNullable(value);
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder jsonLimits(JsonLimits value) {
            jsonLimits = value;
            return this;
        }

        public Builder maxBundleBytes(long value) {
            maxBundleBytes = value;
            return this;
        }

        public Builder bodyIdleTimeout(Duration value) {
            bodyIdleTimeout = value;
            return this;
        }

        public Builder eventLoops(int value) {
            eventLoops = value;
            return this;
        }

        public Builder invocationThreads(int value) {
            invocationThreads = value;
            return this;
        }

        public Builder invocationQueueLength(int value) {
            invocationQueueLength = value;
            return this;
        }

        public Builder minChunkSize(int value) {
            minChunkSize = value;
            return this;
        }

        public Builder defaultTimeout(Duration value) {
            defaultTimeout = value;
            return this;
        }

        public Builder deployTestTimeout(Duration value) {
            deployTestTimeout = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder pythonExecutable(String value) {
            pythonExecutable = value;
            return this;
        }

        public Builder pythonWorkers(int value) {
            pythonWorkers = value;
            return this;
        }

        public Builder pythonStartTimeout(Duration value) {
            pythonStartTimeout = value;
            return this;
        }

        public Builder requireApiKeys(boolean value) {
            requireApiKeys = value;
            return this;
        }

        public Builder maxInflightItems(long value) {
            maxInflightItems = OptionalLong.of(value);
            return this;
        }

        public Builder maxInflightBytes(long value) {
            maxInflightBytes = value;
            return this;
        }

        public Builder allowPrivateWebhooks(boolean value) {
            allowPrivateWebhooks = value;
            return this;
        }

        public Builder asyncConcurrency(int value) {
            asyncConcurrency = value;
            return this;
        }

        public Builder asyncQueueLength(int value) {
            asyncQueueLength = value;
            return this;
        }

        public Builder webhookRetryWindow(Duration value) {
            webhookRetryWindow = value;
            return this;
        }

        public Builder asyncResultRetention(Duration value) {
            asyncResultRetention = value;
            return this;
        }

        public Builder resultLinkLifetime(Duration value) {
            resultLinkLifetime = value;
            return this;
        }

        public Builder allowedHosts(List<Authority> value) {
            allowedHosts = value;
            return this;
        }

        public Builder corsOrigins(CorsOrigins value) {
            corsOrigins = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, dataDirectory, examplesDirectory, javaClassCache, maxBodyBytes, jsonLimits, maxBundleBytes,
                    bodyIdleTimeout, eventLoops, invocationThreads, invocationQueueLength, minChunkSize, defaultTimeout, maxTimeout, deployTestTimeout,
                    shutdownGrace, pythonExecutable, pythonWorkers, pythonStartTimeout, requireApiKeys, maxInflightItems,
                    maxInflightBytes, allowPrivateWebhooks, asyncConcurrency, asyncQueueLength, webhookRetryWindow, asyncResultRetention,
                    resultLinkLifetime, allowedHosts, corsOrigins);
        }
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive; got " + value);
        }
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + "; got " + value);
        }
    }
}
