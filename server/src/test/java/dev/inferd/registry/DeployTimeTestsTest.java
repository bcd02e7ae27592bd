package dev.inferd.registry;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4-5: the manifest's tests: run at deploy time; a failing one stops the deploy with 400. */
class DeployTimeTestsTest {
    private static final String DOUBLER = "public class Doubler { public static long twice(long x) { return 2 * x; } }";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static HttpAnswer deployDoubler(String name, Map<String, Object> manifest) {
        return server.deployJava(name, "Doubler#twice", Map.of("Doubler.java", DOUBLER), manifest);
    }

    private static boolean isListed(String name) {
        return server.get("/api/deployments").json().get("deployments").findValuesAsText("name").contains(name);
    }

    @Test
    void passingTestsLetTheDeployThrough() {
        HttpAnswer answer = deployDoubler("tests_pass", Map.of("tests", List.of(
                Map.of("args", List.of(10), "expect", 20),
                Map.of("args", List.of(-3), "expect", -6.0),
                Map.of("args", List.of(0)))));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(server.call("tests_pass", "21").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aFailingTestIs400NamingTheTestAndCreatesNoVersion() {
        HttpAnswer answer = deployDoubler("tests_fail", Map.of("tests", List.of(
                Map.of("args", List.of(10), "expect", 20),
                Map.of("args", List.of(5), "expect", 11))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("tests[1]").contains("[5]").contains("11").contains("10");
        assertThat(isListed("tests_fail")).isFalse();
    }

    @Test
    void aFailingTestOnANewVersionKeepsTheOldVersionAsLatest() {
        deployDoubler("tests_fail_later", Map.of());

        HttpAnswer answer = deployDoubler("tests_fail_later", Map.of("tests", List.of(Map.of("args", List.of(1), "expect", 3))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("tests[0]");
        assertThat(server.get("/api/deployments/tests_fail_later").json().get("versions")).hasSize(1);
        assertThat(server.call("tests_fail_later", "1").body()).isEqualTo("{\"data\":2}");
    }

    @Test
    void aTestWhoseMainFunctionThrowsIs400WithTheFailure() {
        HttpAnswer answer = server.deployJava("tests_throw", "Thrower#run", Map.of("Thrower.java",
                "public class Thrower { public static long run(long x) { throw new IllegalStateException(\"no luck \" + x); } }"),
                Map.of("tests", List.of(Map.of("args", List.of(4)))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("tests[0]").contains("no luck 4");
        assertThat(isListed("tests_throw")).isFalse();
    }

    @Test
    void aTestWithTheWrongNumberOfArgumentsIs400() {
        HttpAnswer answer = deployDoubler("tests_arity", Map.of("tests", List.of(Map.of("args", List.of(1, 2), "expect", 2))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("tests[0]");
        assertThat(isListed("tests_arity")).isFalse();
    }

    @Test
    void unknownManifestKeysAre400SoAMisspeltTestsKeyCannotSkipTheTests() {
        HttpAnswer answer = deployDoubler("tests_misspelt", Map.of("tets", List.of(Map.of("args", List.of(1), "expect", 3))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("tets");
        assertThat(isListed("tests_misspelt")).isFalse();
    }

    @Test
    void unknownKeysInsideATestAre400() {
        HttpAnswer answer = deployDoubler("tests_bad_key", Map.of("tests", List.of(Map.of("args", List.of(1), "expected", 2))));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("expected");
        assertThat(isListed("tests_bad_key")).isFalse();
    }

    @Test
    void aBundleThatDoesNotCompileIs400AndCreatesNoVersion() {
        HttpAnswer answer = server.deployJava("does_not_compile", "Broken#run",
                Map.of("Broken.java", "public class Broken { public static long run(long x) { return x + ; } }"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(isListed("does_not_compile")).isFalse();
    }

    @Test
    void aMainMethodThatDoesNotExistIs400AndCreatesNoVersion() {
        HttpAnswer answer = server.deployJava("missing_main", "Doubler#thrice", Map.of("Doubler.java", DOUBLER));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("thrice");
        assertThat(isListed("missing_main")).isFalse();
    }
}
