package dev.inferd;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.api.http.AliasesResource;
import dev.inferd.api.http.CallLogsResource;
import dev.inferd.api.http.DeploymentsResource;
import dev.inferd.api.http.HttpApiServer;
import dev.inferd.api.http.InferenceApi;
import dev.inferd.api.http.KeysResource;
import dev.inferd.api.http.ManagementApi;
import dev.inferd.api.http.OperationsApi;
import dev.inferd.api.http.ProtocolBodies;
import dev.inferd.api.http.BatchesResource;
import dev.inferd.api.http.ResourceRequests;
import dev.inferd.api.http.VersionsResource;
import dev.inferd.invoke.async.AsyncJobs;
import dev.inferd.invoke.async.JobOwner;
import dev.inferd.invoke.async.ResultLinks;
import dev.inferd.invoke.async.WebhookPolicy;
import dev.inferd.invoke.async.WebhookSender;
import java.time.Duration;
import dev.inferd.auth.AccessPolicy;
import dev.inferd.auth.ApiKeys;
import dev.inferd.invoke.AdmissionControl;
import dev.inferd.invoke.CallLimits;
import dev.inferd.invoke.CallPipeline;
import dev.inferd.invoke.LiveReplicas;
import dev.inferd.invoke.RateLimiter;
import dev.inferd.metrics.ReadinessCheck;
import dev.inferd.metrics.CallLog;
import dev.inferd.metrics.CallRecorder;
import dev.inferd.metrics.InferdMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.cli.BesideTheJar;
import dev.inferd.cli.DeployCommand;
import dev.inferd.cli.EnvironmentDefaults;
import dev.inferd.cli.InferdCommand;
import dev.inferd.cli.KeyStoreOpener;
import dev.inferd.cli.KeysCommand;
import dev.inferd.cli.MigrateToCommand;
import dev.inferd.cli.ServeCommand;
import dev.inferd.cli.StateCopier;
import dev.inferd.config.ServerConfig;
import dev.inferd.invoke.ChunkPolicy;
import dev.inferd.invoke.Deadlines;
import dev.inferd.invoke.InvocationService;
import dev.inferd.json.JsonMappers;
import dev.inferd.registry.DeploymentRegistry;
import dev.inferd.registry.ExampleDeployer;
import dev.inferd.registry.LoadedModels;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.ModelRuntimes;
import dev.inferd.runtime.RuntimeKind;
import dev.inferd.runtime.RuntimeParts;
import dev.inferd.runtime.java.JavaRuntime;
import dev.inferd.runtime.onnx.OnnxRuntime;
import dev.inferd.runtime.python.PythonRuntime;
import dev.inferd.registry.ArtifactStore;
import dev.inferd.store.DataDirectoryLock;
import dev.inferd.store.ServerState;
import dev.inferd.store.SqliteToPostgres;
import dev.inferd.store.StoreTopic;
import dev.inferd.config.DatabaseUrl;
import dev.inferd.error.StoreOutageLog;
import dev.inferd.invoke.async.JobStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The entry point, and the one place where the server's components are built and wired. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /** SQLite takes one writer at a time, so more store threads would only wait on each other. */
    private static final int STORE_THREADS = 2;
    /** Requests waiting for a store thread before the next is answered 429 overloaded. */
    private static final int STORE_QUEUE_LENGTH = 1024;
    /** Older versions are unloaded after the longest call timeout plus this much time without calls. */
    private static final Duration UNLOAD_MARGIN = Duration.ofMinutes(5);

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }

    /** The {@code inferd} command and its subcommands. */
    static CommandLine commandLine() {
        return InferdCommand.commandLine(
                new ServeCommand(Main::start, () -> BesideTheJar.existingFolder(Main.class, "java-class-cache")),
                new DeployCommand(manifestParser()),
                new KeysCommand(Main::openKeyStore),
                new MigrateToCommand(Main::migrateToPostgres),
                new EnvironmentDefaults());
    }

    /** The runtimes inferd serves: adding one is its package and a line here. */
    private static final List<RuntimeKind> RUNTIMES = List.of(JavaRuntime.KIND, PythonRuntime.KIND, OnnxRuntime.KIND);

    /**
     * Checks manifests with the section of every runtime inferd has, for the command line too: a
     * server refuses a runtime it was not started with when it loads the bundle ({@link ModelRuntimes}).
     */
    public static ManifestParser manifestParser() {
        return new ManifestParser(RUNTIMES.stream().map(RuntimeKind::manifest).toList());
    }

    /**
     * The key store of a data directory, for {@code inferd keys}, which may run before the server's
     * first start (to make the first admin key) or while it runs.
     */
    public static KeyStoreOpener.OpenedKeyStore openKeyStore(Path dataDirectory, Optional<DatabaseUrl> database) {
        if (database.isEmpty()) {
            try {
                DataDirectoryLock.createPrivately(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + dataDirectory.toAbsolutePath(), e);
            }
        }
        ServerState state = ServerState.forKeys(dataDirectory, database);
        return new KeyStoreOpener.OpenedKeyStore(state.keys(), state::close);
    }

    /** Copies a stopped server's state into PostgreSQL, for {@code inferd migrate-to}. */
    public static StateCopier.Copied migrateToPostgres(Path dataDirectory, DatabaseUrl database) {
        // No limit on a bundle's unpacked size: the server took each under its own --max-bundle-size,
        // which this command does not know, and one refused here would refuse the whole copy.
        SqliteToPostgres copier = new SqliteToPostgres(new BundleZip(Long.MAX_VALUE), Clock.systemUTC());
        SqliteToPostgres.Copied copied = copier.copy(dataDirectory, database);
        return new StateCopier.Copied(copied.deployments(), copied.versions(), copied.aliases(), copied.keys(),
                copied.jobs(), copied.resultLinks(), copied.resultLinksLeftBehind(), copied.bundles(), copied.bundleBytes());
    }

    /** Builds every component, deploys the examples if asked, and starts listening. */
    public static RunningServer start(ServerConfig config) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // Absolute, because worker processes run with their bundle directory as working directory.
            Path dataDirectory = config.dataDirectory().toAbsolutePath().normalize();
            started.add(DataDirectoryLock.acquire(dataDirectory));
            SecureRandom random = new SecureRandom();
            Clock clock = Clock.systemUTC();
            // Opening the store (the JDBC driver, the pool, migrations) is the slowest step of a
            // start; it runs beside the rest of the wiring, which does not need it until the registry.
            CompletableFuture<ServerState> opening = CompletableFuture.supplyAsync(
                    () -> ServerState.open(dataDirectory, config.database(), clock, random));
            started.add(() -> closeWhenOpened(opening));

            ObjectMapper json = JsonMappers.forRequests(config.limits().jsonLimits());
            ManifestParser manifestParser = manifestParser();

            InvocationExecutor invocationExecutor = new InvocationExecutor(
                    config.invocation().threads(), config.invocation().queueLength(), "inferd-invoke-");
            started.add(() -> stopExecutor(invocationExecutor, config));
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(namedThreads("inferd-timer-"));
            started.add(timer::shutdownNow);
            ExecutorService loadExecutor = Executors.newFixedThreadPool(2, namedThreads("inferd-load-"));
            started.add(loadExecutor::shutdownNow);

            PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            InferdMetrics metrics = new InferdMetrics(meterRegistry);
            AfterListening afterListening = new AfterListening();
            afterListening.execute(metrics::bindJvmMetrics);
            started.add(metrics);
            CallLog callLog = new CallLog(metrics);
            started.add(callLog);

            // Vert.x and Netty are the most classes to load after the store's; that happens while the store opens.
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.http().eventLoops()));
            started.add(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));

            ServerState state = joined(opening);
            JobStore jobStore = state.jobs();
            ArtifactStore artifacts = state.artifacts();
            Path workDirectory = dataDirectory.resolve("work");
            // Said once, since without the flag the cache may be the one beside the jar.
            config.java().classCache().ifPresent(cache -> log.info("classes compiled from Java sources are also kept in {}", cache));
            RuntimeParts runtimeParts = new RuntimeParts(config, invocationExecutor, workDirectory, timer, afterListening,
                    metrics::workerRestarted);
            ModelRuntimes runtimes = new ModelRuntimes(RUNTIMES.stream().map(kind -> kind.build().apply(runtimeParts)).toList());
            LoadedModels models = new LoadedModels(runtimes, artifacts, manifestParser, workDirectory,
                    config.limits().maxBundleBytes(), loadExecutor, metrics::batching);
            started.add(models);
            DeploymentRegistry registry = new DeploymentRegistry(state.deployments(), artifacts, models,
                    config.timeouts().deployTestTimeout(), clock);

            // Examples compile and start their workers while the rest is wired; the server listens
            // only once they are all deployed.
            CompletableFuture<SortedMap<String, String>> examplesDeployed = CompletableFuture.supplyAsync(
                    () -> config.examplesDirectory().map(examples -> new ExampleDeployer(registry, manifestParser, runtimes).deployAll(examples))
                            .orElse(Collections.emptySortedMap()),
                    task -> new Thread(task, "inferd-examples").start());
            started.add(() -> examplesDeployed.exceptionally(failure -> null).join());
            // Longer than any call may run, so an unloaded version has no call in flight.
            Duration unloadAfter = config.timeouts().maxTimeout().plus(UNLOAD_MARGIN);
            timer.scheduleWithFixedDelay(() -> unloadIdleVersions(registry, unloadAfter), 1, 1, TimeUnit.MINUTES);

            ApiKeys apiKeys = new ApiKeys(state.keys(), clock, random);
            AccessPolicy access = new AccessPolicy(apiKeys, config.access().requireApiKeys(),
                    "./inferd keys create --name admin --admin --data-dir <the server's data directory>");
            AdmissionControl admission = new AdmissionControl(config.limits().maxInflightBytes(), (deployment, version, items) ->
                    metrics.inflightItems(deployment, Integer.toString(version), items));
            // Replicas on a shared database split each rate limit among the live ones.
            LiveReplicas liveReplicas = state.liveReplicas();
            metrics.liveReplicas(() -> liveReplicas.place().count());
            CallLimits limits = new CallLimits(admission, new RateLimiter(clock, liveReplicas),
                    runtime -> config.limits().inflightItemsFor(runtimes.forName(runtime).inflightItems()));
            Deadlines deadlines = new Deadlines(namedThreads("inferd-deadlines-"));
            started.add(deadlines);
            InvocationService invocation = new InvocationService(
                    new ChunkPolicy(config.invocation().minChunkSize(), config.invocation().threads()), deadlines);

            ProtocolBodies bodies = new ProtocolBodies(config.timeouts(), json, invocationExecutor);
            // Every call goes through it, synchronous or async; the HTTP edge and the job runner only translate.
            CallPipeline pipeline = new CallPipeline(registry, invocation, limits, bodies);
            // Async jobs do store work on their own thread, away from the timer that ends calls on time.
            ScheduledExecutorService jobThread = Executors.newSingleThreadScheduledExecutor(namedThreads("inferd-jobs-"));
            started.add(jobThread::shutdownNow);
            // Keys changed by the CLI in another process; lookups themselves never read the store.
            ScheduledExecutorService keyRefresh = Executors.newSingleThreadScheduledExecutor(namedThreads("inferd-keys-"));
            started.add(keyRefresh::shutdownNow);
            StoreOutageLog keyOutages = new StoreOutageLog(log, "re-read the API keys (the keys read before stay in use)");
            keyRefresh.scheduleWithFixedDelay(() -> refreshKeys(apiKeys, keyOutages), ApiKeys.REFRESH_EVERY.toMillis(),
                    ApiKeys.REFRESH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            // Deployments changed by other servers sharing the store; calls themselves never read the store.
            ScheduledExecutorService storeFollower = Executors.newSingleThreadScheduledExecutor(namedThreads("inferd-registry-"));
            started.add(storeFollower::shutdownNow);
            StoreOutageLog followOutages = new StoreOutageLog(log, "read the deployments other servers changed");
            storeFollower.scheduleWithFixedDelay(() -> followStore(registry, followOutages), DeploymentRegistry.FOLLOW_STORE_EVERY.toMillis(),
                    DeploymentRegistry.FOLLOW_STORE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            // Replicas sharing the database announce their changes, which then apply here at once;
            // the periodic looks above stay, for announcements missed while not connected.
            started.add(state.listen(Map.of(
                    StoreTopic.DEPLOYMENTS, () -> storeFollower.execute(() -> followStore(registry, followOutages)),
                    StoreTopic.KEYS, () -> keyRefresh.execute(() -> refreshKeys(apiKeys, keyOutages)))));
            // Store and DNS work of HTTP requests, kept off the invocation threads, which model calls may fill.
            ThreadPoolExecutor storeExecutor = new ThreadPoolExecutor(STORE_THREADS, STORE_THREADS, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(STORE_QUEUE_LENGTH), namedThreads("inferd-store-"));
            started.add(() -> stopExecutor(storeExecutor, config));
            WebhookPolicy webhookPolicy = new WebhookPolicy(config.async().allowPrivateWebhooks());
            WebhookSender webhookSender = new WebhookSender(vertx, webhookPolicy, Duration.ofSeconds(10));
            started.add(webhookSender);
            AsyncJobs asyncJobs = new AsyncJobs(jobStore, pipeline, bodies,
                    new ResultLinks(jobStore, state.resultLinkSecret(), clock, config.async().resultLinkLifetime(), random),
                    webhookSender, webhookPolicy, config.async(), JobOwner.newRun(state.node(), random), clock, jobThread, random);
            asyncJobs.start(afterListening);
            started.add(asyncJobs);

            InferenceApi calls = new InferenceApi(config.limits(), json, pipeline, limits, access, new CallRecorder(callLog, state.sharedCallLog(), clock),
                    invocationExecutor, storeExecutor, bodies, asyncJobs);
            ResourceRequests resourceRequests = new ResourceRequests(config.limits(), json, limits);
            ManagementApi management = new ManagementApi(config.access(), apiKeys, access, resourceRequests, List.of(
                    new DeploymentsResource(registry, callLog, resourceRequests),
                    new VersionsResource(config.limits(), json, registry, workDirectory.resolve("uploads"), resourceRequests),
                    new AliasesResource(json, registry, resourceRequests),
                    new CallLogsResource(registry, callLog, state.sharedCallLog(), storeExecutor, resourceRequests),
                    new KeysResource(json, apiKeys, resourceRequests)));
            CompletableFuture<Void> versionsLoaded = new CompletableFuture<>();
            ReadinessCheck readiness = new ReadinessCheck(state::ping, state.description(), examplesDeployed, versionsLoaded);
            HttpApiServer http = new HttpApiServer(vertx, config, json, calls, List.of(
                    new BatchesResource(access, asyncJobs, storeExecutor, resourceRequests),
                    management,
                    new OperationsApi(config.limits(), json, registry, readiness::notReadyBecause, () -> {
                        // The calls answered just before a scrape are in it.
                        callLog.catchUp();
                        return meterRegistry.scrape();
                    })));
            // The server listens only once the examples are deployed, so readiness knows which are not.
            joined(examplesDeployed);
            registry.warmUp().whenComplete((done, failure) -> versionsLoaded.complete(null));
            int port = http.start();
            started.add(http);

            RunningServer server = new RunningServer(config.http().host(), port, started);
            log.info("inferd listening on {}", server.url());
            afterListening.listening();
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RunningServer.stopAll(started);
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            RunningServer.stopAll(started);
            throw e;
        }
    }

    /** What a step that ran beside the wiring gave, or its own failure rather than a wrapped one. */
    private static <T> T joined(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Waits for an open still under way, so the store is closed before the data directory's lock is let go. */
    private static void closeWhenOpened(CompletableFuture<ServerState> opening) {
        try {
            opening.join().close();
        } catch (CompletionException e) {
            // Never opened: nothing to close, and the failure was reported where the open was awaited.
        }
    }

    private static void unloadIdleVersions(DeploymentRegistry registry, Duration idleFor) {
        try {
            registry.unloadIdleVersions(idleFor);
        } catch (RuntimeException e) {
            log.warn("could not unload idle versions; trying again in a minute", e);
        }
    }

    /** A failed read keeps the deployments as they were; the next one reads what it missed. */
    private static void followStore(DeploymentRegistry registry, StoreOutageLog outages) {
        try {
            registry.followStore();
            outages.succeeded();
        } catch (RuntimeException e) {
            outages.failed(e);
        }
    }

    /** A failed refresh keeps the keys of the last one; the next refresh tries again. */
    private static void refreshKeys(ApiKeys apiKeys, StoreOutageLog outages) {
        try {
            apiKeys.refresh();
            outages.succeeded();
        } catch (RuntimeException e) {
            outages.failed(e);
        }
    }

    private static void stopExecutor(ExecutorService executor, ServerConfig config) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
