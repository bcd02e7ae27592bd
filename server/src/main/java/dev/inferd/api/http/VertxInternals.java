package dev.inferd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Optional;

/**
 * The one class that uses Vert.x's internal API (an ArchUnit rule keeps it so). Check it after every
 * Vert.x upgrade; UnparseableRequestsAreAnsweredWhileTheirBodyArrivesTest and the HTTP version tests
 * fail when the connection class changes.
 */
final class VertxInternals {

    private VertxInternals() {
    }

    /** The Netty pipeline under an HTTP connection: Vert.x's own connection class is the one way to it. */
    static Optional<ChannelPipeline> pipeline(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? Optional.of(base.channel().pipeline()) : Optional.empty();
    }

    /**
     * A buffer over {@code bytes}, not a copy as Buffer.buffer(byte[]) makes (Netty still copies it
     * once more into a direct buffer to write it), so the array must not change afterwards. Vert.x
     * 5.0.7 keeps such a buffer unreleasable, so the array is never recycled.
     */
    static Buffer wrapping(byte[] bytes) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
    }
}
