package dev.inferd.error;

/**
 * Error messages in inferd put any trace first and the human summary on the last line
 * ({@code KeyError: 'value'}); this reads that line back.
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
}
