package dev.inferd.api.http;

import dev.inferd.error.BadRequestException;
import dev.inferd.error.BodyTimedOutException;
import dev.inferd.error.PayloadTooLargeException;
import dev.inferd.invoke.AdmissionControl;
import dev.inferd.invoke.CallLimits;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body into memory, whatever its Content-Type, up to the configured limit. A body
 * declared too large, or one that would take the server over its budget of bytes in flight, is
 * refused before it is sent; {@code Expect: 100-continue} is answered at once otherwise, because
 * curl waits a full second for it on every body over 1 KiB.
 *
 * <p>A body that stops arriving is answered 408 once nothing of it has come for the idle timeout,
 * and its connection closed. Its declared length counts against the budget of bytes in flight, so
 * a few clients that declare large bodies and send nothing would otherwise refuse every other
 * upload until their connections went idle for good. Bodies small enough to arrive with their
 * headers are not watched; they cost the budget next to nothing.
 */
final class RequestBodyReader {
    /** Bodies declared at most this long, without Expect: 100-continue, are not watched for stalls. */
    private static final long WATCHED_FROM_BYTES = 64 * 1024;

    private final long maxBytes;
    private final CallLimits limits;
    private final long idleMillis;

    /** A body read, and its share of the in-flight byte budget, to be given back once the request is answered. */
    record Body(byte[] bytes, AdmissionControl.Permit permit) {
    }

    RequestBodyReader(long maxBytes, CallLimits limits, Duration idleTimeout) {
        this.maxBytes = maxBytes;
        this.limits = limits;
        this.idleMillis = idleTimeout.toMillis();
    }

    Future<Body> read(HttpServerRequest request) {
        long declared;
        List<AdmissionControl.Permit> held = new ArrayList<>(1);
        try {
            declared = declaredLength(request);
            if (declared > maxBytes) {
                throw tooLarge();
            }
            held.add(limits.admitBytes(Math.max(declared, 0)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        AdmissionControl.Permit permit = () -> held.forEach(AdmissionControl.Permit::close);
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (expectsContinue) {
            request.response().writeContinue();
        }
        Promise<Body> promise = Promise.promise();
        GrowingBytes body = new GrowingBytes((int) (declared < 0 ? 256 : Math.min(declared, maxBytes)));
        if (declared < 0 || declared > WATCHED_FROM_BYTES || expectsContinue) {
            BodyStallWatch.start(idleMillis, body::length, promise.future(), () -> refuse(request, promise, permit,
                    new BodyTimedOutException("the request body stopped arriving: nothing of it came for "
                            + idleMillis / 1000.0 + " s, after " + body.length() + " bytes")));
        }
        request.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxBytes) {
                refuse(request, promise, permit, tooLarge());
                return;
            }
            if (declared < 0) {
                // A chunked body counts against the budget as it arrives, not once it is whole.
                try {
                    held.add(limits.admitBytes(chunk.length()));
                } catch (RuntimeException e) {
                    refuse(request, promise, permit, e);
                    return;
                }
            }
            body.append(chunk);
        });
        request.endHandler(done -> promise.tryComplete(new Body(body.exact(), permit)));
        request.exceptionHandler(failure -> {
            if (promise.tryFail(asBodyFailure(failure))) {
                permit.close();
            }
        });
        return promise.future();
    }

    /**
     * Writes a body to {@code file}, which must not exist, as it arrives, for bodies too large to hold
     * in memory: a zipped bundle with a model in it. Bounded by {@code limit} rather than the limit of
     * bodies read into memory, and not counted against the in-flight budget, which is for memory;
     * watched for stalls alike. The file is deleted when the body fails; once it is whole, it is the
     * caller's.
     */
    Future<Path> readToFile(HttpServerRequest request, Path file, long limit) {
        long declared;
        try {
            declared = declaredLength(request);
            if (declared > limit) {
                throw tooLarge(limit);
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        return BodyToFile.write(request, file, limit, idleMillis);
    }

    /**
     * A failure of a request's body stream that the HTTP decoder raised (a chunk size that is not
     * hex, a chunk line too long) is the client's error, not a server failure. Anything else (the
     * connection closing or reset, an error of the server's own) is passed on as it is.
     */
    static Throwable asBodyFailure(Throwable failure) {
        // TooLongFrameException is a DecoderException; a bad chunk size arrives as a NumberFormatException.
        if (failure instanceof DecoderException || failure instanceof IllegalArgumentException) {
            return new BadRequestException("the request body cannot be read as HTTP: " + failure.getMessage(), failure);
        }
        return failure;
    }

    private static void refuse(HttpServerRequest request, Promise<Body> promise, AdmissionControl.Permit permit,
                               RuntimeException reason) {
        if (promise.tryFail(reason)) {
            permit.close();
            // Stop buffering; the error answer closes the connection.
            request.handler(ignored -> { });
        }
    }

    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(header.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new BadRequestException("Content-Length is not a length: " + header);
        }
    }

    private PayloadTooLargeException tooLarge() {
        return tooLarge(maxBytes);
    }

    private static PayloadTooLargeException tooLarge(long limit) {
        return new PayloadTooLargeException("the request body is over the limit of " + limit + " bytes");
    }
}
