package dev.inferd.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One call as the logs API shows it, and as replicas sharing a database keep it in their shared call
 * log. {@code replica} names the replica that answered, and is left out on a server that has no other;
 * {@code error} is left out for answered calls; {@code durationMs} keeps the microseconds.
 */
public record CallLogEntry(String time, @JsonInclude(JsonInclude.Include.NON_NULL) String replica, int version,
                           String ref, int items, double durationMs, int status,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String error, String input, String output) {

    /** @param replica the replica that answered the call, or null on a server that has no other */
    public static CallLogEntry of(CallRecord call, String replica) {
        return new CallLogEntry(call.time().toString(), replica, call.version(), call.ref(), call.items(),
                call.durationMicros() / 1000.0, call.status(), call.error(), call.input().text(), call.output().text());
    }
}
