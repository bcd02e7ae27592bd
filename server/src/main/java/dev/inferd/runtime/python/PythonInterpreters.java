package dev.inferd.runtime.python;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which program to start for an interpreter as configured ({@code --python} or a bundle's
 * {@code python:}). Usually the interpreter itself. When the name leads to a script instead, as
 * version managers' shims do (pyenv, asdf, mise: {@code python3} on the PATH is a shell script that
 * works out which Python to run, every time), the script is run once to ask the Python it chooses
 * for {@code sys.executable}, and workers start that directly: a pyenv shim costs about 60 ms of CPU
 * per process, paid by every worker start and restart, four times in a start with the examples.
 *
 * <p>The script is asked from the work directory, under which every bundle directory lies, because
 * workers run in their bundle directory and shims choose by the directory they run in. A script
 * that gives no usable answer is started as configured, as it was before.
 */
final class PythonInterpreters {
    private static final Logger log = LoggerFactory.getLogger(PythonInterpreters.class);

    private static final String ASK_EXECUTABLE = "import sys; sys.stdout.write(sys.executable or '')";

    private final Path workDirectory;
    private final Duration askTimeout;
    private final Map<String, CompletableFuture<String>> programs = new ConcurrentHashMap<>();

    PythonInterpreters(Path workDirectory, Duration askTimeout) {
        this.workDirectory = workDirectory;
        this.askTimeout = askTimeout;
    }

    /** The program to start for {@code configured}; asks a script once, and other callers wait for that answer. */
    String programFor(String configured) {
        CompletableFuture<String> asked = new CompletableFuture<>();
        CompletableFuture<String> earlier = programs.putIfAbsent(configured, asked);
        if (earlier != null) {
            return earlier.join();
        }
        try {
            asked.complete(resolve(configured));
        } catch (RuntimeException e) {
            asked.complete(configured);
        }
        return asked.join();
    }

    private String resolve(String configured) {
        Optional<Path> file = located(configured, System.getenv("PATH"));
        if (file.isEmpty() || !isScript(file.get())) {
            return configured;
        }
        Optional<String> chosen = askExecutable(configured).filter(PythonInterpreters::isInterpreterBinary);
        chosen.ifPresentOrElse(
                program -> log.info("the Python interpreter '{}' is a script that chooses a Python at each start; workers start {} directly",
                        configured, program),
                () -> log.info("the Python interpreter '{}' is a script that did not name the Python it runs; workers start it as it is",
                        configured));
        return chosen.orElse(configured);
    }

    /** The file the JDK would start for {@code program}: itself if it names a path, else the first match on {@code path}. */
    static Optional<Path> located(String program, String path) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(":"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, program))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    /** A script starts with {@code #!}; an interpreter binary (or a link to one) does not. */
    static boolean isScript(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isInterpreterBinary(String program) {
        Path file = Path.of(program);
        return file.isAbsolute() && Files.isRegularFile(file) && Files.isExecutable(file) && !isScript(file);
    }

    private Optional<String> askExecutable(String configured) {
        Process process;
        try {
            process = new ProcessBuilder(configured, "-c", ASK_EXECUTABLE)
                    .directory(workDirectory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            // Waited for before reading: the answer is one short line, which the pipe holds, and a
            // script that hangs or writes on and on is given up at the timeout instead of read forever.
            if (!process.waitFor(askTimeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }
}
