package dev.inferd.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE "Scale-out": three replicas on one PostgreSQL database, each with a data directory of
 * its own. What one replica is told (a deploy, an alias moved, a key revoked) the others answer
 * within a second, and two replicas told at the same moment agree on version numbers.
 * <p>
 * The three child JVMs start once for the class (a start takes seconds on two cores); each test
 * uses deployment and key names of its own, so the tests do not depend on each other or their order.
 */
class ThreeReplicasShareOneDatabaseTest {
    /** ARCHITECTURE: "a replica learns of a new version or a moved alias within a second". */
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    /** How long to keep looking for what must come within a second, so a failure says how late it was. */
    private static final Duration LOOK_FOR = Duration.ofSeconds(10);

    @RegisterExtension
    static final PostgresDatabases database = PostgresDatabases.perClass();
    @TempDir
    static Path dataDirectories;
    private static Replicas replicas;

    @BeforeAll
    static void startThreeReplicasOnOneDatabase() {
        replicas = Replicas.start(3, database.jdbcUrl(), dataDirectories,
                "--python-workers", "1");
    }

    @AfterAll
    static void stopTheReplicas() {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void aDeployThroughOneReplicaIsAnsweredByTheOthersWithinASecond() {
        PythonFunctions.deploy(replicas.replica(1), "greeter", "greet", "def greet(name):\n    return 'hello ' + name\n", Map.of());
        long deployed = System.nanoTime();

        Map<String, Duration> answeredAfter = timesUntil(replicas.allBut(1), deployed,
                replica -> replica.post("/v1/greeter", "{\"data\": \"replica\"}"),
                answer -> answer.status() == 200 && answer.json().path("data").asText().equals("hello replica"));

        assertThat(answeredAfter).allSatisfy((replica, after) ->
                assertThat(after).as("replica %s answers the new deployment", replica).isLessThan(WITHIN_A_SECOND));
    }

    @Test
    void anAliasMovedThroughOneReplicaIsFollowedByAllWithinASecond() {
        deployVersion(replicas.replica(1), "followed", "v1");
        deployVersion(replicas.replica(1), "followed", "v2");
        moveAlias("followed", "official", 1);
        eachReplicaAnswers("/v1/followed/official", "v1", LOOK_FOR);

        moveAlias("followed", "official", 2);
        long moved = System.nanoTime();

        Map<String, Duration> followedAfter = timesUntil(replicas.all(), moved,
                replica -> replica.post("/v1/followed/official", "{\"data\": 0}"), answers("v2"));
        assertThat(followedAfter).allSatisfy((replica, after) ->
                assertThat(after).as("replica %s follows the alias", replica).isLessThan(WITHIN_A_SECOND));
    }

    /**
     * Callers on every replica call through an alias while it is moved back and forth between v1 and
     * v2; v3, the latest version, is never its target. An alias that moved in steps (deleted, then
     * put), or a replica that resolved it while half-applied, would answer v3 (latest) or an error.
     */
    @Test
    void callsThroughAnAliasMovedBackAndForthOnlyEverGetItsTargetsAnswers() {
        for (String version : List.of("v1", "v2", "v3")) {
            deployVersion(replicas.replica(1), "moving", version);
        }
        moveAlias("moving", "live", 1);
        eachReplicaAnswers("/v1/moving/live", "v1", LOOK_FOR);

        List<AliasCaller> callers = replicas.all().stream().map(AliasCaller::new).toList();
        callers.forEach(AliasCaller::start);
        List<Long> moves = new ArrayList<>();
        int target = 1;
        try {
            for (int move = 0; move < 10; move++) {
                target = 3 - target;
                moveAlias("moving", "live", target);
                long movedAt = System.nanoTime();
                moves.add(movedAt);
                String awaited = "v" + target;
                // Each move is seen on every replica before the next, so every caller lives through every move.
                Eventually.holds("every replica answering " + awaited + " after move " + move, LOOK_FOR,
                        () -> callers.stream().allMatch(caller -> caller.firstAnswerSince(movedAt, awaited) != null));
            }
        } finally {
            callers.forEach(AliasCaller::stop);
        }

        long finalMove = moves.get(moves.size() - 1);
        String finalTarget = "v" + target;
        for (AliasCaller caller : callers) {
            assertThat(caller.answers()).as("answers through the alias on %s", caller.replica.url())
                    .isNotEmpty()
                    .allSatisfy(answer -> {
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                        assertThat(answer.version()).isIn("v1", "v2");
                    });
            Answered reached = caller.firstAnswerSince(finalMove, finalTarget);
            assertThat(Duration.ofNanos(reached.answeredNanos() - finalMove))
                    .as("replica %s on the final target", caller.replica.url()).isLessThan(WITHIN_A_SECOND);
            assertThat(caller.answers().stream().filter(answer -> answer.sentNanos() > reached.answeredNanos()))
                    .as("calls on %s once it reached the final target", caller.replica.url())
                    .allSatisfy(answer -> assertThat(answer.version()).isEqualTo(finalTarget));
        }
    }

    @Test
    void aKeyRevokedThroughOneReplicaIsRefusedByTheOthersWithinASecond() {
        deployVersion(replicas.replica(1), "guarded", "v1");
        HttpAnswer created = replicas.replica(1).post("/api/keys", "{\"name\": \"soon-revoked\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().path("key").asText();
        // A presented key is always checked, required or not (PROTOCOL §2), so the replicas need no --require-api-keys.
        for (ChildServer replica : replicas.all()) {
            Eventually.holds("replica " + replica.url() + " accepting the new key", LOOK_FOR,
                    () -> callWithKey(replica, key).status() == 200);
        }

        HttpAnswer revoked = replicas.replica(1).delete("/api/keys/soon-revoked");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        long revokedAt = System.nanoTime();

        Map<String, Duration> refusedAfter = timesUntil(replicas.allBut(1), revokedAt,
                replica -> callWithKey(replica, key), answer -> answer.status() == 401);
        assertThat(refusedAfter).allSatisfy((replica, after) ->
                assertThat(after).as("replica %s refuses the revoked key", replica).isLessThan(WITHIN_A_SECOND));
    }

    @Test
    void differentCodeDeployedThroughTwoReplicasAtOnceGetsTwoVersionNumbers() throws Exception {
        List<HttpAnswer> deployed = atOnce(
                () -> replicas.replica(1).post("/api/deployments/contested/versions", deployBody("from-1")),
                () -> replicas.replica(2).post("/api/deployments/contested/versions", deployBody("from-2")));

        assertThat(deployed).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            assertThat(answer.json().path("created").asBoolean()).isTrue();
        });
        int fromOne = deployed.get(0).json().path("version").asInt();
        int fromTwo = deployed.get(1).json().path("version").asInt();
        assertThat(List.of(fromOne, fromTwo)).containsExactlyInAnyOrder(1, 2);
        // Each number is the code that was deployed under it, on every replica, the deploying ones included.
        eachReplicaAnswers("/v1/contested/" + fromOne, "from-1", LOOK_FOR);
        eachReplicaAnswers("/v1/contested/" + fromTwo, "from-2", LOOK_FOR);
    }

    @Test
    void theSameBundleDeployedThroughTwoReplicasAtOnceIsOneVersion() throws Exception {
        String body = deployBody("same");

        List<HttpAnswer> deployed = atOnce(
                () -> replicas.replica(1).post("/api/deployments/twice/versions", body),
                () -> replicas.replica(2).post("/api/deployments/twice/versions", body));

        assertThat(deployed).extracting(answer -> answer.json().path("version").asInt()).containsOnly(1);
        assertThat(deployed).extracting(HttpAnswer::status).containsExactlyInAnyOrder(201, 200);
        assertThat(deployed).extracting(answer -> answer.json().path("created").asBoolean()).containsExactlyInAnyOrder(true, false);
        for (ChildServer replica : replicas.all()) {
            JsonNode versions = Eventually.poll("deployment twice on " + replica.url(), LOOK_FOR,
                    () -> replica.get("/api/deployments/twice"), answer -> answer.status() == 200).json().path("versions");
            assertThat(versions).as("versions of twice on %s", replica.url()).hasSize(1);
        }
    }

    /** The deploy body of a Python function {@code which} that answers {@code version}, whatever it is given. */
    private static String deployBody(String version) {
        return PythonFunctions.deployBody("which", "def which(x):\n    return '" + version + "'\n", Map.of());
    }

    private static void deployVersion(ChildServer through, String deployment, String version) {
        HttpAnswer deployed = through.post("/api/deployments/" + deployment + "/versions", deployBody(version));
        assertThat(deployed.status()).as("deploy of %s: %s", version, deployed).isEqualTo(201);
    }

    private static void moveAlias(String deployment, String alias, int version) {
        HttpAnswer moved = replicas.replica(2).put("/api/deployments/" + deployment + "/aliases/" + alias,
                "{\"version\": " + version + "}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }

    private static HttpAnswer callWithKey(ChildServer replica, String key) {
        return replica.send("POST", "/v1/guarded", "{\"data\": 0}", "Authorization", key);
    }

    private static Predicate<HttpAnswer> answers(String data) {
        return answer -> answer.status() == 200 && answer.json().path("data").asText().equals(data);
    }

    private static void eachReplicaAnswers(String path, String data, Duration within) {
        for (ChildServer replica : replicas.all()) {
            Eventually.poll(path + " answering " + data + " on " + replica.url(), within,
                    () -> replica.post(path, "{\"data\": 0}"), answers(data));
        }
    }

    /**
     * For each replica, by its URL, on a thread of its own so that one's wait does not count against
     * another: the time from {@code since} (a {@link System#nanoTime()}) until {@code ask} gives an accepted answer.
     */
    private static Map<String, Duration> timesUntil(List<ChildServer> servers, long since,
                                                    Function<ChildServer, HttpAnswer> ask, Predicate<HttpAnswer> accepted) {
        Map<String, CompletableFuture<Duration>> waits = new LinkedHashMap<>();
        for (ChildServer replica : servers) {
            waits.put(replica.url(), CompletableFuture.supplyAsync(() -> {
                Eventually.poll("the awaited answer from " + replica.url(), LOOK_FOR, () -> ask.apply(replica), accepted);
                return Duration.ofNanos(System.nanoTime() - since);
            }, task -> new Thread(task, "replica-wait").start()));
        }
        Map<String, Duration> times = new LinkedHashMap<>();
        waits.forEach((replica, wait) -> times.put(replica, wait.join()));
        return times;
    }

    /** Sends both requests at the same moment, each from a thread of its own, and returns their answers in order. */
    @SafeVarargs
    private static List<HttpAnswer> atOnce(Supplier<HttpAnswer>... requests) throws Exception {
        CyclicBarrier start = new CyclicBarrier(requests.length);
        List<CompletableFuture<HttpAnswer>> answers = IntStream.range(0, requests.length)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return requests[i].get();
                }, task -> new Thread(task, "at-once-" + i).start()))
                .toList();
        List<HttpAnswer> answered = new ArrayList<>();
        for (CompletableFuture<HttpAnswer> answer : answers) {
            answered.add(answer.get());
        }
        return answered;
    }

    /** One call through the alias: when it was sent and answered, and what came back. */
    private record Answered(long sentNanos, long answeredNanos, int status, String body) {
        String version() {
            return status == 200 ? new HttpAnswer(status, null, body).json().path("data").asText() : null;
        }
    }

    /** Keeps calling {@code /v1/moving/live} on one replica, one call after the other, until stopped. */
    private static final class AliasCaller {
        private final ChildServer replica;
        private final List<Answered> answers = new ArrayList<>();
        private final Thread thread;
        private volatile boolean stopped;

        AliasCaller(ChildServer replica) {
            this.replica = replica;
            this.thread = new Thread(this::call, "alias-caller");
        }

        void start() {
            thread.start();
        }

        private void call() {
            while (!stopped) {
                long sent = System.nanoTime();
                HttpAnswer answer = replica.post("/v1/moving/live", "{\"data\": 0}");
                synchronized (answers) {
                    answers.add(new Answered(sent, System.nanoTime(), answer.status(), answer.body()));
                }
            }
        }

        void stop() {
            stopped = true;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<Answered> answers() {
            synchronized (answers) {
                return List.copyOf(answers);
            }
        }

        /** The first answer of {@code version} to a call sent after {@code since}; null while there is none. */
        Answered firstAnswerSince(long since, String version) {
            return answers().stream()
                    .filter(answer -> answer.sentNanos() > since && version.equals(answer.version()))
                    .findFirst().orElse(null);
        }
    }
}
