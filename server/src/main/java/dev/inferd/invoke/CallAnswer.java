package dev.inferd.invoke;

import java.util.Objects;

/**
 * What a call made now comes to, when it does not fail: its answer body, or, for a call with a
 * {@code response_webhook}, leave to run it later. Failures are the typed exceptions of
 * {@link dev.inferd.error}, through the future.
 */
public sealed interface CallAnswer {

    /** The body the call is answered with, as {@link AnswerEncoder} wrote it. */
    record Answered(byte[] body) implements CallAnswer {
        public Answered {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * The call was checked and counted as if it ran now (arguments, in-flight and rate limits); the
     * caller stores it as an async job, and {@link CallPipeline#runAccepted} runs it later.
     */
    record Deferred(InferenceRequest.Webhook webhook) implements CallAnswer {
        public Deferred {
            Objects.requireNonNull(webhook, "webhook");
        }
    }
}
