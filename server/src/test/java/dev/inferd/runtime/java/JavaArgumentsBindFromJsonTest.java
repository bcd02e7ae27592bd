package dev.inferd.runtime.java;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every parameter kind PROTOCOL §5 promises is bound from the JSON of a real HTTP call. */
class JavaArgumentsBindFromJsonTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void anIntIsBoundUpToItsLargestValue() {
        server.deployJavaClass("bind_int", "IntPlusOne", "apply",
                "public static long apply(int x) { return (long) x + 1; }");

        assertThat(server.call("bind_int", "2147483647").body()).isEqualTo("{\"data\":2147483648}");
        assertThat(server.call("bind_int", "-5").body()).isEqualTo("{\"data\":-4}");
    }

    @Test
    void aLongKeepsEveryDigitBeyondDoublePrecision() {
        server.deployJavaClass("bind_long", "LongEcho", "apply",
                "public static String apply(long x) { return \"long \" + x; }");

        assertThat(server.call("bind_long", "9007199254740993").body()).isEqualTo("{\"data\":\"long 9007199254740993\"}");
    }

    @Test
    void aDoubleAcceptsFractionsAndWholeNumbers() {
        server.deployJavaClass("bind_double", "DoubleHalf", "apply",
                "public static String apply(double x) { return \"half \" + (x / 2); }");

        assertThat(server.call("bind_double", "2.5").body()).isEqualTo("{\"data\":\"half 1.25\"}");
        assertThat(server.call("bind_double", "3").body()).isEqualTo("{\"data\":\"half 1.5\"}");
    }

    @Test
    void aBooleanIsBoundFromTrueAndFalse() {
        server.deployJavaClass("bind_boolean", "YesNo", "apply",
                "public static String apply(boolean b) { return b ? \"yes\" : \"no\"; }");

        assertThat(server.call("bind_boolean", "true").body()).isEqualTo("{\"data\":\"yes\"}");
        assertThat(server.call("bind_boolean", "false").body()).isEqualTo("{\"data\":\"no\"}");
    }

    @Test
    void aBoxedIntegerAcceptsNullAsNull() {
        server.deployJavaClass("bind_boxed", "MaybeInt", "apply",
                "public static String apply(Integer x) { return x == null ? \"none\" : \"int \" + (x + 1); }");

        assertThat(server.call("bind_boxed", "null").body()).isEqualTo("{\"data\":\"none\"}");
        assertThat(server.call("bind_boxed", "41").body()).isEqualTo("{\"data\":\"int 42\"}");
    }

    @Test
    void aStringIsBoundWithItsUnicodeIntact() {
        server.deployJavaClass("bind_string", "Shout", "apply",
                "public static String apply(String s) { return s.toUpperCase(Locale.ROOT) + \"!\" + s.length(); }");

        assertThat(server.call("bind_string", "\"grüße\"").json().path("data").asText()).isEqualTo("GRÜSSE!5");
    }

    @Test
    void aMapOfStringToIntegerIsBoundEntryByEntry() {
        server.deployJavaClass("bind_map", "MapSum", "apply",
                "public static String apply(Map<String, Integer> m) {\n"
                        + "  int sum = 0; for (Integer v : m.values()) sum += v;\n"
                        + "  return new TreeMap<>(m).keySet() + \"=\" + sum; }");

        assertThat(server.call("bind_map", "{\"b\": 2, \"a\": 1, \"c\": 30}").body()).isEqualTo("{\"data\":\"[a, b, c]=33\"}");
    }

    @Test
    void aListOfDoublesIsBoundAsDoubles() {
        server.deployJavaClass("bind_list", "ListMean", "apply",
                "public static String apply(List<Double> xs) {\n"
                        + "  double sum = 0; for (Double x : xs) sum += x;\n"
                        + "  return xs.get(0).getClass().getSimpleName() + \" \" + sum / xs.size(); }");

        assertThat(server.call("bind_list", "[1, 2.5, 5.5]").body()).isEqualTo("{\"data\":\"Double 3.0\"}");
    }

    @Test
    void aListOfMapsOfStringsIsBoundAllTheWayDown() {
        server.deployJavaClass("bind_nested", "NestedJoin", "apply",
                "public static String apply(List<Map<String, String>> rows) {\n"
                        + "  StringBuilder out = new StringBuilder();\n"
                        + "  for (Map<String, String> row : rows) out.append(row.get(\"first\")).append(' ').append(row.get(\"last\")).append(';');\n"
                        + "  return out.toString(); }");

        var answer = server.call("bind_nested",
                "[{\"first\": \"Ada\", \"last\": \"Lovelace\"}, {\"first\": \"Alan\", \"last\": \"Turing\"}]");

        assertThat(answer.body()).isEqualTo("{\"data\":\"Ada Lovelace;Alan Turing;\"}");
    }

    @Test
    void aRecordOfTheBundleIsBuiltFromAJsonObject() {
        var deployed = server.deployJava("bind_record", "Geometry#area", Map.of(
                "Point.java", "public record Point(int x, int y) { }\n",
                "Geometry.java", "public class Geometry {\n"
                        + "  public static String area(Point p) { return p + \" \" + (p.x() * p.y()); }\n"
                        + "}\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(server.call("bind_record", "{\"x\": 3, \"y\": 4}").body()).isEqualTo("{\"data\":\"Point[x=3, y=4] 12\"}");
    }

    @Test
    void aBeanIsBuiltWithItsNoArgumentConstructorAndSetters() {
        var deployed = server.deployJava("bind_bean", "Boxes#volume", Map.of(
                "Box.java", "public class Box {\n"
                        + "  private int width; private int height; private String label = \"unset\";\n"
                        + "  public Box() { }\n"
                        + "  public void setWidth(int width) { this.width = width; }\n"
                        + "  public void setHeight(int height) { this.height = height; }\n"
                        + "  public void setLabel(String label) { this.label = label; }\n"
                        + "  public String describe() { return label + \" \" + width * height; }\n"
                        + "}\n",
                "Boxes.java", "public class Boxes {\n"
                        + "  public static String volume(Box box) { return box.describe(); }\n"
                        + "}\n"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(server.call("bind_bean", "{\"width\": 6, \"height\": 7, \"label\": \"crate\"}").body())
                .isEqualTo("{\"data\":\"crate 42\"}");
        assertThat(server.call("bind_bean", "{\"width\": 2, \"height\": 3}").body()).isEqualTo("{\"data\":\"unset 6\"}");
    }

    @Test
    void varargsTakeAnyNumberOfArgumentsInASingleCall() {
        server.deployJavaClass("bind_varargs", "LongSum", "sum",
                "public static String sum(long... xs) { long s = 0; for (long x : xs) s += x; return xs.length + \":\" + s; }");

        assertThat(server.call("bind_varargs", "[]").body()).isEqualTo("{\"data\":\"0:0\"}");
        assertThat(server.call("bind_varargs", "7").body()).isEqualTo("{\"data\":\"1:7\"}");
        assertThat(server.call("bind_varargs", "[1, 2, 3]").body()).isEqualTo("{\"data\":\"3:6\"}");
        assertThat(server.call("bind_varargs", "[9007199254740993, 0]").body()).isEqualTo("{\"data\":\"2:9007199254740993\"}");
    }

    @Test
    void varargsTakeADifferentNumberOfArgumentsInEachBatchItem() {
        server.deployJavaClass("bind_varargs_batch", "LongCount", "sum",
                "public static String sum(long... xs) { long s = 0; for (long x : xs) s += x; return xs.length + \":\" + s; }");

        var answer = server.call("bind_varargs_batch", "[[\"c\", 1, 2, 3, 4], [\"a\"], [\"b\", 5]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[\"a\",\"0:0\"],[\"b\",\"1:5\"],[\"c\",\"4:10\"]]}");
    }

    @Test
    void varargsAfterFixedParametersGetTheRemainingArguments() {
        server.deployJavaClass("bind_varargs_fixed", "Labelled", "apply",
                "public static String apply(String label, int... xs) { return label + Arrays.toString(xs); }");

        assertThat(server.call("bind_varargs_fixed", "[\"none\"]").body()).isEqualTo("{\"data\":\"none[]\"}");
        assertThat(server.call("bind_varargs_fixed", "[\"two\", 4, 5]").body()).isEqualTo("{\"data\":\"two[4, 5]\"}");
    }

    @Test
    void aTwoParameterMethodGetsAnArraySpreadOverItsParameters() {
        server.deployJavaClass("bind_spread", "Repeat", "apply",
                "public static String apply(String text, int times) { return text.repeat(times); }");

        assertThat(server.call("bind_spread", "[\"ab\", 3]").body()).isEqualTo("{\"data\":\"ababab\"}");
    }

    @Test
    void aTwoParameterMethodTakesBatchItemsOfTwoArguments() {
        server.deployJavaClass("bind_spread_batch", "Power", "apply",
                "public static double apply(double base, int exponent) { return Math.pow(base, exponent); }");

        var answer = server.call("bind_spread_batch", "[[2, 3, 2], [1, 2, 10]]");

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,1024.0],[2,9.0]]}");
    }
}
