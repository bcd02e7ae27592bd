package dev.inferd.invoke;

/**
 * Completes a call whose caller has gone (its connection closed before the answer). Nobody reads it:
 * it withdraws the call's rows from the queues they wait in, without stopping what already runs, so
 * a client that hangs up under load sheds its queued work and does not kill the worker processes
 * running others' calls beside it. Never answered, so it is not one of the HTTP errors.
 */
public final class CallerGoneException extends RuntimeException {
    public CallerGoneException() {
        super("the caller went away before the answer", null, false, false);
    }
}
