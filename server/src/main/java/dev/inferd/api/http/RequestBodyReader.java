package dev.inferd.api.http;

import dev.inferd.error.BadRequestException;
import dev.inferd.error.PayloadTooLargeException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory, whatever its Content-Type, up to the configured limit. A body
 * declared too large is refused before it is sent; {@code Expect: 100-continue} is answered at
 * once otherwise, because curl waits a full second for it on every body over 1 KiB.
 */
final class RequestBodyReader {
    private final long maxBytes;

    RequestBodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Future<Buffer> read(HttpServerRequest request) {
        long declared;
        try {
            declared = declaredLength(request);
        } catch (BadRequestException e) {
            return Future.failedFuture(e);
        }
        if (declared > maxBytes) {
            return Future.failedFuture(tooLarge());
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer((int) Math.max(256, Math.min(declared, maxBytes)));
        request.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxBytes) {
                if (promise.tryFail(tooLarge())) {
                    // Stop buffering; the error answer closes the connection.
                    request.handler(ignored -> { });
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(done -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        return promise.future();
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
