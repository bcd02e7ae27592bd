package dev.inferd.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One inference call as the call log keeps it. The excerpts are the first bytes of the request and
 * answer bodies (at most {@link CallLog#MAX_FIELD_BYTES}); {@code error} is null for a 200.
 */
public record CallRecord(Instant time, String deployment, int version, String ref, int items, long durationMicros,
                         int status, String error, Excerpt input, Excerpt output) {

    /** The start of a body, kept as bytes so that recording a call costs a small copy and no decoding. */
    public record Excerpt(byte[] start, int fullLength) {
        public static final Excerpt NONE = new Excerpt(new byte[0], 0);

        /** The excerpt as text, marked when the body was longer. */
        public String text() {
            String text = new String(start, StandardCharsets.UTF_8);
            return fullLength <= start.length ? text : text + "… (" + fullLength + " bytes)";
        }
    }
}
