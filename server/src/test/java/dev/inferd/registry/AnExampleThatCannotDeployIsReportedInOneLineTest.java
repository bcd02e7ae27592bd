package dev.inferd.registry;

import dev.inferd.runtime.java.JavaFailureMessages;
import dev.inferd.runtime.python.PythonFailureMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line {@code serve --examples} logs, and {@code /readyz} shows, for an example it skipped. The
 * messages below are shaped like the ones the runtimes really throw, so a change to either side shows.
 */
class AnExampleThatCannotDeployIsReportedInOneLineTest {
    private static final String SKLEARN_MISSING = """
            cannot load source.py with /home/ada/.pyenv/versions/3.12.1/bin/python3 (Python 3.12.1):
            Traceback (most recent call last):
              File "source.py", line 6, in <module>
                from sklearn.datasets import load_iris
            ModuleNotFoundError: No module named 'sklearn'
            """;
    private static final String SKLEARN_MISSING_REASON = "it needs the Python module 'sklearn', which the interpreter "
            + "/home/ada/.pyenv/versions/3.12.1/bin/python3 (Python 3.12.1) cannot import "
            + "(install it there, or give serve --python an interpreter that has it)";

    /** As {@code serve --examples} reads a message, with the lines the runtimes give for their own failures. */
    private static String reason(String message) {
        return ExampleDeployer.reason(message,
                failure -> JavaFailureMessages.oneLine(failure).or(() -> PythonFailureMessages.oneLine(failure)));
    }

    @Test
    void aMissingPythonModuleIsNamedWithTheInterpreterThatLacksIt() {
        assertThat(reason(SKLEARN_MISSING)).isEqualTo(SKLEARN_MISSING_REASON);
    }

    @Test
    void aMissingModuleOutsideTheImportIsNamedWithoutAnInterpreter() {
        String message = """
                deploy-time test tests[0] with args [1] failed:
                Traceback (most recent call last):
                  File "source.py", line 2, in f
                ModuleNotFoundError: No module named 'sklearn'
                """;

        assertThat(reason(message)).startsWith(
                "it needs the Python module 'sklearn', which the Python interpreter cannot import");
    }

    @Test
    void aMissingSubmoduleIsNamedInFull() {
        String message = SKLEARN_MISSING.replace("'sklearn'", "'sklearn.linear_model'");

        assertThat(reason(message)).contains("the Python module 'sklearn.linear_model'");
    }

    @Test
    void aMissingModuleIsNamedEvenWhenTheTracebackEndsInTheErrorItCaused() {
        // Libraries often catch the failed import and raise their own error; the missing module is
        // still what to install.
        String message = SKLEARN_MISSING.strip() + """


                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "source.py", line 8, in <module>
                ImportError: this model needs scikit-learn
                """;

        assertThat(reason(message)).isEqualTo(SKLEARN_MISSING_REASON);
    }

    @Test
    void anotherPythonFailureIsWhatFailedAndTheTracebacksLastLine() {
        // The first line ends in a colon too; a Python failure must not be read like a compile error.
        String message = """
                cannot load source.py with /usr/bin/python3 (Python 3.11.2):
                Traceback (most recent call last):
                  File "source.py", line 1, in <module>
                    ratio = 1 / 0
                ZeroDivisionError: division by zero
                """;

        assertThat(reason(message))
                .isEqualTo("cannot load source.py with /usr/bin/python3 (Python 3.11.2): ZeroDivisionError: division by zero");
    }

    @Test
    void aTracebackAloneIsItsLastLine() {
        String message = """
                Traceback (most recent call last):
                  File "source.py", line 3, in double
                    return value["value"] * 2
                KeyError: 'value'
                """;

        assertThat(reason(message)).isEqualTo("KeyError: 'value'");
    }

    @Test
    void aJavaFailureIsWhatFailedAndTheExceptionAfterItsFrames() {
        // As JavaFailureMessages writes it: the user code's frames, then the exception.
        String message = """
                deploy-time test tests[0] with args [0] failed:
                  at Doubler.twice(Doubler.java:3)
                java.lang.ArithmeticException: / by zero""";

        assertThat(reason(message))
                .isEqualTo("deploy-time test tests[0] with args [0] failed: java.lang.ArithmeticException: / by zero");
    }

    @Test
    void aJavaCompileFailureNamesItsFirstError() {
        String message = """
                Java compilation failed:
                Broken.java:1: error: ';' expected
                public class Broken { public static int run(int x) { return x }
                Broken.java:1: error: reached end of file while parsing
                2 errors""";

        assertThat(reason(message)).isEqualTo("Java compilation failed: Broken.java:1: error: ';' expected");
    }

    @Test
    void anyOtherMessageIsCutToItsFirstLine() {
        String message = "deploy-time test tests[0] with args [10] failed: expected 20, got 21\n"
                + "the lines after the first are detail that belongs in the debug log";

        assertThat(reason(message))
                .isEqualTo("deploy-time test tests[0] with args [10] failed: expected 20, got 21");
    }
}
