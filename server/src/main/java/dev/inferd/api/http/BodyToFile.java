package dev.inferd.api.http;

import dev.inferd.error.BodyTimedOutException;
import dev.inferd.error.PayloadTooLargeException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Path;

/**
 * One request body written to a file as it arrives ({@link RequestBodyReader#readToFile}). Every
 * step runs on the request's event loop, so the fields need no locks. However the body ends (whole,
 * too large, stalled, the client gone, a write or the close failing), the result completes once, and
 * a file whose result failed is deleted, after the one close of the file.
 */
final class BodyToFile {
    private final HttpServerRequest request;
    private final Path file;
    private final long limit;
    private final long idleMillis;
    private final FileSystem files;
    private final Promise<Path> result = Promise.promise();
    /** Completes when no more of the body will be read; it ends the stall watch. */
    private final Promise<Void> stoppedReading = Promise.promise();
    private AsyncFile out;
    private long received;
    private long written;
    private boolean closing;

    private BodyToFile(HttpServerRequest request, Path file, long limit, long idleMillis) {
        this.request = request;
        this.file = file;
        this.limit = limit;
        this.idleMillis = idleMillis;
        this.files = Vertx.currentContext().owner().fileSystem();
    }

    /** Starts writing; called on the request's event loop before any of the body was read. */
    static Future<Path> write(HttpServerRequest request, Path file, long limit, long idleMillis) {
        BodyToFile body = new BodyToFile(request, file, limit, idleMillis);
        // Held until the file is open; what arrives meanwhile waits in Vert.x's queue.
        request.pause();
        body.files.open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true)).onComplete(opened -> {
            if (opened.failed()) {
                body.stoppedReading.tryComplete();
                body.result.tryFail(opened.cause());
            } else {
                body.start(opened.result());
            }
        });
        return body.result.future();
    }

    private void start(AsyncFile opened) {
        out = opened;
        // Bytes received or written both count as progress: while the disk is behind and the
        // request paused, the client sends nothing, and is not the one to blame.
        BodyStallWatch.start(idleMillis, () -> received + written, stoppedReading.future(), () -> giveUp(
                new BodyTimedOutException("the request body stopped arriving: nothing of it came for "
                        + idleMillis / 1000.0 + " s, after " + received + " bytes")));
        request.handler(this::chunk);
        request.endHandler(ended -> end());
        request.exceptionHandler(failure -> giveUp(RequestBodyReader.asBodyFailure(failure)));
        request.resume();
    }

    private void chunk(Buffer chunk) {
        if (result.future().isComplete()) {
            return;
        }
        received += chunk.length();
        if (received > limit) {
            giveUp(new PayloadTooLargeException("the request body is over the limit of " + limit + " bytes"));
            return;
        }
        // A write fails only through its future (a full disk, say); the file would otherwise have a gap.
        out.write(chunk).onComplete(wrote -> {
            if (wrote.succeeded()) {
                written += chunk.length();
            } else {
                giveUp(wrote.cause());
            }
        });
        if (out.writeQueueFull()) {
            // The disk is behind the network: the client waits rather than the server's memory filling.
            request.pause();
            out.drainHandler(drained -> request.resume());
        }
    }

    private void end() {
        stoppedReading.tryComplete();
        if (closing) {
            return;
        }
        closing = true;
        // The close waits for the writes still queued, whose failures fail the result first.
        out.close().onComplete(closed -> {
            if (closed.failed()) {
                result.tryFail(closed.cause());
            }
            if (!result.tryComplete(file)) {
                files.delete(file.toString());
            }
        });
    }

    private void giveUp(Throwable reason) {
        if (!result.tryFail(reason)) {
            return;
        }
        stoppedReading.tryComplete();
        if (!request.isEnded()) {
            // Stop reading; the error answer closes the connection.
            request.handler(ignored -> { });
            request.resume();
        }
        if (!closing) {
            closing = true;
            out.close().onComplete(closed -> files.delete(file.toString()));
        }
        // Else the close under way (end) deletes the file, since the result has failed.
    }
}
