package dev.inferd.api.http;

import dev.inferd.error.OverloadedException;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work of an HTTP request that must not run on an event loop: what waits on the store or on DNS (on
 * the store executor, apart from the invocation threads, which model calls may fill) or decodes a
 * large body (on the invocation executor). A full executor answers 429 at once rather than queueing
 * without end.
 */
final class OffTheEventLoop {

    private OffTheEventLoop() {
    }

    static <T> CompletableFuture<T> on(Executor executor, Callable<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new OverloadedException("the server is busy; retry shortly", 1));
        }
    }
}
