package dev.inferd.store;

import dev.inferd.auth.ApiKeys;
import dev.inferd.bundle.BundleBytes;
import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.invoke.async.JobOwner;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentStore;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a server on SQLite leaves in its data directory, written through the real stores as the
 * server writes it: {@code scorer} with versions 1 and 2 left of three (the highest deleted) and
 * the alias {@code official} on 1; {@code retired}, deleted with its two versions; {@code big},
 * whose bundle is larger than a chunk; an admin key and a key for {@code scorer} only; a queued
 * job, a job that was running, a finished one whose result is not delivered yet; an open and an
 * expired result link, and the secret that signs them.
 */
record StateOfAServerThatRanAlone(Path directory, List<Deployment> deployments, Map<String, StoredBundle> bundles,
                                  String adminKey, String scorerKey, byte[] linkSecret) {
    static final DeploymentName SCORER = new DeploymentName("scorer");
    static final DeploymentName RETIRED = new DeploymentName("retired");
    static final DeploymentName BIG = new DeploymentName("big");
    static final byte[] REQUEST = "{\"data\": 1, \"response_webhook\": \"https://example.com/hook\"}".getBytes(StandardCharsets.UTF_8);
    static final byte[] RESULT = "{\"data\":2}".getBytes(StandardCharsets.UTF_8);
    static final byte[] LINK_BODY = "{\"data\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);

    /** A zipped bundle as the artifact store keeps it, under the content hash of its files. */
    record StoredBundle(String contentHash, byte[] zip) {
    }

    /**
     * A Python bundle adding {@code offset}, with {@code weightBytes} of random bytes beside it,
     * which do not compress, so the zip is at least that large.
     */
    static StoredBundle bundle(int offset, int weightBytes) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("inferd.yaml", "runtime: python\nmain: add\n".getBytes(StandardCharsets.UTF_8));
        files.put("source.py", ("def add(x):\n    return x + " + offset + "\n").getBytes(StandardCharsets.UTF_8));
        if (weightBytes > 0) {
            byte[] weights = new byte[weightBytes];
            new Random(offset).nextBytes(weights);
            files.put("weights.bin", weights);
        }
        BundleBytes.Zipped bundle = BundleBytes.zipped(files);
        return new StoredBundle(bundle.contentHash(), bundle.zip());
    }

    /** Writes the state into {@code directory} as a server that held the directory's lock would, and stops. */
    static StateOfAServerThatRanAlone writeTo(Path directory) {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        Map<String, StoredBundle> bundles = new TreeMap<>();
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
             SqliteDatabase sqlite = SqliteDatabase.inDataDirectory(directory)) {
            SqlDeploymentStore deployments = new SqlDeploymentStore(sqlite);
            FileArtifactStore artifacts = new FileArtifactStore(directory.resolve("artifacts"));
            for (int offset = 1; offset <= 3; offset++) {
                bundles.put("scorer/" + offset, deploy(deployments, artifacts, SCORER, bundle(offset, 0)));
            }
            deployments.putAlias(SCORER, new AliasName("official"), 1, Instant.parse("2030-01-01T00:00:00Z"));
            deployments.deleteVersion(SCORER, 3);
            deploy(deployments, artifacts, RETIRED, bundle(10, 0));
            deploy(deployments, artifacts, RETIRED, bundle(11, 0));
            deployments.deleteDeployment(RETIRED);
            bundles.put("big/1", deploy(deployments, artifacts, BIG, bundle(20, SharedArtifactStore.CHUNK_BYTES + 300_000)));

            ApiKeys keys = new ApiKeys(new SqlKeyStore(sqlite), clock, random);
            String adminKey = keys.create("admin", Optional.empty(), true).key();
            String scorerKey = keys.create("scorer_client", Optional.of(Set.of("scorer")), false).key();

            SqlJobStore jobs = new SqlJobStore(sqlite);
            JobOwner server = new JobOwner("local", "run1");
            Instant now = clock.instant();
            jobs.addJob(job("finished", now.minusSeconds(30)));
            jobs.claimJobs(server, now, now.plusSeconds(30), 1);
            // Due later: the server was making the delivery when it stopped, and held it under a lease.
            jobs.finishJob("finished", AsyncJob.Status.DONE, RESULT, 200, now, now.plusSeconds(60), now.plus(Duration.ofHours(1)));
            jobs.addJob(job("running", now.minusSeconds(20)));
            jobs.claimJobs(server, now, now.plusSeconds(300), 1);
            jobs.addJob(job("queued", now.minusSeconds(10)));
            jobs.addResultLink("open", LINK_BODY, now.plus(Duration.ofHours(1)));
            jobs.addResultLink("expired", LINK_BODY, now.minusSeconds(60));
            byte[] linkSecret = ResultLinkSecret.in(directory, random);

            return new StateOfAServerThatRanAlone(directory, deployments.loadAll(), bundles, adminKey, scorerKey, linkSecret);
        }
    }

    private static AsyncJob job(String id, Instant createdAt) {
        return AsyncJob.accepted(id, SCORER.value(), 2, REQUEST, URI.create("https://example.com/hook"), false,
                Optional.empty(), createdAt);
    }

    private static StoredBundle deploy(DeploymentStore deployments, FileArtifactStore artifacts, DeploymentName name,
                                       StoredBundle bundle) {
        artifacts.put(bundle.contentHash(), ArtifactBytes.content(bundle.zip()));
        deployments.addVersion(name, new DeploymentStore.VersionDraft("python", "add", bundle.contentHash(), OptionalInt.empty()),
                Instant.parse("2030-01-01T00:00:00Z"));
        return bundle;
    }

    /** Where the artifact store keeps the bundle of {@code version} ({@code "scorer/2"}). */
    Path bundleFile(String version) {
        return FileArtifactStore.pathIn(directory.resolve("artifacts"), bundles.get(version).contentHash());
    }
}
