package dev.inferd.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** What a command printed and the exit code it returned; the commands print to System.out and System.err. */
record ConsoleCapture(int exitCode, String out, String err) {

    static synchronized ConsoleCapture run(IntSupplier command) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = command.getAsInt();
            return new ConsoleCapture(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /**
     * Starts a command that runs until interrupted ({@code logs --follow}) on a thread of its own,
     * with the console captured until {@link Running#stop()}; meanwhile nothing else may capture it.
     */
    static Running start(IntSupplier command) {
        return new Running(command);
    }

    static final class Running {
        private static final Duration STOP_WITHIN = Duration.ofSeconds(10);

        private final PrintStream originalOut = System.out;
        private final PrintStream originalErr = System.err;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
        private final Thread thread;

        private Running(IntSupplier command) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            thread = new Thread(() -> exitCode.set(command.getAsInt()), "console-capture");
            thread.start();
        }

        /** What the command printed to standard output so far. */
        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Interrupts the command, waits for it to return and gives the console back. */
        ConsoleCapture stop() throws InterruptedException {
            try {
                thread.interrupt();
                thread.join(STOP_WITHIN.toMillis());
                if (thread.isAlive()) {
                    throw new AssertionError("the command did not end within " + STOP_WITHIN + " of an interrupt");
                }
                return new ConsoleCapture(exitCode.get(), out(), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
        }
    }
}
