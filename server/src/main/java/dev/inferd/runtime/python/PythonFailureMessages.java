package dev.inferd.runtime.python;

import dev.inferd.error.MessageLines;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a failure message with a Python traceback back into one line. */
public final class PythonFailureMessages {
    private static final String TRACEBACK = "Traceback (most recent call last)";
    private static final Pattern MISSING_MODULE = Pattern.compile("ModuleNotFoundError: No module named '([^']+)'");
    /** How {@link PythonWorker} names the interpreter that could not import a bundle. */
    private static final Pattern INTERPRETER = Pattern.compile("^cannot load .+? with (.+ \\(Python [^)]*\\)):$", Pattern.MULTILINE);

    private PythonFailureMessages() {
    }

    /**
     * The missing Python module and the interpreter that lacks it if that is the cause, since
     * installing it is the fix, even when the traceback ends in an error the import caused;
     * otherwise what failed and the traceback's last line, {@code Type: message}; empty for a
     * message without a traceback.
     */
    public static Optional<String> oneLine(String message) {
        Matcher missing = MISSING_MODULE.matcher(message);
        if (missing.find()) {
            Matcher interpreter = INTERPRETER.matcher(message);
            return Optional.of("it needs the Python module '" + missing.group(1) + "', which "
                    + (interpreter.find() ? "the interpreter " + interpreter.group(1) : "the Python interpreter")
                    + " cannot import (install it there, or give serve --python an interpreter that has it)");
        }
        if (!message.contains(TRACEBACK)) {
            return Optional.empty();
        }
        return Optional.of(MessageLines.whatFailedAndLast(message, TRACEBACK));
    }
}
