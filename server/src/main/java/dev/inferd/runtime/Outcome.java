package dev.inferd.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.error.MessageLines;

import java.util.Objects;

/** What one {@link Call} produced: a JSON value, or a failure that stays local to that call. */
public sealed interface Outcome {

    record Success(JsonNode value) implements Outcome {
        public Success {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The call failed. The message's last line is the human summary ({@code KeyError: 'value'}),
     * anything before it is the trace.
     */
    record Failure(FailureKind kind, String message) implements Outcome {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        /** The last non-blank line of the message. */
        public String summary() {
            return MessageLines.last(message);
        }
    }

    /** Why a call failed; decides the status when the call was a single call. */
    enum FailureKind {
        /** The arguments could not be turned into the function's parameter types. */
        BAD_ARGUMENTS,
        /** The function ran and raised. */
        FUNCTION_RAISED,
        /** The function returned something that cannot be written as JSON. */
        UNENCODABLE_RESULT,
        /** A function that takes whole batches returned more or fewer results than it was given rows. */
        WRONG_RESULT_COUNT
    }
}
