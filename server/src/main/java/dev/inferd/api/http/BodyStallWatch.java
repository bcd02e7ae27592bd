package dev.inferd.api.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.function.LongSupplier;

/**
 * Notices a request body that stopped arriving: every idle period it checks that the body has grown
 * since the last check, and when it has not, gives up on it. One timer per idle period, not one per
 * chunk, so a fast upload of a big body costs nothing. Started on the request's event loop.
 */
final class BodyStallWatch {

    private BodyStallWatch() {
    }

    /**
     * @param bytesSoFar how much of the body has arrived
     * @param done       completes when the body is whole or given up for another reason; the watch then stops
     * @param onStall    runs on the event loop when a whole idle period passed without a byte
     */
    static void start(long idleMillis, LongSupplier bytesSoFar, Future<?> done, Runnable onStall) {
        Context eventLoop = Vertx.currentContext();
        if (eventLoop == null) {
            return;
        }
        long[] atLastCheck = {bytesSoFar.getAsLong()};
        long[] pending = new long[1];
        Handler<Long> check = new Handler<>() {
            @Override
            public void handle(Long timer) {
                if (done.isComplete()) {
                    return;
                }
                long now = bytesSoFar.getAsLong();
                if (now == atLastCheck[0]) {
                    onStall.run();
                    return;
                }
                atLastCheck[0] = now;
                pending[0] = eventLoop.owner().setTimer(idleMillis, this);
            }
        };
        pending[0] = eventLoop.owner().setTimer(idleMillis, check);
        // The timer holds the body (through bytesSoFar) until it fires: a whole idle period, in which a
        // busy server reads thousands of bodies. Called off once the body is whole, it lets go at once.
        done.onComplete(finished -> eventLoop.runOnContext(onLoop -> eventLoop.owner().cancelTimer(pending[0])));
    }
}
