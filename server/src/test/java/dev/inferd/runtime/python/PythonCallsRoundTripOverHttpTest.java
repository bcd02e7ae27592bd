package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1 through the Python worker's frames: single and batch calls come back exactly, with
 * integers at full precision, every Unicode character, nesting and null intact in both directions.
 */
class PythonCallsRoundTripOverHttpTest {
    /** 2**70 and 2**71: beyond long, and beyond a double's exact integers. */
    private static final String TWO_TO_THE_70 = "1180591620717411303424";
    private static final String TWO_TO_THE_71 = "2361183241434822606848";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void deployFunctionsThatEchoWhatPythonSaw() {
        PythonAvailability.assumePython();
        PythonBundles.deployed(server, "twice", "f", 1, "def f(x):\n    return 2 * x\n");
        PythonBundles.deployed(server, "echo", "f", 1, "def f(x):\n    return x\n");
        PythonBundles.deployed(server, "describe", "f", 1, """
                def f(x):
                    return {"type": type(x).__name__, "value": x}
                """);
        PythonBundles.deployed(server, "text", "f", 1, """
                def f(s):
                    return {"length": len(s), "reversed": s[::-1], "code_points": [ord(c) for c in s], "same": s}
                """);
        PythonBundles.deployed(server, "nothing", "f", 1, "def f(x):\n    return None\n");
    }

    @Test
    void aSingleCallAnswersTheFunctionsResult() {
        assertThat(server.call("twice", "21").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aBatchAnswersEveryItemSortedById() {
        HttpAnswer answer = server.call("twice", "[[3, 30], [1, 10], [\"b\", 2.5], [2, -4]]");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":[[1,20],[2,-8],[3,60],[\"b\",5.0]]}");
    }

    @Test
    void bigIntegersKeepFullPrecisionOnTheWayIn() {
        JsonNode seen = server.call("describe", TWO_TO_THE_70).json().get("data");

        assertThat(seen.get("type").asText()).isEqualTo("int");
        assertThat(seen.get("value").toString()).isEqualTo(TWO_TO_THE_70);
    }

    @Test
    void bigIntegersKeepFullPrecisionOnTheWayOut() {
        assertThat(server.call("twice", TWO_TO_THE_70).body()).isEqualTo("{\"data\":" + TWO_TO_THE_71 + "}");
        assertThat(server.call("twice", "-" + TWO_TO_THE_70).body()).isEqualTo("{\"data\":-" + TWO_TO_THE_71 + "}");
    }

    @Test
    void bigIntegersKeepFullPrecisionInABatch() {
        HttpAnswer answer = server.call("twice", "[[1, " + TWO_TO_THE_70 + "], [2, 9007199254740993]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1," + TWO_TO_THE_71 + "],[2,18014398509481986]]}");
    }

    @Test
    void aBigIntegerComputedInPythonComesBackExactly() {
        PythonBundles.deployed(server, "power", "f", 1, "def f(n):\n    return 3 ** n\n");

        assertThat(server.call("power", "60").body()).isEqualTo("{\"data\":42391158275216203514294433201}");
    }

    @Test
    void floatsComeBackAsTheSameNumber() {
        assertThat(server.call("echo", "0.1").body()).isEqualTo("{\"data\":0.1}");
        assertThat(server.call("echo", "[[1, 0.30000000000000004]]").body()).isEqualTo("{\"data\":[[1,0.30000000000000004]]}");
    }

    @Test
    void nonAsciiTextArrivesAsTheSameCodePoints() {
        JsonNode seen = server.call("text", "\"héllo wörld ñ €\"").json().get("data");

        assertThat(seen.get("length").asInt()).isEqualTo(15);
        assertThat(seen.get("same").asText()).isEqualTo("héllo wörld ñ €");
        assertThat(seen.get("reversed").asText()).isEqualTo("€ ñ dlröw olléh");
    }

    @Test
    void charactersBeyondTheBasicPlaneAreOneCodePointEachInPythonAndComeBackWhole() {
        String text = "a\uD83D\uDE00b\uD834\uDD1E"; // a😀b𝄞
        JsonNode seen = server.call("text", "\"" + text + "\"").json().get("data");

        assertThat(seen.get("length").asInt()).isEqualTo(4);
        assertThat(seen.get("code_points").toString()).isEqualTo("[97,128512,98,119070]");
        assertThat(seen.get("same").asText()).isEqualTo(text);
        assertThat(seen.get("reversed").asText()).isEqualTo("\uD834\uDD1Eb\uD83D\uDE00a");
    }

    @Test
    void escapedSurrogatePairsInTheRequestAreOneCharacterInPython() {
        JsonNode seen = server.call("text", "\"\\ud83d\\ude00\"").json().get("data");

        assertThat(seen.get("code_points").toString()).isEqualTo("[128512]");
        assertThat(seen.get("same").asText()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void nestedObjectsAndListsComeBackUnchanged() {
        String nested = "{\"a\":[1,{\"b\":[true,false,null,\"x\"]},[[[]]]],\"c\":{\"d\":{\"e\":{}}},\"f\":-1.5}";

        JsonNode seen = server.call("describe", nested).json().get("data");

        assertThat(seen.get("type").asText()).isEqualTo("dict");
        assertThat(seen.get("value").toString()).isEqualTo(nested);
    }

    @Test
    void jsonNullArrivesAsNone() {
        assertThat(server.call("describe", "null").json().get("data").get("type").asText()).isEqualTo("NoneType");
    }

    @Test
    void noneComesBackAsNull() {
        assertThat(server.call("nothing", "1").body()).isEqualTo("{\"data\":null}");
        assertThat(server.call("nothing", "[[1, 1], [2, 2]]").body()).isEqualTo("{\"data\":[[1,null],[2,null]]}");
    }

    @Test
    void aBooleanStaysABoolean() {
        JsonNode seen = server.call("describe", "true").json().get("data");

        assertThat(seen.get("type").asText()).isEqualTo("bool");
        assertThat(seen.get("value").isBoolean()).isTrue();
    }
}
