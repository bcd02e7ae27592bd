package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code main: Class#method} is resolved when the version is deployed: static and instance methods
 * and overloads of different lengths run; anything that cannot run is a 400 that creates no version.
 */
class JavaMainMethodIsFoundOrRefusedAtDeployTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aStaticMainMethodRuns() {
        server.deployJavaClass("main_static", "Tripler", "apply", "public static int apply(int x) { return 3 * x; }");

        assertThat(server.call("main_static", "14").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void anInstanceMainMethodRunsOnOneInstanceThatLivesAsLongAsTheVersion() {
        server.deployJavaClass("main_instance", "Counter", "next",
                "private int calls;\n"
                        + "public Counter() { }\n"
                        + "public int next(int step) { calls += step; return calls; }");

        assertThat(server.call("main_instance", "1").body()).isEqualTo("{\"data\":1}");
        assertThat(server.call("main_instance", "1").body()).isEqualTo("{\"data\":2}");
        assertThat(server.call("main_instance", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.call("main_instance", "[[\"a\", 1], [\"b\", 1]]").body())
                .isEqualTo("{\"data\":[[\"a\",13],[\"b\",14]]}");
    }

    @Test
    void theConstructorOfAnInstanceMainMethodRunsOncePerVersion() {
        server.deployJavaClass("main_constructor_once", "Constructed", "count",
                "private static int constructed;\n"
                        + "public Constructed() { constructed++; }\n"
                        + "public int count(String ignored) { return constructed; }");

        assertThat(server.call("main_constructor_once", "\"a\"").body()).isEqualTo("{\"data\":1}");
        assertThat(server.call("main_constructor_once", "\"b\"").body()).isEqualTo("{\"data\":1}");
    }

    @Test
    void aNewVersionGetsItsOwnFreshInstance() {
        server.deployJavaClass("main_instance_versions", "Tally", "next",
                "private int calls;\npublic int next(String ignored) { return ++calls; }");
        server.call("main_instance_versions", "\"x\"");
        server.call("main_instance_versions", "\"x\"");
        server.deployJavaClass("main_instance_versions", "Tally", "next",
                "private int calls = 100;\npublic int next(String ignored) { return ++calls; }");

        assertThat(server.call("main_instance_versions/1", "\"x\"").body()).isEqualTo("{\"data\":3}");
        assertThat(server.call("main_instance_versions/2", "\"x\"").body()).isEqualTo("{\"data\":101}");
    }

    @Test
    void overloadsWithDifferentParameterCountsAreChosenByArgumentCount() {
        server.deployJavaClass("main_overloads", "Greeter", "greet",
                "public static String greet(String name) { return \"hello \" + name; }\n"
                        + "public static String greet(String greeting, String name) { return greeting + \" \" + name; }\n"
                        + "public static String greet(String greeting, String name, int times) { return (greeting + \" \" + name + \" \").repeat(times).strip(); }");

        assertThat(server.call("main_overloads", "\"ada\"").body()).isEqualTo("{\"data\":\"hello ada\"}");
        assertThat(server.call("main_overloads", "[\"hi\", \"ada\"]").body()).isEqualTo("{\"data\":\"hi ada\"}");
        assertThat(server.call("main_overloads", "[\"yo\", \"ada\", 2]").body()).isEqualTo("{\"data\":\"yo ada yo ada\"}");
        assertThat(server.call("main_overloads", "[[1, \"bob\"], [2, \"hey\", \"bob\"]]").body())
                .isEqualTo("{\"data\":[[1,\"hello bob\"],[2,\"hey bob\"]]}");
    }

    @Test
    void anArgumentCountNoOverloadTakesIsABadRequest() {
        server.deployJavaClass("main_overloads_count", "Joiner", "join",
                "public static String join(String a, String b) { return a + b; }\n"
                        + "public static String join(String a, String b, String c) { return a + b + c; }");

        HttpAnswer answer = server.call("main_overloads_count", "[\"a\"]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("2 or 3 arguments");
    }

    @Test
    void callingADeploymentWhoseFirstDeployFailedAnswersNotFound() {
        HttpAnswer refused = deploy("main_never_created", "Never#apply",
                "public class Never { public static int apply(int x) { return x + ; } }\n");
        assertThat(refused.status()).isEqualTo(400);

        HttpAnswer answer = server.call("main_never_created", "1");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void overloadsWithTheSameParameterCountAreRefusedNamingBoth() {
        HttpAnswer answer = deploy("main_ambiguous", "Ambiguous#apply", "public class Ambiguous {\n"
                + "  public static int apply(int x) { return x; }\n"
                + "  public static String apply(String x) { return x; }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_ambiguous");
        assertThat(answer.errorMessage()).contains("apply(int)").contains("apply(java.lang.String)");
    }

    @Test
    void anOverloadWhoseCountAVarargsOverloadAlsoTakesIsRefused() {
        HttpAnswer answer = deploy("main_ambiguous_varargs", "Spread#apply", "public class Spread {\n"
                + "  public static int apply(int a, int b) { return a + b; }\n"
                + "  public static int apply(int... xs) { return xs.length; }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_ambiguous_varargs");
        assertThat(answer.errorMessage()).contains("apply(int, int)").contains("apply(int[])");
    }

    @Test
    void aMissingClassIsRefused() {
        HttpAnswer answer = deploy("main_no_class", "Elsewhere#apply",
                "public class Here { public static int apply(int x) { return x; } }\n");

        assertRefusedWithoutVersion(answer, "main_no_class");
        assertThat(answer.errorMessage()).contains("Elsewhere");
    }

    @Test
    void aMissingMethodIsRefused() {
        HttpAnswer answer = deploy("main_no_method", "Here#predict",
                "public class Here { public static int apply(int x) { return x; } }\n");

        assertRefusedWithoutVersion(answer, "main_no_method");
        assertThat(answer.errorMessage()).contains("predict");
    }

    @Test
    void aMethodThatIsNotPublicIsRefused() {
        HttpAnswer answer = deploy("main_private", "Hidden#apply",
                "public class Hidden { static int apply(int x) { return x; } }\n");

        assertRefusedWithoutVersion(answer, "main_private");
        assertThat(answer.errorMessage()).contains("apply").contains("not public");
    }

    @Test
    void aClassThatIsNotPublicIsRefused() {
        HttpAnswer answer = deploy("main_package_class", "Secret#apply", Map.of(
                "Secret.java", "class Secret { public static int apply(int x) { return x; } }\n"));

        assertRefusedWithoutVersion(answer, "main_package_class");
        assertThat(answer.errorMessage()).contains("Secret");
    }

    @Test
    void aClassWhoseStaticInitializerThrowsIsRefusedWithTheReason() {
        HttpAnswer answer = deploy("main_bad_static", "Fragile#apply", "public class Fragile {\n"
                + "  private static final int LIMIT = load();\n"
                + "  private static int load() { throw new IllegalStateException(\"model file missing\"); }\n"
                + "  public static int apply(int x) { return Math.min(x, LIMIT); }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_bad_static");
        assertThat(answer.errorMessage()).contains("Fragile").contains("IllegalStateException: model file missing");
    }

    @Test
    void aConstructorThatThrowsIsRefusedWithTheReason() {
        HttpAnswer answer = deploy("main_bad_constructor", "Grumpy#apply", "public class Grumpy {\n"
                + "  public Grumpy() { throw new UnsupportedOperationException(\"no weights\"); }\n"
                + "  public int apply(int x) { return x; }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_bad_constructor");
        assertThat(answer.errorMessage()).contains("Grumpy").contains("UnsupportedOperationException: no weights");
    }

    @Test
    void anInstanceMethodOfAClassWithoutANoArgumentConstructorIsRefused() {
        HttpAnswer answer = deploy("main_no_default_constructor", "Configured#apply", "public class Configured {\n"
                + "  private final int offset;\n"
                + "  public Configured(int offset) { this.offset = offset; }\n"
                + "  public int apply(int x) { return x + offset; }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_no_default_constructor");
        assertThat(answer.errorMessage()).contains("no-argument constructor");
    }

    @Test
    void aCompileErrorIsRefusedWithTheCompilersMessageAndItsFileAndLine() {
        HttpAnswer answer = deploy("main_compile_error", "Broken#apply", "public class Broken {\n"
                + "  public static int apply(int x) {\n"
                + "    return x + undefinedVariable;\n"
                + "  }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_compile_error");
        assertThat(answer.errorMessage())
                .contains("Broken.java:3")
                .contains("cannot find symbol")
                .contains("undefinedVariable");
    }

    @Test
    void aCompileErrorInALaterVersionKeepsTheEarlierVersionServing() {
        server.deployJavaClass("main_compile_error_later", "Stable", "apply", "public static int apply(int x) { return x; }");

        HttpAnswer answer = deploy("main_compile_error_later", "Stable#apply",
                "public class Stable { public static int apply(int x) { return x } }\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("Stable.java:1").contains("';' expected");
        assertThat(server.get("/api/deployments/main_compile_error_later").json().path("versions")).hasSize(1);
        assertThat(server.call("main_compile_error_later/latest", "5").body()).isEqualTo("{\"data\":5}");
    }

    @Test
    void codeThatUsesTheServersLibrariesDoesNotCompile() {
        HttpAnswer answer = deploy("main_server_library", "UsesJackson#apply", "public class UsesJackson {\n"
                + "  public static String apply(int x) {\n"
                + "    return new com.fasterxml.jackson.databind.ObjectMapper().toString();\n"
                + "  }\n"
                + "}\n");

        assertRefusedWithoutVersion(answer, "main_server_library");
        assertThat(answer.errorMessage()).contains("UsesJackson.java:3");
    }

    private static HttpAnswer deploy(String name, String main, String source) {
        String className = main.substring(0, main.indexOf('#'));
        return deploy(name, main, Map.of(className + ".java", source));
    }

    private static HttpAnswer deploy(String name, String main, Map<String, String> sources) {
        return server.deployJava(name, main, sources);
    }

    private static void assertRefusedWithoutVersion(HttpAnswer answer, String name) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        NotDeployed.assertNotDeployed(server, name);
    }
}
