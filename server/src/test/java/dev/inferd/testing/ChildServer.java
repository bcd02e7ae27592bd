package dev.inferd.testing;

import dev.inferd.Main;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code inferd serve --port 0 ...} in a JVM of its own, so that a test can signal it: SIGTERM or SIGKILL. */
public final class ChildServer extends HttpEndpoint implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("inferd listening on (http://\\S+)");

    private final Process process;
    private final String url;
    private final List<String> output;

    private ChildServer(Process process, String url, List<String> output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /**
     * {@code inferd serve --port 0} as a command line for a JVM of its own. Without the test
     * classes, whose logback-test.xml hides INFO: the server sets up its own logging, as in
     * production, and prints the line that tells the URL.
     */
    public static List<String> serveCommand() {
        return serveCommand(List.of());
    }

    /** {@link #serveCommand()} in a JVM started with {@code jvmOptions} ("-Xmx96m"). */
    public static List<String> serveCommand(List<String> jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String serverClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", serverClassPath, Main.class.getName(), "serve", "--port", "0"));
        return command;
    }

    /** Starts {@code inferd serve --port 0} followed by {@code arguments}, and waits until it says where it listens. */
    public static ChildServer start(Duration listeningWithin, String... arguments) {
        return start(listeningWithin, List.of(), arguments);
    }

    /** {@link #start(Duration, String...)} in a JVM started with {@code jvmOptions}. */
    public static ChildServer start(Duration listeningWithin, List<String> jvmOptions, String... arguments) {
        List<String> command = new ArrayList<>();
        if (sigintIgnored() && Files.isExecutable(Path.of("/usr/bin/perl"))) {
            // A build started in the background of a shell ignores SIGINT, and so would the child:
            // the JVM then installs no handler for it, and Ctrl-C could not be tested. Perl puts the
            // default back and becomes the server (exec keeps the process id).
            command.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die", "--"));
        }
        command.addAll(serveCommand(jvmOptions));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> output = new ArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread pump = new Thread(() -> readOutput(process, output, url), "child-server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ChildServer(process, url.get(listeningWithin.toMillis(), TimeUnit.MILLISECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("the child server did not say where it listens; its output:\n"
                        + String.join("\n", output), e);
            }
        }
    }

    /** Whether this process ignores SIGINT (signal 2), as its children then do; Linux tells in /proc. */
    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 0b10) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: nothing to put back.
        }
        return false;
    }

    /** Keeps reading, so that the child never blocks on a full pipe. */
    private static void readOutput(Process process, List<String> output, CompletableFuture<String> url) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    url.complete(listening.group(1));
                }
            }
        } catch (IOException ignored) {
            // The child is gone.
        }
        url.completeExceptionally(new IllegalStateException("the child server's output ended"));
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public String url() {
        return url;
    }

    /** SIGTERM: the server stops as a service manager would stop it. */
    public void terminate() {
        signal("TERM");
    }

    /** SIGINT, as Ctrl-C in the terminal that runs the server sends it. */
    public void interrupt() {
        signal("INT");
    }

    /**
     * Sends the signal with {@code kill}: {@link Process#destroy()} would send SIGTERM too, but it
     * also closes our end of the child's output, so what the child logs while it stops is lost.
     */
    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, without waiting: the server gets no chance to finish, flush or clean up anything. */
    public void sigkill() {
        process.destroyForcibly();
    }

    /** Whether the process has ended, waiting for it at most {@code within}. */
    public boolean exited(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the child server did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
