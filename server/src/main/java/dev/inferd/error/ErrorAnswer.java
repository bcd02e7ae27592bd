package dev.inferd.error;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The answer a failure gets: status, code and message of PROTOCOL.md's error body. The one
 * mapping from exceptions to answers, used by the HTTP edge and by async jobs, whose results are
 * the same bodies delivered later. Anything that is not an {@link InferdException} is a bug of
 * ours and gets a generic 500 that leaks no internals.
 */
public record ErrorAnswer(int status, String code, String message, boolean unexpected) {

    public static ErrorAnswer of(Throwable failure, String whatFailed) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InferdException known) {
            return new ErrorAnswer(known.code().httpStatus(), known.code().wireName(), known.getMessage(), false);
        }
        return new ErrorAnswer(ErrorCode.INTERNAL_ERROR.httpStatus(), ErrorCode.INTERNAL_ERROR.wireName(),
                "internal error while handling " + whatFailed + "; the server log has the details", true);
    }

    /** The failure inside the wrappers that futures put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
