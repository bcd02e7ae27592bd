package dev.inferd.registry;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.ModelRuntimes;
import dev.inferd.runtime.Outcome;
import dev.inferd.runtime.java.JavaRuntime;
import dev.inferd.store.FileArtifactStore;
import dev.inferd.store.SqliteDatabase;
import dev.inferd.store.SqliteDeploymentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Every loaded version may hold threads, class loaders or worker processes, so versions nobody
 * points at (neither latest nor aliased) are unloaded once no call has asked for them for a while,
 * and load again on their next call. The registry here is wired from real parts, as Main wires it.
 */
class IdleOlderVersionsAreUnloadedTest {
    @TempDir
    Path dataDirectory;
    ExecutorService executor;
    InvocationExecutor invocations;
    SqliteDatabase database;
    LoadedModels models;
    DeploymentRegistry registry;
    final ManifestParser manifests = new ManifestParser();
    final DeploymentName name = new DeploymentName("multiplier");

    @BeforeEach
    void start() {
        executor = Executors.newFixedThreadPool(2);
        invocations = new InvocationExecutor(2, 100, "test-invoke-");
        database = SqliteDatabase.inDataDirectory(dataDirectory);
        FileArtifactStore artifacts = new FileArtifactStore(dataDirectory.resolve("artifacts"));
        models = new LoadedModels(new ModelRuntimes(List.of(new JavaRuntime(invocations, Optional.empty()))), artifacts,
                new BundleZip(1 << 20), manifests, dataDirectory.resolve("work"), executor);
        registry = new DeploymentRegistry(new SqliteDeploymentStore(database), artifacts, models, Duration.ofSeconds(30), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws InterruptedException {
        models.close();
        database.close();
        executor.shutdownNow();
        invocations.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void anIdleOlderVersionIsUnloadedAndTheLatestStays() {
        registry.deploy(name, multiplier(2));
        registry.deploy(name, multiplier(3));

        int unloaded = registry.unloadIdleVersions(Duration.ZERO);

        assertThat(unloaded).isEqualTo(1);
        assertThat(registry.loadedVersions()).containsExactly("multiplier/2");
    }

    @Test
    void anAliasedOlderVersionStaysLoadedHoweverIdle() {
        registry.deploy(name, multiplier(2));
        registry.deploy(name, multiplier(3));
        registry.putAlias(name, new AliasName("stable"), 1);

        registry.unloadIdleVersions(Duration.ZERO);

        assertThat(registry.loadedVersions()).containsExactly("multiplier/1", "multiplier/2");
    }

    @Test
    void aVersionCalledWithinTheIdleTimeStaysLoaded() {
        registry.deploy(name, multiplier(2));
        registry.deploy(name, multiplier(3));
        registry.loadedModel(registry.get(name).version(1)).join();

        int unloaded = registry.unloadIdleVersions(Duration.ofMinutes(10));

        assertThat(unloaded).isZero();
        assertThat(registry.loadedVersions()).containsExactly("multiplier/1", "multiplier/2");
    }

    @Test
    void anUnloadedVersionLoadsAgainAndAnswersOnItsNextCall() {
        registry.deploy(name, multiplier(2));
        registry.deploy(name, multiplier(3));
        registry.unloadIdleVersions(Duration.ZERO);

        List<Outcome> outcomes = registry.loadedModel(registry.get(name).version(1))
                .thenCompose(model -> model.predict(List.of(new Call(List.of(IntNode.valueOf(21))))))
                .join();

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Success.class,
                success -> assertThat(success.value().asInt()).isEqualTo(42));
        assertThat(registry.loadedVersions()).containsExactly("multiplier/1", "multiplier/2");
    }

    private Bundle multiplier(int factor) {
        String source = "public class Multiplier {\n"
                + "  public static int multiply(int x) { return " + factor + " * x; }\n"
                + "}\n";
        return Bundle.of(Map.of(
                "inferd.yaml", "runtime: java\nmain: Multiplier#multiply\n".getBytes(StandardCharsets.UTF_8),
                "Multiplier.java", source.getBytes(StandardCharsets.UTF_8)), manifests);
    }
}
