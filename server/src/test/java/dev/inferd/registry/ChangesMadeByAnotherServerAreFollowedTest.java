package dev.inferd.registry;

import dev.inferd.error.ConflictException;
import dev.inferd.error.VersionDeletedException;
import dev.inferd.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.inferd.registry.RegistryFromRealParts.multiplier;
import static dev.inferd.registry.RegistryFromRealParts.slowToLoadMultiplier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers that share a store see each other's deploys, alias moves and deletes through its change
 * feed. Two registries on one SQLite file stand for two servers (a data directory's lock lets only
 * one server use it, so two servers cannot); the one called "here" follows the store.
 */
class ChangesMadeByAnotherServerAreFollowedTest {
    private static final DeploymentName NAME = new DeploymentName("multiplier");
    private static final AliasName STABLE = new AliasName("stable");

    @TempDir
    Path dataDirectory;
    RegistryFromRealParts elsewhere;
    RegistryFromRealParts here;

    @BeforeEach
    void start() {
        elsewhere = new RegistryFromRealParts(dataDirectory, dataDirectory.resolve("work-elsewhere"));
        here = new RegistryFromRealParts(dataDirectory, dataDirectory.resolve("work-here"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        here.close();
        elsewhere.close();
    }

    @Test
    void aVersionDeployedElsewhereIsServedHereWithinTwoSecondsOfFollowingEverySecond() {
        ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor();
        try {
            long every = DeploymentRegistry.FOLLOW_STORE_EVERY.toMillis();
            follower.scheduleWithFixedDelay(here.registry::followStore, every, every, TimeUnit.MILLISECONDS);

            elsewhere.registry.deploy(NAME, multiplier(2));

            Eventually.holds("the version deployed elsewhere is known here", Duration.ofSeconds(2),
                    () -> here.registry.find(NAME.value()).isPresent());
        } finally {
            follower.shutdownNow();
        }
        assertThat(here.call(here.registry.get(NAME).latest(), 21)).isEqualTo(42);
    }

    @Test
    void theVersionsCallsGoToAreLoadedUpFront() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.deploy(NAME, multiplier(3));
        elsewhere.registry.deploy(NAME, multiplier(4));
        elsewhere.registry.putAlias(NAME, STABLE, 1);

        here.registry.followStore();

        Eventually.poll("the latest and the aliased version loaded", Duration.ofSeconds(30),
                here.registry::loadedVersions, loaded -> loaded.equals(Set.of("multiplier/1", "multiplier/3")));
    }

    /** Where a call by {@code ref} goes here now. */
    private DeploymentVersion calledBy(String ref) {
        return here.registry.resolveForCall(here.registry.get(NAME), VersionRef.parse(ref));
    }

    @Test
    void callsByLatestKeepGoingToTheVersionTheyWentToUntilTheVersionDeployedElsewhereHasLoadedHere() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        here.registry.followStore();
        assertThat(here.call(calledBy("latest"), 21)).isEqualTo(42);
        elsewhere.registry.deploy(NAME, slowToLoadMultiplier(3, 1_500));

        here.registry.followStore();

        assertThat(here.registry.get(NAME).versions().keySet()).as("the change applies at once").containsExactly(1, 2);
        assertThat(calledBy("latest").number()).as("calls by latest while version 2 loads here").isEqualTo(1);
        assertThat(here.call(calledBy("latest"), 21)).isEqualTo(42);
        Eventually.holds("calls by latest to go to version 2 once it has loaded here", Duration.ofSeconds(30),
                () -> calledBy("latest").number() == 2);
        assertThat(here.call(calledBy("latest"), 21)).isEqualTo(63);
    }

    @Test
    void anAliasMovedElsewhereToAVersionStillLoadingKeepsItsOldTargetHereMeanwhile() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.putAlias(NAME, STABLE, 1);
        here.registry.followStore();
        elsewhere.registry.deploy(NAME, slowToLoadMultiplier(3, 1_500));
        elsewhere.registry.putAlias(NAME, STABLE, 2);

        here.registry.followStore();

        assertThat(here.registry.get(NAME).aliasMap()).containsEntry("stable", 2);
        assertThat(calledBy("stable").number()).isEqualTo(1);
        Eventually.holds("calls by stable to go to version 2 once it has loaded here", Duration.ofSeconds(30),
                () -> calledBy("stable").number() == 2);
    }

    @Test
    void aVersionAndAnAliasAddedElsewhereAreCalledByNumberAndNameAtOnceWhileTheyLoad() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        here.registry.followStore();
        elsewhere.registry.deploy(NAME, slowToLoadMultiplier(3, 1_500));
        elsewhere.registry.putAlias(NAME, new AliasName("canary"), 2);

        here.registry.followStore();

        assertThat(calledBy("2").number()).isEqualTo(2);
        assertThat(calledBy("canary").number()).isEqualTo(2);
        assertThat(calledBy("latest").number()).isEqualTo(1);
    }

    @Test
    void aVersionCallsGoToThatWasDeletedElsewhereStopsAtOnceThoughItsSuccessorStillLoads() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        here.registry.followStore();
        elsewhere.registry.deploy(NAME, slowToLoadMultiplier(3, 1_500));
        elsewhere.registry.deleteVersion(NAME, 1);

        here.registry.followStore();

        assertThat(here.registry.get(NAME).versions().keySet()).containsExactly(2);
        assertThat(calledBy("latest").number()).isEqualTo(2);
    }

    @Test
    void aVersionThatWasLoadingForAMoveAndIsDeletedElsewhereIsUnloadedHere() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        here.registry.followStore();
        elsewhere.registry.deploy(NAME, slowToLoadMultiplier(3, 1_500));
        here.registry.followStore();

        elsewhere.registry.deleteVersion(NAME, 2);
        here.registry.followStore();

        assertThat(calledBy("latest").number()).isEqualTo(1);
        Eventually.holds("version 2 unloaded here", Duration.ofSeconds(30),
                () -> here.registry.loadedVersions().equals(Set.of("multiplier/1")));
    }

    @Test
    void aWriteMadeHereRoutesCallsAsItSaysAtOnce() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.putAlias(NAME, STABLE, 1);
        here.registry.followStore();
        elsewhere.registry.deploy(NAME, slowToLoadMultiplier(3, 1_500));
        here.registry.followStore();
        assertThat(calledBy("latest").number()).isEqualTo(1);

        here.registry.putAlias(NAME, STABLE, 2);

        assertThat(calledBy("stable").number()).isEqualTo(2);
        assertThat(calledBy("latest").number()).isEqualTo(2);
    }

    @Test
    void anAliasMovedElsewhereTakesEffectHere() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.deploy(NAME, multiplier(3));
        elsewhere.registry.putAlias(NAME, STABLE, 1);
        here.registry.followStore();
        assertThat(here.registry.get(NAME).resolve(VersionRef.parse("stable")).number()).isEqualTo(1);

        elsewhere.registry.putAlias(NAME, STABLE, 2);
        here.registry.followStore();

        assertThat(here.registry.get(NAME).resolve(VersionRef.parse("stable")).number()).isEqualTo(2);
        elsewhere.registry.deleteAlias(NAME, STABLE);
        here.registry.followStore();
        assertThat(here.registry.get(NAME).aliasMap()).isEmpty();
    }

    @Test
    void aVersionDeletedElsewhereIsUnloadedHereAndNoLongerCalled() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.deploy(NAME, multiplier(3));
        here.registry.followStore();
        DeploymentVersion first = here.registry.get(NAME).version(1);
        assertThat(here.call(first, 21)).isEqualTo(42);

        elsewhere.registry.deleteVersion(NAME, 1);
        here.registry.followStore();

        assertThat(here.registry.get(NAME).versions().keySet()).containsExactly(2);
        assertThat(here.registry.loadedVersions()).doesNotContain("multiplier/1");
        assertThatThrownBy(() -> here.registry.loadedModel(first).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(VersionDeletedException.class);
    }

    @Test
    void aDeploymentDeletedElsewhereIsGoneHere() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        here.registry.followStore();
        DeploymentVersion version = here.registry.get(NAME).latest();
        assertThat(here.call(version, 21)).isEqualTo(42);

        elsewhere.registry.delete(NAME);
        here.registry.followStore();

        assertThat(here.registry.find(NAME.value())).isEmpty();
        assertThat(here.registry.loadedVersions()).isEmpty();
        assertThat(here.registry.list()).isEmpty();
    }

    @Test
    void aDeploymentDeletedAndDeployedAgainElsewhereBetweenTwoReadsServesItsNewVersion() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        here.registry.followStore();
        assertThat(here.call(here.registry.get(NAME).latest(), 21)).isEqualTo(42);

        elsewhere.registry.delete(NAME);
        elsewhere.registry.deploy(NAME, multiplier(3));
        here.registry.followStore();

        assertThat(here.registry.get(NAME).versions().keySet()).containsExactly(2);
        assertThat(here.call(here.registry.get(NAME).latest(), 21)).isEqualTo(63);
        assertThat(here.registry.loadedVersions()).doesNotContain("multiplier/1");
    }

    /**
     * An async job accepted elsewhere for the version just deployed there may be claimed here before
     * the store is followed (or, here having started while the database was away, before it ever
     * was): it runs, rather than being answered 410 as if the version had been deleted.
     */
    @Test
    void aJobAcceptedElsewhereForAVersionNotYetFollowedHereRunsHere() {
        elsewhere.registry.deploy(NAME, multiplier(2));

        DeploymentVersion accepted = here.registry.acceptedVersion(NAME.value(), 1);

        assertThat(here.call(accepted, 21)).isEqualTo(42);
    }

    @Test
    void aJobForAVersionTheStoreNoLongerHoldsIsGone() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.deploy(NAME, multiplier(3));
        elsewhere.registry.deleteVersion(NAME, 1);

        assertThatThrownBy(() -> here.registry.acceptedVersion(NAME.value(), 1)).isInstanceOf(VersionDeletedException.class);
    }

    @Test
    void aWriteHereChecksWhatWasChangedElsewhereBeforeItWasFollowed() {
        elsewhere.registry.deploy(NAME, multiplier(2));
        elsewhere.registry.deploy(NAME, multiplier(3));
        here.registry.followStore();

        elsewhere.registry.putAlias(NAME, STABLE, 1);

        assertThatThrownBy(() -> here.registry.deleteVersion(NAME, 1))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("target of alias stable");
        assertThat(here.registry.get(NAME).aliasMap()).containsEntry("stable", 1);
    }

    @Test
    void followingTheStoreAfterWritesMadeHereChangesNothing() {
        here.registry.deploy(NAME, multiplier(2));
        here.registry.deploy(NAME, multiplier(3));
        here.registry.deploy(NAME, multiplier(4));
        here.registry.putAlias(NAME, STABLE, 1);
        here.registry.putAlias(NAME, new AliasName("moved"), 1);
        here.registry.putAlias(NAME, new AliasName("moved"), 3);
        here.registry.deleteAlias(NAME, new AliasName("moved"));
        here.registry.deleteVersion(NAME, 2);
        here.registry.deploy(new DeploymentName("deleted"), multiplier(5));
        here.registry.delete(new DeploymentName("deleted"));
        Deployment beforeFollowing = here.registry.get(NAME);

        here.registry.followStore();

        assertThat(here.registry.get(NAME)).as("the very same snapshot").isSameAs(beforeFollowing);
        assertThat(here.registry.list()).containsExactly(beforeFollowing);
        assertThat(here.registry.loadedVersions()).containsExactly("multiplier/1", "multiplier/3");
    }
}
