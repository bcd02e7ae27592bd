package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1, values: NaN and infinities become null, numpy scalars and arrays become numbers and
 * lists, dates and times ISO-8601 strings, a pandas DataFrame a list of records, and a time that is
 * not one (NaT) null; what cannot be encoded fails only its item, naming the type. How values that
 * Java has too are written alike is {@link PythonValuesAreWrittenAsJavaWritesThemTest}.
 */
class PythonResultsAreEncodedAsJsonTest {
    private static final String PLAIN_VALUES = """
            import datetime
            import decimal

            def f(kind):
                if kind == "special_floats":
                    return [float("nan"), float("inf"), -float("inf"), 1.5]
                if kind == "nested_nan":
                    return {"score": float("nan"), "list": [1, float("-inf")]}
                if kind == "datetime":
                    return datetime.datetime(2024, 5, 17, 13, 45, 30, 123000)
                if kind == "aware_datetime":
                    return datetime.datetime(2024, 5, 17, 13, 45, 30, tzinfo=datetime.timezone.utc)
                if kind == "date":
                    return datetime.date(2024, 2, 29)
                if kind == "time":
                    return datetime.time(13, 45, 30)
                if kind == "dates_in_a_dict":
                    return {"day": datetime.date(2024, 1, 2), "days": [datetime.date(2024, 1, 3)]}
                if kind == "decimal":
                    return decimal.Decimal("1.25")
                if kind == "set":
                    return {1, 2}
                if kind == "object":
                    return object()
                if kind == "object_in_a_list":
                    return [1, object()]
                if kind == "tuple":
                    return (1, "two")
                return kind
            """;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void assumePythonAndDeploy() {
        PythonAvailability.assumePython();
        PythonBundles.deployed(server, "values", "f", 1, PLAIN_VALUES);
    }

    private static String valueOf(String deployment, String kind) {
        HttpAnswer answer = server.call(deployment, "\"" + kind + "\"");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("data").toString();
    }

    @Test
    void nanAndInfinitiesBecomeNull() {
        assertThat(valueOf("values", "special_floats")).isEqualTo("[null,null,null,1.5]");
        assertThat(valueOf("values", "nested_nan")).isEqualTo("{\"score\":null,\"list\":[1,null]}");
    }

    @Test
    void nanBecomesNullInABatchToo() {
        assertThat(server.call("values", "[[1, \"special_floats\"], [2, \"plain\"]]").body())
                .isEqualTo("{\"data\":[[1,[null,null,null,1.5]],[2,\"plain\"]]}");
    }

    @Test
    void datesAndTimesBecomeIso8601Strings() {
        assertThat(valueOf("values", "datetime")).isEqualTo("\"2024-05-17T13:45:30.123000\"");
        assertThat(valueOf("values", "aware_datetime")).isEqualTo("\"2024-05-17T13:45:30+00:00\"");
        assertThat(valueOf("values", "date")).isEqualTo("\"2024-02-29\"");
        assertThat(valueOf("values", "time")).isEqualTo("\"13:45:30\"");
        assertThat(valueOf("values", "dates_in_a_dict")).isEqualTo("{\"day\":\"2024-01-02\",\"days\":[\"2024-01-03\"]}");
    }

    @Test
    void decimalsAndTuplesBecomeNumbersAndLists() {
        assertThat(valueOf("values", "decimal")).isEqualTo("1.25");
        assertThat(valueOf("values", "tuple")).isEqualTo("[1,\"two\"]");
    }

    @Test
    void anUnencodableResultFailsOnlyItsItemNamingTheType() {
        HttpAnswer answer = server.call("values", "[[1, \"plain\"], [2, \"set\"], [3, \"object\"], [4, \"date\"]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("data").toString()).isEqualTo("[[1,\"plain\"],[2,null],[3,null],[4,\"2024-02-29\"]]");
        assertThat(body.get("errors")).hasSize(2);
        assertThat(body.get("errors").get(0).get(0).asInt()).isEqualTo(2);
        assertThat(body.get("errors").get(0).get(1).asText()).contains("set").contains("cannot be encoded");
        assertThat(body.get("errors").get(1).get(0).asInt()).isEqualTo(3);
        assertThat(body.get("errors").get(1).get(1).asText()).contains("object").contains("cannot be encoded");
        assertThat(body.get("error").asText()).startsWith("2 of 4 items failed; first: item 2: ");
    }

    @Test
    void anUnencodableSingleResultIsAFunctionErrorNamingTheType() {
        HttpAnswer answer = server.call("values", "\"set\"");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo("function_error");
        assertThat(answer.errorMessage()).contains("set").contains("cannot be encoded");
    }

    @Test
    void anUnencodableValueInsideAListNamesItsType() {
        HttpAnswer answer = server.call("values", "\"object_in_a_list\"");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorMessage()).contains("type object ");
    }

    @Test
    void numpyScalarsBecomeNumbers() {
        PythonAvailability.assumeModule("numpy");
        PythonBundles.deployed(server, "numpy_scalars", "f", 1, """
                import numpy as np

                def f(kind):
                    return {
                        "int64": np.int64(2**62 + 1),
                        "int32": np.int32(-7),
                        "uint8": np.uint8(255),
                        "float32": np.float32(0.5),
                        "float64": np.float64(0.1),
                        "bool": np.bool_(True),
                        "nan32": np.float32("nan"),
                    }
                """);

        assertThat(valueOf("numpy_scalars", "any")).isEqualTo(
                "{\"int64\":4611686018427387905,\"int32\":-7,\"uint8\":255,\"float32\":0.5,\"float64\":0.1,\"bool\":true,\"nan32\":null}");
    }

    @Test
    void numpyArraysBecomeListsWithNanAsNull() {
        PythonAvailability.assumeModule("numpy");
        PythonBundles.deployed(server, "numpy_arrays", "f", 1, """
                import numpy as np

                def f(kind):
                    if kind == "matrix":
                        return np.arange(6, dtype=np.int64).reshape(2, 3)
                    if kind == "floats":
                        return np.array([1.5, np.nan, np.inf, -np.inf], dtype=np.float32)
                    return [np.int64(1), np.array([2, 3])]
                """);

        assertThat(valueOf("numpy_arrays", "matrix")).isEqualTo("[[0,1,2],[3,4,5]]");
        assertThat(valueOf("numpy_arrays", "floats")).isEqualTo("[1.5,null,null,null]");
        assertThat(valueOf("numpy_arrays", "mixed")).isEqualTo("[1,[2,3]]");
        assertThat(server.call("numpy_arrays", "[[1, \"matrix\"], [2, \"floats\"]]").body())
                .isEqualTo("{\"data\":[[1,[[0,1,2],[3,4,5]]],[2,[1.5,null,null,null]]]}");
    }

    @Test
    void numpyDatetimesBecomeIso8601StringsEvenWithNanoseconds() {
        PythonAvailability.assumeModule("numpy");
        PythonBundles.deployed(server, "numpy_datetimes", "f", 1, """
                import numpy as np

                def f(kind):
                    return [np.datetime64("2024-01-02T03:04:05.123456789"), np.datetime64("2024-01-02"),
                            np.array(["2024-01-02T03:04:05"], dtype="datetime64[s]")]
                """);

        assertThat(valueOf("numpy_datetimes", "any"))
                .isEqualTo("[\"2024-01-02T03:04:05.123456789\",\"2024-01-02\",[\"2024-01-02T03:04:05\"]]");
    }

    @Test
    void notATimeAndMissingValuesBecomeNull() {
        String python = PythonAvailability.interpreterWith("pandas");
        HttpAnswer deployed = PythonBundles.deploy(server, "pandas_missing", "f", """
                import numpy as np
                import pandas as pd

                def f(kind):
                    return [pd.NaT, pd.NA, np.datetime64("NaT"), np.timedelta64("NaT"),
                            np.array(["2024-01-02", "NaT"], dtype="datetime64[D]")]
                """, Map.of("workers", 1, "python", python));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(valueOf("pandas_missing", "any")).isEqualTo("[null,null,null,null,[\"2024-01-02\",null]]");
    }

    @Test
    void notATimeInADataFrameBecomesNull() {
        String python = PythonAvailability.interpreterWith("pandas");
        HttpAnswer deployed = PythonBundles.deploy(server, "pandas_frame_nat", "f", """
                import pandas as pd

                def f(kind):
                    return pd.DataFrame({"when": pd.to_datetime(["2024-01-02", None]),
                                         "took": pd.to_timedelta(["90s", None])})
                """, Map.of("workers", 1, "python", python));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(valueOf("pandas_frame_nat", "any")).isEqualTo(
                "[{\"when\":\"2024-01-02T00:00:00\",\"took\":\"PT1M30S\"},{\"when\":null,\"took\":null}]");
    }

    @Test
    void aPandasDataFrameBecomesAListOfRecords() {
        String python = PythonAvailability.interpreterWith("pandas");
        HttpAnswer deployed = PythonBundles.deploy(server, "pandas_frame", "f", """
                import pandas as pd

                def f(rows):
                    frame = pd.DataFrame({"a": [1, 2][:rows], "b": ["x", "y"][:rows], "c": [0.5, float("nan")][:rows]})
                    return {"frame": frame, "column": frame["a"]}
                """, Map.of("workers", 1, "python", python));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);

        assertThat(server.call("pandas_frame", "2").json().get("data").toString()).isEqualTo(
                "{\"frame\":[{\"a\":1,\"b\":\"x\",\"c\":0.5},{\"a\":2,\"b\":\"y\",\"c\":null}],\"column\":[1,2]}");
    }
}
