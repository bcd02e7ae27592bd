package dev.inferd.registry;

import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.bundle.UnpackedBundles;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.runtime.DynamicBatcher;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelRuntime;
import dev.inferd.runtime.ModelRuntimes;
import dev.inferd.runtime.ModelSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The versions that are ready to run. A version is loaded when it is deployed or, after a restart,
 * on first use from its stored artifact; the bundle is unpacked once per content hash under the
 * work directory, which is a cache that can always be rebuilt. Versions the registry does not pin
 * (older versions nobody points an alias at) are unloaded once idle, since each may hold worker
 * processes; the next call loads them again.
 */
public final class LoadedModels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    private final Map<VersionKey, Entry> loaded = new ConcurrentHashMap<>();
    /** Unloaded models that calls still run on: their bundles' files stay until the calls end. */
    private final Set<DrainingModel> retiring = ConcurrentHashMap.newKeySet();
    private final ModelRuntimes runtimes;
    private final ArtifactStore artifacts;
    private final UnpackedBundles bundles;
    private final Path workDirectory;
    private final Executor loadExecutor;
    private final Function<String, DynamicBatcher.Observer> batchObservers;

    /** Identifies a loaded version; the hash keeps a re-created deployment from reusing an old model. */
    private record VersionKey(String deployment, int number, String contentHash) {
        static VersionKey of(DeploymentVersion version) {
            return new VersionKey(version.deployment().value(), version.number(), version.contentHash());
        }
    }

    /**
     * A model, loaded or loading, and when it was last asked for. Calls refresh the time at most
     * once a second, so the hot path rarely writes; retiring swaps the time for {@link #RETIRED}
     * with a compare-and-set, so a call and a retirement that meet cannot both win.
     */
    private static final class Entry {
        static final long RETIRED = Long.MIN_VALUE;
        private static final long REFRESH_NANOS = 1_000_000_000L;

        final CompletableFuture<DrainingModel> draining;
        /** The same model, as callers see it. */
        final CompletableFuture<LoadedModel> model;
        private final AtomicLong lastUsedNanos;

        Entry(CompletableFuture<DrainingModel> draining, long now) {
            this.draining = draining;
            this.model = draining.thenApply(loaded -> loaded);
            this.lastUsedNanos = new AtomicLong(now);
        }

        /** Marks the entry used now; false if it was retired and must not be used. */
        boolean use(long now) {
            while (true) {
                long seen = lastUsedNanos.get();
                if (seen == RETIRED) {
                    return false;
                }
                if (now - seen < REFRESH_NANOS || lastUsedNanos.compareAndSet(seen, now)) {
                    return true;
                }
            }
        }

        /** The model once loaded; null while loading or after a failed load. */
        LoadedModel loadedOrNull() {
            return draining.isDone() && !draining.isCompletedExceptionally() ? draining.join() : null;
        }

        /** Refuses new calls, and closes the model once the running ones have ended. */
        void retireModel(Set<DrainingModel> retiring) {
            draining.thenAccept(model -> {
                model.retire();
                retiring.removeIf(DrainingModel::closed);
                if (!model.closed()) {
                    retiring.add(model);
                }
            });
        }

        boolean retired() {
            return lastUsedNanos.get() == RETIRED;
        }

        /** Retires the entry if it has not been used since {@code idleSince}. */
        boolean retireIfIdleSince(long idleSince) {
            long seen = lastUsedNanos.get();
            return seen != RETIRED && seen - idleSince < 0 && model.isDone() && lastUsedNanos.compareAndSet(seen, RETIRED);
        }
    }

    /**
     * @param workDirectory  holds the unpacked bundles (under {@code bundles/}) and what runtimes build from them
     * @param maxBundleBytes the most a bundle may unpack to
     * @param batchObservers a deployment's batching metrics, by its name
     */
    public LoadedModels(ModelRuntimes runtimes, ArtifactStore artifacts, ManifestParser manifestParser, Path workDirectory,
                        long maxBundleBytes, Executor loadExecutor, Function<String, DynamicBatcher.Observer> batchObservers) {
        this.runtimes = runtimes;
        this.artifacts = artifacts;
        this.bundles = new UnpackedBundles(workDirectory.resolve("bundles"), maxBundleBytes, manifestParser);
        this.workDirectory = workDirectory;
        this.loadExecutor = loadExecutor;
        this.batchObservers = batchObservers;
    }

    /** The loaded version, loading it off the caller's thread if needed. A failed load is retried next time. */
    public CompletableFuture<LoadedModel> get(DeploymentVersion version) {
        VersionKey key = VersionKey.of(version);
        long now = System.nanoTime();
        while (true) {
            Entry existing = loaded.get(key);
            if (existing != null) {
                if (existing.use(now)) {
                    return existing.model;
                }
                // Retired a moment ago; its removal from the map is on its way.
                loaded.remove(key, existing);
                continue;
            }
            Entry loading = new Entry(new CompletableFuture<>(), now);
            if (loaded.putIfAbsent(key, loading) == null) {
                startLoad(version, key, loading);
                return loading.model;
            }
        }
    }

    /** The version if it is loaded or loading, without starting a load: for describing it, not calling it. */
    public Optional<CompletableFuture<LoadedModel>> ifLoaded(DeploymentVersion version) {
        Entry existing = loaded.get(VersionKey.of(version));
        return existing == null ? Optional.empty() : Optional.of(existing.model);
    }

    private void startLoad(DeploymentVersion version, VersionKey key, Entry entry) {
        CompletableFuture<DrainingModel> loading = entry.draining;
        loadExecutor.execute(() -> {
            try {
                loading.complete(new DrainingModel(loadStored(version), version, loadExecutor));
            } catch (Throwable e) {
                // Whatever went wrong (even a LinkageError from a Java main), the next call retries.
                loaded.remove(key, entry);
                log.error("{}: cannot load: {}", version.label(), e.getMessage(), e instanceof BundleRejectedException ? null : e);
                // The reason stays in the server log: it names server paths and is for the operator.
                loading.completeExceptionally(new RuntimeFailureException(
                        "version " + version.label() + " could not be loaded; the server log has the reason", e));
            }
        });
    }

    /**
     * Unpacks and checks the files of a deploy, where a version of them will load from. The caller
     * holds off {@link #removeWorkExcept} until a version refers to the bundle, or the deploy gave up.
     *
     * @throws BundleRejectedException naming what is wrong with them
     */
    public Bundle unpack(BundleUpload upload) {
        return bundles.unpack(upload);
    }

    /**
     * Loads a bundle that is being deployed, before it has a version.
     *
     * @throws BundleRejectedException when the runtime cannot load it
     */
    public LoadedModel loadForDeploy(DeploymentName deployment, int version, Bundle bundle) {
        ModelRuntime runtime = runtimes.forName(bundle.manifest().runtime());
        LoadedModel model = runtime.load(new ModelSource(deployment.value(), version,
                bundle.manifest(), bundle.directory(), buildDirectory(bundle.contentHash()), bundle.contentHash()));
        try {
            // Merging concurrent calls is the pipeline's, whatever the runtime: the model only says whether it takes many rows a run.
            return DynamicBatcher.around(model, bundle.manifest().batch(), bundle.manifest().batching(),
                    () -> batchObservers.apply(deployment.value()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Keeps a model loaded at deploy time as the model of the version it became. */
    public void register(DeploymentVersion version, LoadedModel model) {
        Entry previous = loaded.put(VersionKey.of(version),
                new Entry(CompletableFuture.completedFuture(new DrainingModel(model, version, loadExecutor)), System.nanoTime()));
        if (previous != null) {
            previous.retireModel(retiring);
        }
    }

    /** Loaded versions that cannot serve right now (say, crash-looping workers), by "name/version". */
    public SortedMap<String, String> problems() {
        SortedMap<String, String> problems = new TreeMap<>();
        loaded.forEach((key, entry) -> {
            LoadedModel model = entry.loadedOrNull();
            if (model != null) {
                model.problem().ifPresent(problem -> problems.put(key.deployment() + "/" + key.number(), problem));
            }
        });
        return problems;
    }

    /** The versions loaded and not retired, by "name/version". */
    public SortedSet<String> loadedVersions() {
        SortedSet<String> versions = new TreeSet<>();
        loaded.forEach((key, entry) -> {
            if (entry.loadedOrNull() != null && !entry.retired()) {
                versions.add(key.deployment() + "/" + key.number());
            }
        });
        return versions;
    }

    /**
     * Forgets every loaded version of a deployment. Calls already running on them finish; each model
     * is closed when its last call has ended.
     */
    public void unloadDeployment(DeploymentName deployment) {
        unloadWhere(key -> key.deployment().equals(deployment.value()));
    }

    /** Forgets one version, as {@link #unloadDeployment} forgets them all. */
    public void unloadVersion(DeploymentVersion version) {
        VersionKey unloaded = VersionKey.of(version);
        unloadWhere(unloaded::equals);
    }

    private void unloadWhere(Predicate<VersionKey> unloaded) {
        loaded.entrySet().removeIf(entry -> {
            if (!unloaded.test(entry.getKey())) {
                return false;
            }
            entry.getValue().retireModel(retiring);
            return true;
        });
    }

    /**
     * Unloads versions not in {@code pinned} that no call has asked for during {@code idleFor}. The
     * caller picks an idle time longer than any call may run, so no call is in flight on them.
     *
     * @param pinned "deployment/number" of the versions to keep loaded however idle
     * @return how many were unloaded
     */
    public int unloadIdleExcept(Set<String> pinned, Duration idleFor) {
        long idleSince = System.nanoTime() - idleFor.toNanos();
        int unloaded = 0;
        for (Map.Entry<VersionKey, Entry> candidate : loaded.entrySet()) {
            VersionKey key = candidate.getKey();
            Entry entry = candidate.getValue();
            if (pinned.contains(key.deployment() + "/" + key.number()) || !entry.retireIfIdleSince(idleSince)) {
                continue;
            }
            loaded.remove(key, entry);
            entry.retireModel(retiring);
            entry.draining.thenAccept(model -> {
                log.info("{}/{}: unloaded after {} min without calls", key.deployment(), key.number(), idleFor.toMinutes());
            });
            unloaded++;
        }
        return unloaded;
    }

    private LoadedModel loadStored(DeploymentVersion version) {
        long started = System.nanoTime();
        Path zip = artifacts.file(version.contentHash()).orElseThrow(() -> new RuntimeFailureException(
                "the bundle of " + version.label() + " is missing from the artifact store"));
        long fetched = System.nanoTime();
        Bundle bundle = bundles.stored(version.contentHash(), zip);
        long unpacked = System.nanoTime();
        LoadedModel model = loadForDeploy(version.deployment(), version.number(), bundle);
        long loaded = System.nanoTime();
        log.info("{}: loaded in {} ms (bundle fetched in {}, checked and unpacked in {}, runtime load {})", version.label(),
                (loaded - started) / 1_000_000, (fetched - started) / 1_000_000, (unpacked - fetched) / 1_000_000,
                (loaded - unpacked) / 1_000_000);
        return model;
    }

    /**
     * Deletes unpacked bundles and build output of content no version refers to any more,
     * including half-written directories a crash left behind, but not those that calls on an
     * unloaded version still run from. The caller makes sure no deploy is in progress; loads of
     * stored versions only touch content in {@code referenced}.
     */
    public int removeWorkExcept(Set<String> referenced) {
        retiring.removeIf(DrainingModel::closed);
        Set<String> keep = new HashSet<>(referenced);
        retiring.forEach(model -> keep.add(model.contentHash()));
        int removed = 0;
        for (Path area : List.of(workDirectory.resolve("bundles"), workDirectory.resolve("build"))) {
            if (!Files.isDirectory(area)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(area)) {
                for (Path entry : entries.toList()) {
                    if (!keep.contains(contentHashOf(entry.getFileName().toString()))) {
                        AtomicDirectory.deleteRecursively(entry);
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + area, e);
            }
        }
        return removed;
    }

    /** "hash", or ".hash-123" for a directory still being written under a temporary name. */
    private static String contentHashOf(String directoryName) {
        String name = directoryName.startsWith(".") ? directoryName.substring(1) : directoryName;
        int dash = name.indexOf('-');
        return dash < 0 ? name : name.substring(0, dash);
    }

    private Path buildDirectory(String contentHash) {
        return workDirectory.resolve("build").resolve(contentHash);
    }

    @Override
    public void close() {
        loaded.values().forEach(entry -> entry.draining.thenAccept(DrainingModel::close));
        retiring.forEach(DrainingModel::close);
        loaded.clear();
    }
}
