package dev.inferd.runtime;

import java.util.Arrays;

/**
 * The outcomes of a chunk given to a function that takes whole batches, built up as its calls are
 * made into rows: a call that cannot be a row fails alone ({@link #refuse}) and is left out; the
 * others are bound in order ({@link #bind}) and answered by their row's position in the call
 * ({@link #answer}). Runtimes that bind rows in Java (Java rows methods, ONNX) share it.
 */
public final class BoundRows {
    private final Outcome[] outcomes;
    private final int[] positions;
    private int bound;

    public BoundRows(int calls) {
        this.outcomes = new Outcome[calls];
        this.positions = new int[calls];
    }

    /** How many calls are bound so far: the position the next bound call's row takes. */
    public int count() {
        return bound;
    }

    /** Call {@code call} is the next row. */
    public void bind(int call) {
        positions[bound++] = call;
    }

    /** Call {@code call} cannot be a row: it fails alone, before the function runs. */
    public void refuse(int call, String reason) {
        outcomes[call] = new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, reason);
    }

    /** The outcome of the call whose row is {@code row}. */
    public void answer(int row, Outcome outcome) {
        outcomes[positions[row]] = outcome;
    }

    /** Every call's outcome, in call order; every call must have been refused or answered. */
    public RowsRun.Ran ran() {
        return new RowsRun.Ran(Arrays.asList(outcomes));
    }
}
