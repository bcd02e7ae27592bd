package dev.inferd.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.inferd.registry.RegistryFromRealParts.multiplier;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every loaded version may hold threads, class loaders or worker processes, so versions nobody
 * points at (neither latest nor aliased) are unloaded once no call has asked for them for a while,
 * and load again on their next call. The registry here is wired from real parts, as Main wires it.
 */
class IdleOlderVersionsAreUnloadedTest {
    @TempDir
    Path dataDirectory;
    RegistryFromRealParts server;
    DeploymentRegistry registry;
    final DeploymentName name = new DeploymentName("multiplier");

    @BeforeEach
    void start() {
        server = new RegistryFromRealParts(dataDirectory, dataDirectory.resolve("work"));
        registry = server.registry;
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
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

        assertThat(server.call(registry.get(name).version(1), 21)).isEqualTo(42);
        assertThat(registry.loadedVersions()).containsExactly("multiplier/1", "multiplier/2");
    }
}
