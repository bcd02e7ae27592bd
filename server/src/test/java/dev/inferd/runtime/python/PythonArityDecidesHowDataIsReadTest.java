package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1, single and batch calls: the worker reports how many arguments the main function
 * takes (required, optional, *args), and the server reads {@code data} by it: spreading arrays,
 * telling batches from single calls, and refusing a wrong count with 400 before Python runs.
 */
class PythonArityDecidesHowDataIsReadTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    @BeforeAll
    static void deployFunctionsOfEveryShape() {
        PythonAvailability.assumePython();
        PythonBundles.deployed(server, "one_parameter", "f", 1, "def f(x):\n    return 2 * x if isinstance(x, int) else x\n");
        PythonBundles.deployed(server, "two_parameters", "f", 1, "def f(a, b):\n    return {\"a\": a, \"b\": b}\n");
        PythonBundles.deployed(server, "optional_parameter", "f", 1, "def f(a, b=2):\n    return [a, b]\n");
        PythonBundles.deployed(server, "varargs", "f", 1, "def f(*args):\n    return list(args)\n");
        PythonBundles.deployed(server, "required_then_varargs", "f", 1, "def f(a, *rest):\n    return [a, list(rest)]\n");
    }

    @Test
    void aWrongArgumentCountIsABadRequestNamingWhatTheFunctionTakes() {
        HttpAnswer answer = server.call("two_parameters", "5");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains("takes 2 arguments");
    }

    @Test
    void tooManyArgumentsIsABadRequestToo() {
        HttpAnswer answer = server.call("two_parameters", "[1, 2, 3]");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("takes 2 arguments").contains("got 3");
    }

    @Test
    void aRefusedCallNeverReachesPython() {
        PythonBundles.deployed(server, "counts_its_calls", "f", 1, """
                calls = []

                def f(a, b):
                    calls.append((a, b))
                    print("counts_its_calls ran with", a, b)
                    return len(calls)
                """);

        assertThat(server.call("counts_its_calls", "5").status()).isEqualTo(400);
        assertThat(server.call("counts_its_calls", "[1, 2, 3]").status()).isEqualTo(400);
        assertThat(server.call("counts_its_calls", "[[1, 5]]").status()).isEqualTo(400);

        assertThat(server.call("counts_its_calls", "[1, 2]").body()).isEqualTo("{\"data\":1}");
    }

    @Test
    void severalParametersTakeDataAsAnArraySpreadInOrder() {
        assertThat(server.call("two_parameters", "[\"first\", {\"k\": 1}]").body())
                .isEqualTo("{\"data\":{\"a\":\"first\",\"b\":{\"k\":1}}}");
    }

    @Test
    void anOptionalParameterMayBeLeftOut() {
        assertThat(server.call("optional_parameter", "7").body()).isEqualTo("{\"data\":[7,2]}");
        assertThat(server.call("optional_parameter", "[7]").body()).isEqualTo("{\"data\":[7,2]}");
    }

    @Test
    void anOptionalParameterMayBeGiven() {
        assertThat(server.call("optional_parameter", "[7, 8]").body()).isEqualTo("{\"data\":[7,8]}");
    }

    @Test
    void anArrayOfALengthTheFunctionRefusesIsItsOneArgumentWhenOneIsAccepted() {
        assertThat(server.call("optional_parameter", "[1, 2, 3]").body()).isEqualTo("{\"data\":[[1,2,3],2]}");
    }

    @Test
    void varargsAcceptAnyCount() {
        assertThat(server.call("varargs", "[1, 2, 3, 4]").body()).isEqualTo("{\"data\":[1,2,3,4]}");
        assertThat(server.call("varargs", "[]").body()).isEqualTo("{\"data\":[]}");
        assertThat(server.call("varargs", "\"one\"").body()).isEqualTo("{\"data\":[\"one\"]}");
    }

    @Test
    void requiredParametersBeforeVarargsAreFilledFirst() {
        assertThat(server.call("required_then_varargs", "[1, 2, 3]").body()).isEqualTo("{\"data\":[1,[2,3]]}");
        assertThat(server.call("required_then_varargs", "[]").body()).isEqualTo("{\"data\":[[],[]]}");
    }

    @Test
    void pairsAreABatchForAFunctionOfOneParameter() {
        assertThat(server.call("one_parameter", "[[1, 10], [2, 11]]").body()).isEqualTo("{\"data\":[[1,20],[2,22]]}");
    }

    @Test
    void pairsAreOneCallForAFunctionOfTwoParameters() {
        assertThat(server.call("two_parameters", "[[1, 10], [2, 11]]").body())
                .isEqualTo("{\"data\":{\"a\":[1,10],\"b\":[2,11]}}");
    }

    @Test
    void triplesAreABatchForAFunctionOfTwoParameters() {
        assertThat(server.call("two_parameters", "[[1, 10, 20], [2, 11, 21]]").body())
                .isEqualTo("{\"data\":[[1,{\"a\":10,\"b\":20}],[2,{\"a\":11,\"b\":21}]]}");
    }

    @Test
    void aBatchMayMixItemsWithAndWithoutTheOptionalArgument() {
        assertThat(server.call("optional_parameter", "[[1, 5], [2, 5, 6]]").body())
                .isEqualTo("{\"data\":[[1,[5,2]],[2,[5,6]]]}");
    }

    @Test
    void aBatchOfVarargsItemsMayHaveAnyLengths() {
        assertThat(server.call("varargs", "[[\"a\"], [\"b\", 1], [\"c\", 1, 2]]").body())
                .isEqualTo("{\"data\":[[\"a\",[]],[\"b\",[1]],[\"c\",[1,2]]]}");
    }

    @Test
    void theBatchOptionForcesASingleCall() {
        assertThat(server.post("/v1/one_parameter", "{\"data\": [[1, 10], [2, 11]], \"batch\": false}").body())
                .isEqualTo("{\"data\":[[1,10],[2,11]]}");
    }

    @Test
    void aKeywordOnlyParameterWithADefaultDoesNotCount() {
        PythonBundles.deployed(server, "keyword_default", "f", 1, "def f(x, *, scale=3):\n    return x * scale\n");

        assertThat(server.call("keyword_default", "[[1, 2]]").body()).isEqualTo("{\"data\":[[1,6]]}");
    }
}
