package dev.inferd.runtime.java;

/**
 * What one call of a version's main function costs, measured on every chunk it runs, and so whether
 * its calls are quick enough to run on the thread that asks for them (an HTTP event loop) instead of
 * being handed to an invocation thread and back, a hand-off that costs more than a quick call.
 *
 * <p>A version earns that only after {@link #FIRST_PROOF} measured calls, and only for requests
 * whose calls together are expected to take at most {@link #INLINE_BUDGET_NANOS}. A run on the
 * calling thread that takes longer than {@link #STALL_NANOS} (a call that blocked, or a slow input)
 * sends the version back to the invocation threads until twice as many calls prove it quick again,
 * so a function that is only sometimes slow stays off the event loop for longer each time.
 *
 * <p>Times are wall-clock times, so a thread the kernel set aside for a few milliseconds makes a
 * quick chunk look slow. Two things keep that from sending quick functions away: one chunk counts
 * as at most four times the average, so it raises the average by at most three eighths (a function
 * that really became slow soon stalls the calling thread, which counts at once), and a stall is
 * only counted past {@link #STALL_NANOS}, longer than the kernel's usual time slices.
 *
 * <p>The fields are updated without locks by every thread that runs a chunk. Two updates racing may
 * lose one of them, which only makes the estimate a little older; never wrong by more than a chunk.
 */
final class MeasuredCallCost {
    /** The most time a request's calls may be expected to hold the calling thread. */
    static final long INLINE_BUDGET_NANOS = 250_000;
    /** A run on the calling thread this long is a stall that must not happen again soon. */
    static final long STALL_NANOS = 20_000_000;
    /** Calls measured before any runs on the calling thread. */
    static final long FIRST_PROOF = 1_000;
    /** However often a version stalls, it is tried again after this many quick calls. */
    private static final long MAX_PROOF = FIRST_PROOF << 10;

    /** Moving average of the time per call, in nanoseconds; negative until the first chunk is measured. */
    private volatile long nanosPerCall = -1;
    /** Calls measured since the version was last sent back to the invocation threads. */
    private volatile long provenCalls;
    private volatile long requiredProof = FIRST_PROOF;

    /** Whether {@code calls} calls may run on the calling thread. */
    boolean quickFor(int calls) {
        long perCall = nanosPerCall;
        return provenCalls >= requiredProof && perCall >= 0 && perCall <= INLINE_BUDGET_NANOS / Math.max(1, calls);
    }

    /**
     * Records a chunk's run.
     *
     * @param onCallingThread whether it ran on the thread that asked for it
     * @return whether this run was a stall that sent the version back to the invocation threads
     */
    boolean record(int calls, long nanos, boolean onCallingThread) {
        if (calls <= 0) {
            return false;
        }
        long perCall = nanos / calls;
        long average = nanosPerCall;
        // An average over about the last eight chunks, where one chunk counts as at most four times
        // the average: a preempted chunk moves it a little, and does not stick.
        nanosPerCall = average < 0 ? perCall : average + (Math.min(perCall, 4 * average + 1) - average) / 8;
        if (onCallingThread && nanos > STALL_NANOS) {
            nanosPerCall = perCall;
            requiredProof = Math.min(MAX_PROOF, requiredProof * 2);
            provenCalls = 0;
            return true;
        }
        provenCalls = provenCalls + calls;
        return false;
    }
}
