package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1, values: the same value answers the same JSON from either runtime. Each test deploys a
 * Java method and a Python function that return the same values in each language's own types and
 * compares both answers with each other and with the JSON the docs promise.
 */
class PythonValuesAreWrittenAsJavaWritesThemTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePython() {
        PythonAvailability.assumePython();
    }

    /** Deploys {@code values()} returning {@code javaExpression} in Java, with {@code javaTypes} beside it. */
    private static void deployJava(String name, String javaTypes, String javaExpression) {
        HttpAnswer deployed = server.deployJava(name, "Values#values", Map.of("Values.java", """
                import java.math.BigDecimal;
                import java.time.*;
                import java.util.*;
                public class Values {
                %s
                    public static Object values() {
                        return %s;
                    }
                }
                """.formatted(javaTypes, javaExpression)));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
    }

    private static void deployPython(String name, String source, Map<String, Object> manifest) {
        HttpAnswer deployed = PythonBundles.deploy(server, name, "values", source, manifest);
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
    }

    /** The answer of both deployments, checked to be the same text. */
    private static String sameAnswer(String javaDeployment, String pythonDeployment) {
        HttpAnswer java = server.call(javaDeployment, "[]");
        HttpAnswer python = server.call(pythonDeployment, "[]");
        assertThat(java.status()).as(java.toString()).isEqualTo(200);
        assertThat(python.status()).as(python.toString()).isEqualTo(200);
        assertThat(python.body()).as("Python's answer against Java's").isEqualTo(java.body());
        return python.body();
    }

    @Test
    void aDecimalKeepsEveryDigitAsABigDecimalDoes() {
        deployJava("java_decimals", "", """
                List.of(new BigDecimal("1.10"), new BigDecimal("1E+3"), new BigDecimal("0.0000001"),
                        new BigDecimal("-0.00"), new BigDecimal("12345678901234567890.123456789"))""");
        deployPython("python_decimals", """
                from decimal import Decimal

                def values():
                    return [Decimal("1.10"), Decimal("1E+3"), Decimal("0.0000001"), Decimal("-0.00"),
                            Decimal("12345678901234567890.123456789")]
                """, Map.of("workers", 1));

        assertThat(sameAnswer("java_decimals", "python_decimals"))
                .isEqualTo("{\"data\":[1.10,1E+3,1E-7,0.00,12345678901234567890.123456789]}");
    }

    @Test
    void aDecimalAloneKeepsItsDigitsToo() {
        deployJava("java_decimal", "", "new BigDecimal(\"2.50\")");
        deployPython("python_decimal", "from decimal import Decimal\n\ndef values():\n    return Decimal('2.50')\n",
                Map.of("workers", 1));

        assertThat(sameAnswer("java_decimal", "python_decimal")).isEqualTo("{\"data\":2.50}");
    }

    @Test
    void aFloatIsStillWrittenAsAJavaDoubleIs() {
        // Python writes 1e+16 with a lowercase e, which the server reads as a double, not a decimal.
        deployJava("java_double", "", "1e16");
        deployPython("python_float", "def values():\n    return 1e16\n", Map.of("workers", 1));

        assertThat(sameAnswer("java_double", "python_float")).isEqualTo("{\"data\":1.0E16}");
    }

    @Test
    void aTimedeltaIsWrittenAsAJavaDurationIs() {
        deployJava("java_durations", "", """
                List.of(Duration.ofMillis(1500), Duration.ofMillis(-1500), Duration.ofHours(48), Duration.ofMinutes(90),
                        Duration.ZERO, Duration.ofSeconds(-90), Duration.ofMinutes(-61).minusMillis(500),
                        Duration.ofDays(1).plusNanos(1000))""");
        deployPython("python_durations", """
                from datetime import timedelta

                def values():
                    return [timedelta(milliseconds=1500), timedelta(milliseconds=-1500), timedelta(hours=48),
                            timedelta(minutes=90), timedelta(0), timedelta(seconds=-90),
                            timedelta(minutes=-61, milliseconds=-500), timedelta(days=1, microseconds=1)]
                """, Map.of("workers", 1));

        assertThat(sameAnswer("java_durations", "python_durations"))
                .isEqualTo("{\"data\":[\"PT1.5S\",\"PT-1.5S\",\"PT48H\",\"PT1H30M\",\"PT0S\",\"PT-1M-30S\",\"PT-1H-1M-0.5S\",\"PT24H0.000001S\"]}");
    }

    @Test
    void numpyAndPandasDurationsKeepTheirNanosecondsAsAJavaDurationDoes() {
        String python = PythonAvailability.interpreterWith("pandas");
        deployJava("java_nanosecond_durations", "",
                "List.of(Duration.ofNanos(1), Duration.ofSeconds(-90, 500), Duration.ofDays(2).plusNanos(5))");
        deployPython("python_nanosecond_durations", """
                import numpy as np
                import pandas as pd

                def values():
                    return [np.timedelta64(1, "ns"), pd.Timedelta(-90 * 10**9 + 500, unit="ns"),
                            pd.Series([pd.Timedelta(days=2, nanoseconds=5)])[0]]
                """, Map.of("workers", 1, "python", python));

        assertThat(sameAnswer("java_nanosecond_durations", "python_nanosecond_durations"))
                .isEqualTo("{\"data\":[\"PT0.000000001S\",\"PT-1M-29.9999995S\",\"PT48H0.000000005S\"]}");
    }

    @Test
    void anEnumMemberIsWrittenByNameAsAJavaEnumIs() {
        deployJava("java_enums", "public enum Color { RED, GREEN }", "List.of(Color.RED, Color.GREEN)");
        deployPython("python_enums", """
                import enum

                class Color(enum.Enum):
                    RED = 1
                    GREEN = "green"

                def values():
                    return [Color.RED, Color.GREEN]
                """, Map.of("workers", 1));

        assertThat(sameAnswer("java_enums", "python_enums")).isEqualTo("{\"data\":[\"RED\",\"GREEN\"]}");
    }

    @Test
    void aDataclassIsWrittenAsAJavaRecordIs() {
        deployJava("java_record", """
                    public enum Color { RED, GREEN }
                    public record Score(String label, double probability, List<Integer> ranks, Color color, Duration took) { }
                """, "new Score(\"cat\", 0.75, List.of(1, 2), Color.GREEN, Duration.ofMillis(250))");
        deployPython("python_dataclass", """
                import dataclasses
                import datetime
                import enum

                class Color(enum.Enum):
                    RED = 1
                    GREEN = 2

                @dataclasses.dataclass
                class Score:
                    label: str
                    probability: float
                    ranks: list
                    color: Color
                    took: datetime.timedelta

                def values():
                    return Score("cat", 0.75, [1, 2], Color.GREEN, datetime.timedelta(milliseconds=250))
                """, Map.of("workers", 1));

        assertThat(sameAnswer("java_record", "python_dataclass"))
                .isEqualTo("{\"data\":{\"label\":\"cat\",\"probability\":0.75,\"ranks\":[1,2],\"color\":\"GREEN\",\"took\":\"PT0.25S\"}}");
    }

    @Test
    void dictKeysAreWrittenAsJavaWritesMapKeys() {
        PythonAvailability.assumeModule("numpy");
        deployJava("java_map_keys", "public enum Color { RED }", """
                new LinkedHashMap<Object, Object>(Map.of()) {{
                    put(3, "int"); put(4L, "long"); put(Color.RED, "enum"); put(LocalDate.of(2024, 1, 2), "date");
                    put(Duration.ofSeconds(2), "duration"); put(new BigDecimal("1.10"), "decimal");
                }}""");
        deployPython("python_dict_keys", """
                import datetime
                import decimal
                import enum
                import numpy as np

                class Color(enum.Enum):
                    RED = 1

                def values():
                    return {np.int32(3): "int", np.int64(4): "long", Color.RED: "enum", datetime.date(2024, 1, 2): "date",
                            datetime.timedelta(seconds=2): "duration", decimal.Decimal("1.10"): "decimal"}
                """, Map.of("workers", 1));

        assertThat(sameAnswer("java_map_keys", "python_dict_keys")).isEqualTo(
                "{\"data\":{\"3\":\"int\",\"4\":\"long\",\"RED\":\"enum\",\"2024-01-02\":\"date\",\"PT2S\":\"duration\",\"1.10\":\"decimal\"}}");
    }
}
