package dev.inferd.error;

/**
 * Error messages in inferd put any trace first and the human summary on the last line
 * ({@code KeyError: 'value'}); a message about a step that failed says so on its first line and
 * quotes the trace after it. This reads those lines back.
 */
public final class MessageLines {
    private MessageLines() {
    }

    /** The last non-blank line of a message, or "" for none. */
    public static String last(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1).strip();
    }

    private static String first(String message) {
        return message.strip().split("\n", 2)[0].strip();
    }

    /**
     * One line for a message that holds a trace: what failed and the trace's last line
     * ({@code cannot load source.py ...: ZeroDivisionError: division by zero}), or the last line
     * alone when the message starts with the trace.
     *
     * @param traceStart how the first line of the trace starts
     */
    public static String whatFailedAndLast(String message, String traceStart) {
        String first = first(message);
        if (first.startsWith(traceStart)) {
            return last(message);
        }
        String whatFailed = first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
        return whatFailed + ": " + last(message);
    }
}
