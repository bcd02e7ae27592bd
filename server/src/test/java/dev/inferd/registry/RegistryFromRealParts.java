package dev.inferd.registry;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.DynamicBatcher;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.ModelRuntimes;
import dev.inferd.runtime.Outcome;
import dev.inferd.runtime.java.JavaRuntime;
import dev.inferd.store.FileArtifactStore;
import dev.inferd.store.SqliteDatabase;
import dev.inferd.store.SqlDeploymentStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry wired from real parts as Main wires it: the SQLite database and the artifacts of a
 * data directory, and the Java runtime. Several may be opened on one data directory, each with a
 * work directory of its own, to stand for servers that share a store.
 */
final class RegistryFromRealParts implements AutoCloseable {
    private static final ManifestParser MANIFESTS = new ManifestParser();

    private final ExecutorService loadExecutor = Executors.newFixedThreadPool(2);
    private final InvocationExecutor invocations = new InvocationExecutor(2, 100, "test-invoke-");
    private final SqliteDatabase database;
    private final LoadedModels models;
    final DeploymentRegistry registry;

    RegistryFromRealParts(Path dataDirectory, Path workDirectory) {
        database = SqliteDatabase.inDataDirectory(dataDirectory);
        FileArtifactStore artifacts = new FileArtifactStore(dataDirectory.resolve("artifacts"));
        models = new LoadedModels(new ModelRuntimes(List.of(new JavaRuntime(invocations, Optional.empty()))), artifacts,
                MANIFESTS, workDirectory, 1 << 20, loadExecutor, deployment -> DynamicBatcher.Observer.NONE);
        registry = new DeploymentRegistry(new SqlDeploymentStore(database), artifacts, models, Duration.ofSeconds(30),
                Clock.systemUTC());
    }

    /** A Java bundle whose main multiplies its one argument by {@code factor}. */
    static BundleUpload multiplier(int factor) {
        return multiplier(factor, "");
    }

    /** {@link #multiplier(int)}, whose class takes {@code loadMillis} to initialise, which a load waits for. */
    static BundleUpload slowToLoadMultiplier(int factor, long loadMillis) {
        return multiplier(factor, "  static { try { Thread.sleep(" + loadMillis + "); } catch (InterruptedException e) { } }\n");
    }

    private static BundleUpload multiplier(int factor, String staticInitialiser) {
        String source = "public class Multiplier {\n"
                + staticInitialiser
                + "  public static int multiply(int x) { return " + factor + " * x; }\n"
                + "}\n";
        return new BundleUpload.InMemory(Map.of(
                "inferd.yaml", "runtime: java\nmain: Multiplier#multiply\n".getBytes(StandardCharsets.UTF_8),
                "Multiplier.java", source.getBytes(StandardCharsets.UTF_8)));
    }

    /** What the version answers when called with {@code x}. */
    int call(DeploymentVersion version, int x) {
        List<Outcome> outcomes = registry.loadedModel(version)
                .thenCompose(model -> model.predict(List.of(new Call(List.of(IntNode.valueOf(x))))))
                .join();
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Success.class);
        return ((Outcome.Success) outcomes.get(0)).value().asInt();
    }

    @Override
    public void close() throws InterruptedException {
        models.close();
        database.close();
        loadExecutor.shutdownNow();
        invocations.shutdownNow();
        loadExecutor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
