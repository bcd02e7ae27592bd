package dev.inferd.runtime.java;

import dev.inferd.error.MessageLines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Formats an exception from user code as the protocol wants a failure message: the trace first,
 * limited to frames of the deployed code, and {@code ExceptionClass: message} as the last line;
 * and reads such a message back into one line.
 */
public final class JavaFailureMessages {
    private static final int MAX_FRAMES_PER_EXCEPTION = 20;
    private static final String FRAME = "  at ";

    private JavaFailureMessages() {
    }

    static String describe(Throwable failure, String userClassLoaderName) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        // Root cause first, the exception the function threw last, as Python prints chained errors.
        Collections.reverse(chain);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            Throwable t = chain.get(i);
            if (i > 0) {
                text.append("\nThe above exception caused:\n");
            }
            int written = 0;
            for (StackTraceElement frame : t.getStackTrace()) {
                if (userClassLoaderName.equals(frame.getClassLoaderName()) && written < MAX_FRAMES_PER_EXCEPTION) {
                    text.append(FRAME).append(frame.getClassName()).append('.').append(frame.getMethodName())
                            .append('(').append(frame.getFileName()).append(':').append(frame.getLineNumber()).append(")\n");
                    written++;
                }
            }
            text.append(t);
        }
        return text.toString();
    }

    /**
     * What failed and the exception, which comes after the frames
     * ({@code deploy-time test tests[0] with args [0] failed: java.lang.ArithmeticException: / by zero});
     * empty for a message without frames.
     */
    public static Optional<String> oneLine(String message) {
        if (!("\n" + message).contains("\n" + FRAME)) {
            return Optional.empty();
        }
        return Optional.of(MessageLines.whatFailedAndLast(message, FRAME.stripLeading()));
    }
}
