package dev.inferd.runtime.java;

import dev.inferd.error.RuntimeFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a loaded Java version holds whichever way its main method takes a batch: its own class
 * loader, and its way onto the shared invocation executor through the deployment's
 * {@link ConcurrencyGate}, so a flood on one deployment leaves threads free for the others. User
 * code runs on those threads only, never on the thread that asks (an HTTP event loop, which no
 * timeout could free and whose every connection would wait), however quick its calls have been.
 */
final class JavaVersion implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JavaVersion.class);

    private final String label;
    private final URLClassLoader classLoader;
    private final ConcurrencyGate gate;

    JavaVersion(String label, URLClassLoader classLoader, ConcurrencyGate gate) {
        this.label = label;
        this.classLoader = classLoader;
        this.gate = gate;
    }

    /**
     * Runs {@code task} on an invocation thread once the deployment's gate lets it in, with the
     * version's class loader as the context class loader. Cancelling the future (a timeout) drops the
     * task from the queue, or interrupts the thread running it.
     */
    <T> CompletableFuture<T> onInvocationThread(Consumer<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ConcurrencyGate.Work work = new ConcurrencyGate.Work() {
            @Override
            void run() {
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(classLoader);
                try {
                    task.accept(result);
                } catch (RuntimeException | Error e) {
                    // User code's own failures are outcomes; this is the server's, and must not end the gate's thread.
                    log.error("{}: the Java runtime failed outside user code", label, e);
                    result.completeExceptionally(new RuntimeFailureException(
                            "the Java runtime failed outside the main function; the server log has the details", e));
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }

            @Override
            void refuse(RuntimeException reason) {
                result.completeExceptionally(reason);
            }
        };
        result.whenComplete((value, error) -> {
            if (result.isCancelled() && !gate.leave(work)) {
                work.interrupt();
            }
        });
        gate.enter(work);
        return result;
    }

    /** What user code threw, as a failure message: only the frames of this version's classes. */
    String describe(Throwable raised) {
        return JavaFailureMessages.describe(raised, classLoader.getName());
    }

    @Override
    public void close() {
        try {
            classLoader.close();
        } catch (IOException e) {
            log.warn("{}: closing the class loader failed", label, e);
        }
    }
}
