package dev.inferd.metrics;

import dev.inferd.runtime.DynamicBatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Every metric inferd publishes, named once here. Labels carry only resolved deployment names and
 * version numbers, never what a client typed, so a scan of made-up URLs cannot grow the series
 * without bound.
 */
public final class InferdMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    /** Null until {@link #bindJvmMetrics()}. */
    private volatile JvmGcMetrics gcMetrics;
    private final Counter timeouts;
    private final Timer requestDuration;
    private final DistributionSummary batchItems;
    /** Request counters by "deployment/version/status", so the hot path looks meters up once. */
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();

    public InferdMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeouts = Counter.builder("inferd.timeouts")
                .description("Calls answered 504 because they passed their timeout_seconds")
                .register(registry);
        // Bounded histograms: calls may last up to 900 s; batches hold up to millions of items.
        this.requestDuration = Timer.builder("inferd.request.duration")
                .description("Time from a request's arrival to its answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(900))
                .register(registry);
        this.batchItems = DistributionSummary.builder("inferd.batch.items")
                .description("Items per inference request (1 for a single call)")
                .serviceLevelObjectives(1, 10, 100, 1_000, 10_000, 100_000, 1_000_000)
                .register(registry);
    }

    /**
     * The JVM's own meters (memory, collections, threads, classes, CPU, uptime). Apart from the
     * constructor because reading them loads the JDK's management classes, a tenth of a second
     * that a start need not wait for.
     */
    public void bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics collections = new JvmGcMetrics();
        collections.bindTo(registry);
        gcMetrics = collections;
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * One inference request. {@code deployment} and {@code version} are empty when the request
     * never resolved to a version (unknown deployment, refused before resolving).
     */
    public void request(String deployment, String version, int status, long durationMicros, int items) {
        requestCounters.computeIfAbsent(deployment + "/" + version + "/" + status, key -> Counter.builder("inferd.requests")
                        .description("Inference requests answered, by deployment, version and HTTP status")
                        .tags("deployment", deployment, "version", version, "status", Integer.toString(status))
                        .register(registry))
                .increment();
        requestDuration.record(durationMicros, TimeUnit.MICROSECONDS);
        if (items > 0) {
            batchItems.record(items);
        }
        if (status == 504) {
            timeouts.increment();
        }
    }

    /** Publishes a version's count of items in flight. */
    public void inflightItems(String deployment, String version, AtomicLong items) {
        Gauge.builder("inferd.inflight.items", items, AtomicLong::get)
                .description("Batch items accepted and not yet answered, per loaded version")
                .tags("deployment", deployment, "version", version)
                .register(registry);
    }

    /**
     * A deployment's dynamic batching: rows per model run, and how long calls waited to join one.
     * Micrometer hands back the meters already registered for the deployment, so every version of it
     * adds to the same two.
     */
    public DynamicBatcher.Observer batching(String deployment) {
        DistributionSummary rows = DistributionSummary.builder("inferd.batching.run.rows")
                .description("Rows per model run of a version that merges concurrent calls, per deployment")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_000, 10_000)
                .tags("deployment", deployment)
                .register(registry);
        Timer wait = Timer.builder("inferd.batching.wait")
                .description("Time a call waited for a model run to start, per deployment")
                .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(10))
                .tags("deployment", deployment)
                .register(registry);
        return new DynamicBatcher.Observer() {
            @Override
            public void ran(int rowCount) {
                rows.record(rowCount);
            }

            @Override
            public void waited(long nanos) {
                wait.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** How many replicas this one counts as alive, sharing the rate limits: 1 on a server alone. */
    public void liveReplicas(IntSupplier count) {
        Gauge.builder("inferd.live.replicas", count, IntSupplier::getAsInt)
                .description("Replicas this one counts as alive on the shared database, the rate limits split among them")
                // Nothing else holds the supplier, and a gauge holds its object weakly by default.
                .strongReference(true)
                .register(registry);
    }

    public void workerRestarted(String deployment, String version) {
        Counter.builder("inferd.worker.restarts")
                .description("Worker processes started to replace one that died or was killed")
                .tags("deployment", deployment, "version", version)
                .register(registry)
                .increment();
    }

    @Override
    public void close() {
        JvmGcMetrics bound = gcMetrics;
        if (bound != null) {
            bound.close();
        }
    }
}
