package dev.inferd.registry;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DeploymentStore} does, whatever keeps the rows: version numbers are never
 * given twice, aliased versions are not deleted, and every change is listed in the change feed,
 * also to another store on the same storage. An implementation's test extends this class and says
 * how to open its store; the tests run against each implementation.
 */
public abstract class DeploymentStoreContract {
    protected static final DeploymentName SCORER = new DeploymentName("scorer");
    protected static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");
    protected static final String HASH_A = "a".repeat(64);
    protected static final String HASH_B = "b".repeat(64);
    private static final AliasName STABLE = new AliasName("stable");
    private static final DeploymentName OTHER = new DeploymentName("other");

    /**
     * A store over this test's storage, empty at the test's first call. Every further call opens
     * another store on the same storage, as another server sharing it would.
     */
    protected abstract DeploymentStore openStore();

    protected static DeploymentStore.VersionDraft draft(String runtime, String main, String hash) {
        return new DeploymentStore.VersionDraft(runtime, main, hash, OptionalInt.empty());
    }

    /** Versions 1 (content A) and 2 (content B) of {@link #SCORER}. */
    protected static void addTwoVersions(DeploymentStore store) {
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW);
    }

    protected static Deployment only(List<Deployment> all) {
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void aNewStoreHasNoDeployments() {
        DeploymentStore store = openStore();

        assertThat(store.loadAll()).isEmpty();
        assertThat(store.referencedContentHashes()).isEmpty();
        assertThat(store.nextVersionNumber(SCORER)).isEqualTo(1);
    }

    @Test
    void versionsAreNumberedFromOnePerDeployment() {
        DeploymentStore store = openStore();
        DeploymentVersion first = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW).version();
        DeploymentVersion second = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW).version();
        DeploymentVersion other = store.addVersion(new DeploymentName("other"), draft("java", "Other#run", HASH_A), NOW).version();

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(other.number()).isEqualTo(1);
    }

    @Test
    void theNextVersionNumberIsTheOneTheNextVersionGets() {
        DeploymentStore store = openStore();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);

        assertThat(store.nextVersionNumber(SCORER)).isEqualTo(2);
        assertThat(store.nextVersionNumber(SCORER)).as("asking gives no number away").isEqualTo(2);
        assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW).version().number()).isEqualTo(2);
        assertThat(store.nextVersionNumber(new DeploymentName("other"))).isEqualTo(1);
    }

    @Test
    void contentEqualToTheLatestVersionsAddsNothingAndAnswersThatVersion() {
        DeploymentStore store = openStore();
        DeployResult first = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);

        DeployResult again = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW.plusSeconds(1));

        assertThat(first.created()).isTrue();
        assertThat(again).isEqualTo(new DeployResult(first.version(), false));
        assertThat(only(store.loadAll()).versions()).hasSize(1);
    }

    @Test
    void contentEqualToAnOlderVersionsIsANewVersion() {
        DeploymentStore store = openStore();
        addTwoVersions(store);

        DeployResult back = store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);

        assertThat(back.created()).isTrue();
        assertThat(back.version().number()).isEqualTo(3);
    }

    @Test
    void storesOnTheSameStorageAddingAtOnceGiveEachContentItsOwnNumber() throws Exception {
        List<DeploymentStore> stores = List.of(openStore(), openStore(), openStore(), openStore());
        List<String> hashes = List.of("1", "2", "3", "4", "5", "6", "7", "8").stream().map(digit -> digit.repeat(64)).toList();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(stores.size());
        try {
            List<java.util.concurrent.Future<DeployResult>> added = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < hashes.size(); i++) {
                DeploymentStore store = stores.get(i % stores.size());
                String hash = hashes.get(i);
                added.add(threads.submit(() -> {
                    start.await();
                    return store.addVersion(SCORER, draft("java", "Scorer#score", hash), NOW);
                }));
            }
            start.countDown();
            java.util.Set<Integer> numbers = new java.util.TreeSet<>();
            for (java.util.concurrent.Future<DeployResult> result : added) {
                assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS).created()).isTrue();
                numbers.add(result.get().version().number());
            }

            assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(openStore().changesSince(0).deployments()).containsExactly(SCORER);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theFirstVersionCreatesTheDeployment() {
        DeploymentStore store = openStore();
        DeploymentVersion version = store.addVersion(SCORER,
                new DeploymentStore.VersionDraft("python", "score", HASH_A, OptionalInt.of(120)), NOW).version();

        Deployment loaded = only(store.loadAll());

        assertThat(version).isEqualTo(new DeploymentVersion(SCORER, 1, "python", "score", HASH_A, NOW, OptionalInt.of(120)));
        assertThat(loaded.name()).isEqualTo(SCORER);
        assertThat(loaded.createdAt()).isEqualTo(NOW);
        assertThat(loaded.versionList()).containsExactly(version);
        assertThat(loaded.aliasMap()).isEmpty();
    }

    @Test
    void aNameDeletedAndDeployedAgainNumbersOnAfterItsHighestVersion() {
        DeploymentStore store = openStore();
        addTwoVersions(store);
        store.deleteDeployment(SCORER);

        assertThat(store.nextVersionNumber(SCORER)).isEqualTo(3);
        assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW).version().number()).isEqualTo(3);
    }

    @Test
    void aDeletedNewestVersionsNumberIsNotGivenAgain() {
        DeploymentStore store = openStore();
        addTwoVersions(store);

        assertThat(store.deleteVersion(SCORER, 2)).isTrue();

        assertThat(store.nextVersionNumber(SCORER)).isEqualTo(3);
        assertThat(store.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW).version().number()).isEqualTo(3);
        assertThat(only(store.loadAll()).versions().keySet()).containsExactly(1, 3);
    }

    @Test
    void aVersionAnAliasPointsAtIsNotDeletedNorIsItsAlias() {
        DeploymentStore store = openStore();
        addTwoVersions(store);
        store.putAlias(SCORER, STABLE, 1, NOW);

        assertThat(store.deleteVersion(SCORER, 1)).isFalse();
        assertThat(store.deleteVersion(SCORER, 7)).isFalse();
        assertThat(store.deleteVersion(new DeploymentName("nobody"), 1)).isFalse();

        assertThat(only(store.loadAll()).versions().keySet()).containsExactly(1, 2);
        assertThat(only(store.loadAll()).aliasMap()).isEqualTo(Map.of("stable", 1));
    }

    @Test
    void aVersionIsDeletedOnceItsAliasHasMoved() {
        DeploymentStore store = openStore();
        addTwoVersions(store);
        store.putAlias(SCORER, STABLE, 1, NOW);
        store.putAlias(SCORER, STABLE, 2, NOW);

        assertThat(store.deleteVersion(SCORER, 1)).isTrue();

        assertThat(only(store.loadAll()).versions().keySet()).containsExactly(2);
        assertThat(only(store.loadAll()).aliasMap()).isEqualTo(Map.of("stable", 2));
    }

    @Test
    void everythingWrittenIsLoadedByAnotherStoreOnTheSameStorage() {
        DeploymentStore writer = openStore();
        writer.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        writer.addVersion(SCORER, new DeploymentStore.VersionDraft("python", "score", HASH_B, OptionalInt.of(60)), NOW.plusSeconds(1));
        writer.putAlias(SCORER, STABLE, 1, NOW);

        Deployment loaded = only(openStore().loadAll());

        assertThat(loaded.name()).isEqualTo(SCORER);
        assertThat(loaded.createdAt()).isEqualTo(NOW);
        assertThat(loaded.versionList()).containsExactly(
                new DeploymentVersion(SCORER, 1, "java", "Scorer#score", HASH_A, NOW, OptionalInt.empty()),
                new DeploymentVersion(SCORER, 2, "python", "score", HASH_B, NOW.plusSeconds(1), OptionalInt.of(60)));
        assertThat(loaded.aliasMap()).isEqualTo(Map.of("stable", 1));
    }

    @Test
    void eachDeploymentIsLoadedWithItsOwnVersionsAndAliases() {
        DeploymentStore store = openStore();
        DeploymentName other = new DeploymentName("other");
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        store.addVersion(other, draft("java", "Other#run", HASH_B), NOW);
        store.addVersion(other, draft("java", "Other#run", HASH_A), NOW);
        store.putAlias(other, STABLE, 2, NOW);

        List<Deployment> all = store.loadAll();

        assertThat(all).extracting(Deployment::name).containsExactlyInAnyOrder(SCORER, other);
        Deployment scorer = all.stream().filter(deployment -> deployment.name().equals(SCORER)).findFirst().orElseThrow();
        Deployment otherLoaded = all.stream().filter(deployment -> deployment.name().equals(other)).findFirst().orElseThrow();
        assertThat(scorer.versions().keySet()).containsExactly(1);
        assertThat(scorer.aliasMap()).isEmpty();
        assertThat(otherLoaded.versions().keySet()).containsExactly(1, 2);
        assertThat(otherLoaded.aliasMap()).isEqualTo(Map.of("stable", 2));
    }

    @Test
    void puttingAnAliasAgainMovesIt() {
        DeploymentStore store = openStore();
        addTwoVersions(store);
        store.putAlias(SCORER, STABLE, 1, NOW);

        store.putAlias(SCORER, STABLE, 2, NOW);

        assertThat(only(store.loadAll()).aliasMap()).isEqualTo(Map.of("stable", 2));
    }

    @Test
    void anAliasCannotPointAtAVersionThatDoesNotExist() {
        DeploymentStore store = openStore();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);

        assertThatThrownBy(() -> store.putAlias(SCORER, STABLE, 2, NOW)).isInstanceOf(RuntimeException.class);

        assertThat(only(store.loadAll()).aliasMap()).isEmpty();
    }

    @Test
    void deletingAnAliasSaysWhetherThereWasOne() {
        DeploymentStore store = openStore();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        store.putAlias(SCORER, STABLE, 1, NOW);

        assertThat(store.deleteAlias(SCORER, STABLE)).isTrue();
        assertThat(store.deleteAlias(SCORER, STABLE)).isFalse();
        assertThat(store.deleteAlias(new DeploymentName("nobody"), STABLE)).isFalse();
        assertThat(only(store.loadAll()).aliasMap()).isEmpty();
        assertThat(only(store.loadAll()).versions().keySet()).as("the version stays").containsExactly(1);
    }

    @Test
    void deletingADeploymentRemovesItsVersionsAndAliases() {
        DeploymentStore store = openStore();
        addTwoVersions(store);
        store.putAlias(SCORER, STABLE, 2, NOW);

        assertThat(store.deleteDeployment(SCORER)).isTrue();
        assertThat(store.deleteDeployment(SCORER)).isFalse();
        assertThat(store.loadAll()).isEmpty();
        assertThat(store.referencedContentHashes()).isEmpty();
    }

    @Test
    void referencedContentHashesAreThoseOfTheRemainingVersions() {
        DeploymentStore store = openStore();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        store.addVersion(new DeploymentName("other"), draft("java", "Other#run", HASH_B), NOW);
        store.addVersion(new DeploymentName("third"), draft("java", "Other#run", HASH_B), NOW);

        store.deleteDeployment(new DeploymentName("other"));

        assertThat(store.referencedContentHashes()).containsExactlyInAnyOrder(HASH_A, HASH_B);
        store.deleteDeployment(SCORER);
        assertThat(store.referencedContentHashes()).containsExactly(HASH_B);
    }

    @Test
    void aDeletedVersionsContentIsNoLongerReferenced() {
        DeploymentStore store = openStore();
        addTwoVersions(store);

        store.deleteVersion(SCORER, 1);

        assertThat(store.referencedContentHashes()).containsExactly(HASH_B);
    }

    @Test
    void oneDeploymentIsLoadedWithItsVersionsAndAliases() {
        DeploymentStore store = openStore();
        addTwoVersions(store);
        store.putAlias(SCORER, STABLE, 1, NOW);
        store.addVersion(OTHER, draft("java", "Other#run", HASH_B), NOW);

        Deployment loaded = openStore().load(SCORER).orElseThrow();

        assertThat(loaded).isEqualTo(store.loadAll().stream().filter(deployment -> deployment.name().equals(SCORER))
                .findFirst().orElseThrow());
        assertThat(loaded.versions().keySet()).containsExactly(1, 2);
        assertThat(loaded.aliasMap()).isEqualTo(Map.of("stable", 1));
        assertThat(store.load(new DeploymentName("nobody"))).isEmpty();
        store.deleteDeployment(SCORER);
        assertThat(store.load(SCORER)).isEmpty();
    }

    @Test
    void aNewStoresChangeFeedIsEmpty() {
        DeploymentStore store = openStore();

        assertThat(store.latestChange()).isZero();
        assertThat(store.changesSince(0)).isEqualTo(new DeploymentStore.Changes(0, Set.of()));
    }

    @Test
    void everyWriteThatChangesADeploymentIsListedAfterEveryEarlierChange() {
        DeploymentStore store = openStore();
        store.addVersion(OTHER, draft("java", "Other#run", HASH_A), NOW);
        List<Consumer<DeploymentStore>> writes = List.of(
                writer -> writer.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW),
                writer -> writer.addVersion(SCORER, draft("java", "Scorer#score", HASH_B), NOW),
                writer -> writer.putAlias(SCORER, STABLE, 1, NOW),
                writer -> writer.putAlias(SCORER, STABLE, 2, NOW),
                writer -> writer.deleteVersion(SCORER, 1),
                writer -> writer.deleteAlias(SCORER, STABLE),
                writer -> writer.deleteDeployment(SCORER));

        for (Consumer<DeploymentStore> write : writes) {
            long before = store.latestChange();
            write.accept(store);

            DeploymentStore.Changes changes = store.changesSince(before);
            assertThat(changes.deployments()).containsExactly(SCORER);
            assertThat(changes.sequence()).isGreaterThan(before).isEqualTo(store.latestChange());
        }
    }

    @Test
    void writesThatChangeNothingAreNotListed() {
        DeploymentStore store = openStore();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        store.putAlias(SCORER, STABLE, 1, NOW);
        long before = store.latestChange();

        store.deleteVersion(SCORER, 1);
        store.deleteVersion(SCORER, 7);
        store.deleteAlias(SCORER, new AliasName("nothing"));
        store.deleteDeployment(OTHER);
        assertThatThrownBy(() -> store.putAlias(SCORER, new AliasName("broken"), 9, NOW)).isInstanceOf(RuntimeException.class);

        assertThat(store.latestChange()).isEqualTo(before);
        assertThat(store.changesSince(before)).isEqualTo(new DeploymentStore.Changes(before, Set.of()));
    }

    @Test
    void onlyDeploymentsChangedAfterTheSequenceAreListedEachOnce() {
        DeploymentStore store = openStore();
        store.addVersion(OTHER, draft("java", "Other#run", HASH_A), NOW);
        long afterOther = store.latestChange();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        store.putAlias(SCORER, STABLE, 1, NOW);
        store.deleteAlias(SCORER, STABLE);

        DeploymentStore.Changes changes = store.changesSince(afterOther);

        assertThat(changes.deployments()).containsExactly(SCORER);
        assertThat(changes.sequence()).isEqualTo(store.latestChange());
        assertThat(store.changesSince(0).deployments()).containsExactlyInAnyOrder(SCORER, OTHER);
        assertThat(store.changesSince(changes.sequence())).isEqualTo(new DeploymentStore.Changes(changes.sequence(), Set.of()));
    }

    @Test
    void aDeploymentChangedAgainIsListedAfterTheSequenceOfItsFirstChange() {
        DeploymentStore store = openStore();
        store.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        long afterScorer = store.latestChange();
        store.addVersion(OTHER, draft("java", "Other#run", HASH_A), NOW);
        long afterOther = store.latestChange();

        store.putAlias(SCORER, STABLE, 1, NOW);

        assertThat(store.changesSince(afterOther).deployments()).containsExactly(SCORER);
        assertThat(store.changesSince(afterScorer).deployments()).containsExactlyInAnyOrder(SCORER, OTHER);
    }

    @Test
    void changesWrittenThroughAnotherStoreOnTheSameStorageAreListed() {
        DeploymentStore reader = openStore();
        DeploymentStore writer = openStore();
        long seen = reader.latestChange();

        writer.addVersion(SCORER, draft("java", "Scorer#score", HASH_A), NOW);
        writer.addVersion(OTHER, draft("java", "Other#run", HASH_A), NOW);

        DeploymentStore.Changes changes = reader.changesSince(seen);
        assertThat(changes.deployments()).containsExactlyInAnyOrder(SCORER, OTHER);
        assertThat(changes.sequence()).isEqualTo(writer.latestChange());
        assertThat(reader.load(SCORER)).isPresent();
    }
}
