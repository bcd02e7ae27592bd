package dev.inferd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns the close of a connection into a lingering one: once everything written has gone out, the
 * sending side is shut (the client reads the answer, then the end of the stream), and the
 * connection is only closed when the client closes its side or the linger time has passed.
 * Meanwhile what the client still sends is read and dropped by the HTTP decoder.
 *
 * <p>For requests the HTTP decoder refused, which Vert.x answers and then closes at once: a client
 * still sending its body into a closed socket gets a reset, and a reset can destroy the answer
 * before the client reads it, or make the client report a failed send instead of the answer.
 */
final class LingeringClose extends ChannelOutboundHandlerAdapter {
    private final long lingerMillis;
    private boolean lingering;

    LingeringClose(Duration linger) {
        this.lingerMillis = linger.toMillis();
    }

    @Override
    public void close(ChannelHandlerContext context, ChannelPromise promise) {
        if (!(context.channel() instanceof DuplexChannel channel)) {
            context.close(promise);
            return;
        }
        if (lingering) {
            // Vert.x closes again when it hears the sending side was shut; the linger's timer decides.
            channel.closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        lingering = true;
        // Queued behind the answer, so the sending side is shut only once the answer has been written.
        context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess() || channel.isInputShutdown()) {
                context.close(promise);
                return;
            }
            channel.shutdownOutput();
            // The client's own close ends the connection at once; the timer, one that never closes.
            ScheduledFuture<?> timer = context.executor().schedule(() -> context.close(), lingerMillis, TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(closed -> {
                timer.cancel(false);
                promise.trySuccess();
            });
        });
    }
}
