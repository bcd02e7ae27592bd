package dev.inferd.runtime.java;

/**
 * What one call of a version's main function costs, measured on every chunk it runs, and so whether
 * a batch of its calls is quick enough to run as one chunk: cutting a batch that takes a few hundred
 * microseconds into parallel chunks costs more hand-offs than the parallel work saves.
 *
 * <p>A version earns that only after {@link #FIRST_PROOF} measured calls, and only for batches whose
 * calls together are expected to take at most {@link #ONE_CHUNK_BUDGET_NANOS}. It decides how a
 * batch is cut, never where it runs: every chunk runs on an invocation thread, under the call's
 * timeout, so a guess that turns out wrong (a function that is only sometimes slow) costs a batch
 * its parallelism, nothing else.
 *
 * <p>Times are wall-clock times, so a thread the kernel set aside for a few milliseconds makes a
 * quick chunk look slow: one chunk counts as at most four times the average, so it raises the
 * average by at most three eighths.
 *
 * <p>The fields are updated without locks by every thread that runs a chunk. Two updates racing may
 * lose one of them, which only makes the estimate a little older; never wrong by more than a chunk.
 */
final class MeasuredCallCost {
    /** The most time a batch's calls may be expected to take for it to run as one chunk. */
    static final long ONE_CHUNK_BUDGET_NANOS = 250_000;
    /** Calls measured before any batch is kept in one chunk. */
    static final long FIRST_PROOF = 1_000;

    /** Moving average of the time per call, in nanoseconds; negative until the first chunk is measured. */
    private volatile long nanosPerCall = -1;
    private volatile long measuredCalls;

    /** Whether {@code calls} calls are expected to take so little time that they are best run as one chunk. */
    boolean quickFor(int calls) {
        long perCall = nanosPerCall;
        return measuredCalls >= FIRST_PROOF && perCall >= 0 && perCall <= ONE_CHUNK_BUDGET_NANOS / Math.max(1, calls);
    }

    /** Records a chunk's run. */
    void record(int calls, long nanos) {
        if (calls <= 0) {
            return;
        }
        long perCall = nanos / calls;
        long average = nanosPerCall;
        // An average over about the last eight chunks, where one chunk counts as at most four times
        // the average: a preempted chunk moves it a little, and does not stick.
        nanosPerCall = average < 0 ? perCall : average + (Math.min(perCall, 4 * average + 1) - average) / 8;
        measuredCalls = measuredCalls + calls;
    }
}
