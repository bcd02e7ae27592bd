package dev.inferd.metrics;

import java.time.Clock;
import java.time.Instant;

/**
 * Records each inference call once, when it is answered, in the call log, which also counts it in
 * the metrics.
 */
public final class CallRecorder {
    private final CallLog callLog;
    private final Clock clock;

    public CallRecorder(CallLog callLog, Clock clock) {
        this.callLog = callLog;
        this.clock = clock;
    }

    /** What is known of one call so far; filled in as the call is resolved, read and planned. */
    public final class Trace {
        private final long startedNanos = System.nanoTime();
        private final Instant startedAt = clock.instant();
        private final String ref;
        private String deployment = "";
        private int version;
        private int items;
        private byte[] input;

        private Trace(String ref) {
            this.ref = ref;
        }

        public void resolved(String deploymentName, int versionNumber) {
            deployment = deploymentName;
            version = versionNumber;
        }

        public void read(byte[] body) {
            input = body;
        }

        public void planned(int itemCount) {
            items = itemCount;
        }

        public byte[] input() {
            return input;
        }

        /** Records the answer: {@code error} is the summary of a failure, null for a 200. */
        public void answered(int status, String error, byte[] output) {
            long tookMicros = (System.nanoTime() - startedNanos) / 1000;
            callLog.record(new CallRecord(startedAt, deployment, version, ref, items, tookMicros, status,
                    error, CallLog.excerpt(input), CallLog.excerpt(output)));
        }
    }

    public Trace start(String ref) {
        return new Trace(ref);
    }
}
