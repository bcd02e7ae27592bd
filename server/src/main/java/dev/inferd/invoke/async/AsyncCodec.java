package dev.inferd.invoke.async;

import dev.inferd.error.ErrorAnswer;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationResult;

/**
 * The protocol's bodies, as async jobs need them: a stored call body read again when the job
 * runs, and its answer written exactly as a synchronous call would have been answered.
 */
public interface AsyncCodec {

    InferenceRequest decode(byte[] body);

    byte[] encode(InvocationResult result);

    byte[] encodeError(ErrorAnswer error);

    /** {@code {"data": "<url>"}}, the answer of a call that asked for its result as a link. */
    byte[] encodeLink(String url);
}
