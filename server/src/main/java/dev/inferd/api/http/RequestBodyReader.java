package dev.inferd.api.http;

import dev.inferd.error.BadRequestException;
import dev.inferd.error.PayloadTooLargeException;
import dev.inferd.invoke.AdmissionControl;
import dev.inferd.invoke.CallLimits;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body into memory, whatever its Content-Type, up to the configured limit. A body
 * declared too large, or one that would take the server over its budget of bytes in flight, is
 * refused before it is sent; {@code Expect: 100-continue} is answered at once otherwise, because
 * curl waits a full second for it on every body over 1 KiB. The bytes count as in flight until the
 * request is answered.
 */
final class RequestBodyReader {
    private final long maxBytes;
    private final CallLimits limits;

    RequestBodyReader(long maxBytes, CallLimits limits) {
        this.maxBytes = maxBytes;
        this.limits = limits;
    }

    Future<Buffer> read(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared;
        AdmissionControl.Permit declaredBytes;
        try {
            declared = declaredLength(request);
            if (declared > maxBytes) {
                throw tooLarge();
            }
            declaredBytes = limits.admitBytes(Math.max(declared, 0));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        context.addEndHandler(done -> declaredBytes.close());
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer((int) Math.max(256, Math.min(declared, maxBytes)));
        request.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxBytes) {
                refuse(request, promise, tooLarge());
                return;
            }
            if (declared < 0) {
                // A chunked body counts against the budget as it arrives, not once it is whole.
                try {
                    AdmissionControl.Permit chunkBytes = limits.admitBytes(chunk.length());
                    context.addEndHandler(answered -> chunkBytes.close());
                } catch (RuntimeException e) {
                    refuse(request, promise, e);
                    return;
                }
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(done -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        return promise.future();
    }

    private static void refuse(HttpServerRequest request, Promise<Buffer> promise, RuntimeException reason) {
        if (promise.tryFail(reason)) {
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
        return new PayloadTooLargeException("the request body is over the limit of " + maxBytes + " bytes");
    }
}
