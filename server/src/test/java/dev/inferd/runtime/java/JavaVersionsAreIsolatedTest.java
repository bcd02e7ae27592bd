package dev.inferd.runtime.java;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each version runs in its own class loader whose parent is the platform loader: user code sees the
 * JDK and its bundle, never the server's libraries nor another version's classes.
 */
class JavaVersionsAreIsolatedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void userCodeCannotLoadTheServersLibraries() {
        server.deployJavaClass("iso_server_classes", "Probe", "probe",
                "public static String probe(String className) {\n"
                        + "  try {\n"
                        + "    Class.forName(className);\n"
                        + "    return \"visible\";\n"
                        + "  } catch (ClassNotFoundException e) {\n"
                        + "    return \"isolated\";\n"
                        + "  }\n"
                        + "}");

        var answer = server.call("iso_server_classes", "[[1, \"com.fasterxml.jackson.databind.ObjectMapper\"],"
                + " [2, \"io.vertx.core.Vertx\"], [3, \"dev.inferd.Main\"], [4, \"org.slf4j.LoggerFactory\"],"
                + " [5, \"java.util.concurrent.ConcurrentHashMap\"], [6, \"java.sql.Connection\"]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,\"isolated\"],[2,\"isolated\"],[3,\"isolated\"],"
                + "[4,\"isolated\"],[5,\"visible\"],[6,\"visible\"]]}");
    }

    @Test
    void theContextClassLoaderDoesNotRevealTheServersLibrariesEither() {
        server.deployJavaClass("iso_context_loader", "ContextProbe", "probe",
                "public static String probe(String className) {\n"
                        + "  try {\n"
                        + "    Class.forName(className, false, Thread.currentThread().getContextClassLoader());\n"
                        + "    return \"visible\";\n"
                        + "  } catch (ClassNotFoundException e) {\n"
                        + "    return \"isolated\";\n"
                        + "  }\n"
                        + "}");

        assertThat(server.call("iso_context_loader", "\"com.fasterxml.jackson.databind.ObjectMapper\"").body())
                .isEqualTo("{\"data\":\"isolated\"}");
        assertThat(server.call("iso_context_loader", "\"ContextProbe\"").body()).isEqualTo("{\"data\":\"visible\"}");
    }

    @Test
    void theSameClassNameInTwoDeploymentsKeepsEachDeploymentsBehaviour() {
        server.deployJava("iso_same_name_a", "shared.Model#predict", Map.of(
                "shared/Model.java", model("shared", "a", "x + 1"),
                "shared/Helper.java", helper("shared", "\"from a\"")));
        server.deployJava("iso_same_name_b", "shared.Model#predict", Map.of(
                "shared/Model.java", model("shared", "b", "x * 100"),
                "shared/Helper.java", helper("shared", "\"from b\"")));

        assertThat(server.call("iso_same_name_a", "5").body()).isEqualTo("{\"data\":\"a 6 from a\"}");
        assertThat(server.call("iso_same_name_b", "5").body()).isEqualTo("{\"data\":\"b 500 from b\"}");
        assertThat(server.call("iso_same_name_a", "7").body()).isEqualTo("{\"data\":\"a 8 from a\"}");
    }

    @Test
    void twoVersionsWithTheSameClassNameEachAnswerTheirOwnBehaviour() {
        var first = server.deployJava("iso_versions", "shared.Model#predict", Map.of(
                "shared/Model.java", model("shared", "v1", "x - 1"),
                "shared/Helper.java", helper("shared", "\"one\"")));
        var second = server.deployJava("iso_versions", "shared.Model#predict", Map.of(
                "shared/Model.java", model("shared", "v2", "x * x"),
                "shared/Helper.java", helper("shared", "\"two\"")));
        assertThat(first.json().path("version").asInt()).isEqualTo(1);
        assertThat(second.json().path("version").asInt()).isEqualTo(2);

        assertThat(server.call("iso_versions/1", "9").body()).isEqualTo("{\"data\":\"v1 8 one\"}");
        assertThat(server.call("iso_versions/2", "9").body()).isEqualTo("{\"data\":\"v2 81 two\"}");
        assertThat(server.call("iso_versions/latest", "9").body()).isEqualTo("{\"data\":\"v2 81 two\"}");
        assertThat(server.call("iso_versions/1", "3").body()).isEqualTo("{\"data\":\"v1 2 one\"}");
    }

    @Test
    void staticStateIsNotSharedBetweenDeploymentsOfTheSameClass() {
        String counter = "public class Hits {\n"
                + "  private static int hits;\n"
                + "  public static int hit(String who) { return ++hits; }\n"
                + "}\n";
        server.deployJava("iso_static_a", "Hits#hit", Map.of("Hits.java", counter));
        // The same source with a comment: a different bundle, hence its own loader.
        server.deployJava("iso_static_b", "Hits#hit", Map.of("Hits.java", counter + "// b\n"));

        server.call("iso_static_a", "\"x\"");
        server.call("iso_static_a", "\"x\"");
        assertThat(server.call("iso_static_a", "\"x\"").body()).isEqualTo("{\"data\":3}");
        assertThat(server.call("iso_static_b", "\"x\"").body()).isEqualTo("{\"data\":1}");
    }

    @Test
    void theSameBundleDeployedUnderTwoNamesHasIndependentStaticState() {
        String counter = "public class Visits {\n"
                + "  private static int visits;\n"
                + "  public static int visit(String who) { return ++visits; }\n"
                + "}\n";
        server.deployJava("iso_identical_a", "Visits#visit", Map.of("Visits.java", counter));
        server.deployJava("iso_identical_b", "Visits#visit", Map.of("Visits.java", counter));

        server.call("iso_identical_a", "\"x\"");
        assertThat(server.call("iso_identical_a", "\"x\"").body()).isEqualTo("{\"data\":2}");
        assertThat(server.call("iso_identical_b", "\"x\"").body()).isEqualTo("{\"data\":1}");
    }

    private static String model(String packageName, String label, String expression) {
        return "package " + packageName + ";\n"
                + "public class Model {\n"
                + "  public static String predict(int x) { return \"" + label + " \" + (" + expression + ") + \" \" + Helper.tag(); }\n"
                + "}\n";
    }

    private static String helper(String packageName, String tagExpression) {
        return "package " + packageName + ";\n"
                + "public class Helper {\n"
                + "  static String tag() { return " + tagExpression + "; }\n"
                + "}\n";
    }
}
