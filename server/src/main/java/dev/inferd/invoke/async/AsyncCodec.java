package dev.inferd.invoke.async;

import dev.inferd.error.ErrorAnswer;
import dev.inferd.invoke.InferenceRequest;

/**
 * The protocol's bodies, as async jobs need them: a stored call body read again when the job
 * runs, and the bodies a synchronous call would have been answered with when it fails or asks for
 * a link. A result's own body is written by the call pipeline, for both kinds of call.
 */
public interface AsyncCodec {

    InferenceRequest decode(byte[] body);

    byte[] encodeError(ErrorAnswer error);

    /** {@code {"data": "<url>"}}, the answer of a call that asked for its result as a link. */
    byte[] encodeLink(String url);
}
