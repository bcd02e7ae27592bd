package dev.inferd.registry;

import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelRuntimes;
import dev.inferd.runtime.ModelSource;
import dev.inferd.store.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * The versions that are ready to run, loaded once and kept. A version is loaded when it is deployed
 * or, after a restart, on first use from its stored artifact; the bundle is unpacked once per
 * content hash under the work directory, which is a cache that can always be rebuilt.
 */
public final class LoadedModels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    private final Map<VersionKey, CompletableFuture<LoadedModel>> loaded = new ConcurrentHashMap<>();
    private final ModelRuntimes runtimes;
    private final ArtifactStore artifacts;
    private final BundleZip bundleZip;
    private final ManifestParser manifestParser;
    private final Path workDirectory;
    private final Executor loadExecutor;

    /** Identifies a loaded version; the hash keeps a re-created deployment from reusing an old model. */
    private record VersionKey(String deployment, int number, String contentHash) {
        static VersionKey of(DeploymentVersion version) {
            return new VersionKey(version.deployment().value(), version.number(), version.contentHash());
        }
    }

    public LoadedModels(ModelRuntimes runtimes, ArtifactStore artifacts, BundleZip bundleZip, ManifestParser manifestParser,
                        Path workDirectory, Executor loadExecutor) {
        this.runtimes = runtimes;
        this.artifacts = artifacts;
        this.bundleZip = bundleZip;
        this.manifestParser = manifestParser;
        this.workDirectory = workDirectory;
        this.loadExecutor = loadExecutor;
    }

    /** The loaded version, loading it off the caller's thread if needed. A failed load is retried next time. */
    public CompletableFuture<LoadedModel> get(DeploymentVersion version) {
        VersionKey key = VersionKey.of(version);
        CompletableFuture<LoadedModel> existing = loaded.get(key);
        if (existing != null) {
            return existing;
        }
        CompletableFuture<LoadedModel> loading = new CompletableFuture<>();
        CompletableFuture<LoadedModel> raced = loaded.putIfAbsent(key, loading);
        if (raced != null) {
            return raced;
        }
        loadExecutor.execute(() -> {
            try {
                loading.complete(loadStored(version));
            } catch (RuntimeException e) {
                loaded.remove(key, loading);
                log.error("{}: cannot load: {}", version.label(), e.getMessage(), e instanceof BundleRejectedException ? null : e);
                loading.completeExceptionally(new RuntimeFailureException(
                        "version " + version.label() + " could not be loaded: " + e.getMessage(), e));
            }
        });
        return loading;
    }

    /**
     * Loads a bundle that is being deployed, before it has a version.
     *
     * @throws BundleRejectedException when the runtime cannot load it
     */
    public LoadedModel loadForDeploy(DeploymentName deployment, int version, Bundle bundle) {
        Path bundleDirectory = unpack(bundle);
        return runtimes.forName(bundle.manifest().runtime()).load(new ModelSource(deployment.value(), version,
                bundle.manifest(), bundleDirectory, buildDirectory(bundle.contentHash())));
    }

    /** Keeps a model loaded at deploy time as the model of the version it became. */
    public void register(DeploymentVersion version, LoadedModel model) {
        CompletableFuture<LoadedModel> previous = loaded.put(VersionKey.of(version), CompletableFuture.completedFuture(model));
        if (previous != null) {
            previous.thenAccept(LoadedModel::close);
        }
    }

    /** Loaded versions that cannot serve right now (say, crash-looping workers), by "name/version". */
    public SortedMap<String, String> problems() {
        SortedMap<String, String> problems = new TreeMap<>();
        loaded.forEach((key, future) -> {
            LoadedModel model = future.getNow(null);
            if (model != null) {
                model.problem().ifPresent(problem -> problems.put(key.deployment() + "/" + key.number(), problem));
            }
        });
        return problems;
    }

    /** Closes and forgets every loaded version of a deployment. */
    public void unloadDeployment(DeploymentName deployment) {
        loaded.entrySet().removeIf(entry -> {
            if (!entry.getKey().deployment().equals(deployment.value())) {
                return false;
            }
            entry.getValue().thenAccept(LoadedModel::close);
            return true;
        });
    }

    private LoadedModel loadStored(DeploymentVersion version) {
        byte[] zip = artifacts.get(version.contentHash()).orElseThrow(() -> new RuntimeFailureException(
                "the bundle of " + version.label() + " is missing from the artifact store"));
        Bundle bundle = Bundle.of(bundleZip.read(zip), manifestParser);
        if (!bundle.contentHash().equals(version.contentHash())) {
            throw new RuntimeFailureException("the stored bundle of " + version.label() + " does not match its content hash");
        }
        long started = System.nanoTime();
        LoadedModel model = loadForDeploy(version.deployment(), version.number(), bundle);
        log.info("{}: loaded in {} ms", version.label(), (System.nanoTime() - started) / 1_000_000);
        return model;
    }

    /**
     * Deletes unpacked bundles and build output of content no version refers to any more,
     * including half-written directories a crash left behind. The caller makes sure no deploy is
     * in progress; loads of stored versions only touch content in {@code keep}.
     */
    public int removeWorkExcept(Set<String> keep) {
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

    private Path unpack(Bundle bundle) {
        return AtomicDirectory.createIfAbsent(workDirectory.resolve("bundles").resolve(bundle.contentHash()), bundle::writeTo);
    }

    @Override
    public void close() {
        loaded.values().forEach(future -> future.thenAccept(LoadedModel::close));
        loaded.clear();
    }
}
