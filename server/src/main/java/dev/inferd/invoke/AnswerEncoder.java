package dev.inferd.invoke;

/**
 * Writes a call's result as the protocol's answer body. Implemented at the HTTP edge, which owns
 * the wire format; the pipeline writes the body itself so that the work of writing it counts as the
 * call's work in flight, and so that an async job stores exactly the body a synchronous call answers.
 */
@FunctionalInterface
public interface AnswerEncoder {

    byte[] encode(InvocationResult result);
}
