package dev.inferd.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Records each inference call once, when it is answered, in the call log, which also counts it in
 * the metrics, and in the call log the replicas share, if there is one.
 */
public final class CallRecorder {
    private final CallLog callLog;
    private final Optional<SharedCallLog> sharedCallLog;
    private final Clock clock;

    public CallRecorder(CallLog callLog, Optional<SharedCallLog> sharedCallLog, Clock clock) {
        this.callLog = callLog;
        this.sharedCallLog = sharedCallLog;
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
            CallRecord call = new CallRecord(startedAt, deployment, version, ref, items, tookMicros, status,
                    error, CallLog.excerpt(input), CallLog.excerpt(output));
            callLog.record(call);
            sharedCallLog.ifPresent(shared -> shared.add(call));
        }
    }

    public Trace start(String ref) {
        return new Trace(ref);
    }
}
