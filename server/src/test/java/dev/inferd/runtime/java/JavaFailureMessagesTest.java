package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.inferd.json.JsonMappers;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The texts a deployer reads when a Java call fails: trace first, summary last, only their own frames. */
class JavaFailureMessagesTest {
    private static final String USER_LOADER = "inferd:model/1";

    @Test
    void theLastLineIsTheExceptionAndItsMessage() {
        String text = JavaFailureMessages.describe(new IllegalArgumentException("bad value"), USER_LOADER);

        assertThat(text.lines().reduce((first, second) -> second)).hasValue("java.lang.IllegalArgumentException: bad value");
    }

    @Test
    void onlyFramesOfTheUserClassLoaderAreShown() {
        RuntimeException failure = new RuntimeException("boom");
        failure.setStackTrace(new StackTraceElement[] {
                userFrame("Model", "score", 12),
                new StackTraceElement("app", null, null, "dev.inferd.runtime.java.JavaEntryPoint", "invoke", "JavaEntryPoint.java", 60),
                userFrame("Model", "predict", 30),
        });

        String text = JavaFailureMessages.describe(failure, USER_LOADER);

        assertThat(text).isEqualTo("  at Model.score(Model.java:12)\n  at Model.predict(Model.java:30)\njava.lang.RuntimeException: boom");
    }

    @Test
    void aDeepTraceIsCutToTwentyFramesPerException() {
        RuntimeException failure = new RuntimeException("deep");
        StackTraceElement[] frames = new StackTraceElement[500];
        Arrays.setAll(frames, i -> userFrame("Recursive", "down", i));
        failure.setStackTrace(frames);

        String text = JavaFailureMessages.describe(failure, USER_LOADER);

        assertThat(text.lines().filter(line -> line.startsWith("  at "))).hasSize(20);
    }

    @Test
    void theRootCauseComesFirstAndTheThrownExceptionLast() {
        IllegalStateException thrown = new IllegalStateException("cannot score", new NumberFormatException("For input string: \"x\""));

        String text = JavaFailureMessages.describe(thrown, USER_LOADER);

        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("java.lang.NumberFormatException: For input string: \"x\"");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("java.lang.IllegalStateException: cannot score");
    }

    @Test
    void aCycleOfCausesIsWrittenOnce() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        String text = JavaFailureMessages.describe(second, USER_LOADER);

        assertThat(text).containsOnlyOnce("second").containsOnlyOnce("first");
    }

    @Test
    void aBindingFailureNamesTheArgumentPositionAndThePlainTypeWithoutJacksonHints() throws Exception {
        ObjectMapper mapper = JsonMappers.forJavaBinding();
        var reader = mapper.readerFor(Integer.class);
        MismatchedInputException cause = catchThrowableOfType(MismatchedInputException.class,
                () -> reader.readValue(mapper.readTree("\"10\"")));

        String message = new ArgumentBindingException(1, reader.getValueType().toString(), cause).getMessage();

        assertThat(message).startsWith("argument 2 cannot be read as java.lang.Integer: ");
        assertThat(message).doesNotContain("[simple type").doesNotContain("(but might if").doesNotContain("\n");
    }

    @Test
    void aBindingFailureOfACollectionTypeNamesTheCollection() throws Exception {
        ObjectMapper mapper = JsonMappers.forJavaBinding();
        var reader = mapper.readerFor(mapper.getTypeFactory().constructMapType(Map.class, String.class, Integer.class));
        Exception cause = catchThrowableOfType(MismatchedInputException.class,
                () -> reader.readValue(mapper.readTree("[1, 2]")));

        String message = new ArgumentBindingException(0, reader.getValueType().toString(), cause).getMessage();

        assertThat(message).startsWith("argument 1 cannot be read as java.util.Map");
        assertThat(message).doesNotContain("[map type");
    }

    private static StackTraceElement userFrame(String className, String method, int line) {
        return new StackTraceElement(USER_LOADER, null, null, className, method, className + ".java", line);
    }
}
