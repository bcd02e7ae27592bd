package dev.inferd.runtime.python;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.json.JsonNodeWriter;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.Outcome;
import dev.inferd.runtime.RowsRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Python worker process and the Java end of its protocol.
 *
 * <p>Protocol (the Python end is {@code python/inferd_worker.py}; keep the two in step). Frames are a
 * 4-byte unsigned big-endian length and that many bytes of UTF-8 JSON, one object each, over the
 * process's stdin (server to worker) and stdout (worker to server). The worker moves those pipes
 * aside before importing user code and points descriptor 1 at stderr, so anything user code prints
 * arrives on stderr, which this class copies into the server log line by line.
 * <ul>
 *   <li>worker, once: {@code {"op":"ready","pid":N,"python":"3.11.7","executable":"/usr/bin/python3",
 *       "arity":{"required":1,"optional":0,"varargs":false}}} or
 *       {@code {"op":"load_failed","error":"traceback","python":"3.11.7","executable":"/usr/bin/python3"}}
 *       followed by its exit; tracebacks name the bundle's files relative to the bundle;</li>
 *   <li>server, one at a time: {@code {"op":"call","id":7,"calls":[[args...], ...]}};</li>
 *   <li>worker, per call frame: {@code {"op":"result","id":7,"values":[...],"errors":{"1":{"kind":"raised","message":"..."}}}},
 *       one value per call in order, null where {@code errors} has the call's index; kind is
 *       {@code raised}, {@code unencodable}, and for a function that takes whole batches also
 *       {@code bad_arguments} and {@code wrong_count}. NaN and infinities arrive as bare tokens, a
 *       Python {@code Decimal} as a number with an uppercase exponent ({@link FrameParser}). A
 *       function that takes whole batches and raises answers {@code {"op":"result","id":7,"raised":"..."}}
 *       for the chunk as a whole.</li>
 * </ul>
 * Closing stdin asks the worker to exit. The worker also exits when its parent dies.
 *
 * <p>A worker runs one chunk at a time. Its reader thread completes the chunk's future; when the
 * process dies the future fails with a runtime error and the death is reported to the pool.
 */
final class PythonWorker {
    private static final Logger log = LoggerFactory.getLogger(PythonWorker.class);
    private static final Logger userOutput = LoggerFactory.getLogger("dev.inferd.python.output");
    private static final int OUTPUT_TAIL_LINES = 20;
    private static final int MAX_LOGGED_LINE = 8 * 1024;

    private final WorkerLaunch launch;
    private final String label;
    private final Process process;
    private final FrameChannel channel;
    private final ObjectMapper json;
    private final CompletableFuture<Arity> ready = new CompletableFuture<>();
    private final Deque<String> outputTail = new ArrayDeque<>();
    private final Thread outputPump;
    private final Object lock = new Object();
    private CompletableFuture<RowsRun> inFlight;
    /** Set by the reader once the process is gone; a chunk given to the worker after that fails at once. */
    private boolean gone;
    private long inFlightId;
    private long nextId = 1;
    private volatile boolean stopping;
    private volatile boolean killedOnPurpose;

    private PythonWorker(WorkerLaunch launch, String label, Process process, ObjectMapper json) {
        this.launch = launch;
        this.label = label;
        this.process = process;
        this.json = json;
        this.channel = new FrameChannel(process.getInputStream(), new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
        this.outputPump = new Thread(this::pumpOutput, "inferd-python-output-" + label);
        this.outputPump.setDaemon(true);
    }

    /**
     * Starts the process; {@link #ready()} completes once it has imported the bundle.
     *
     * @param onExit called once, on the reader thread, when the process is gone
     */
    static PythonWorker start(WorkerLaunch launch, int number, ObjectMapper json, Consumer<PythonWorker> onExit) {
        String label = launch.label() + " worker " + number;
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .directory(launch.bundleDirectory().toFile());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // The JDK's message names the working directory, a server path the deployer has no business seeing.
            String reason = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s*\\(in directory \"[^\"]*\"\\)", "");
            throw new BundleRejectedException("cannot start the Python interpreter '" + launch.python() + "': " + reason);
        }
        PythonWorker worker = new PythonWorker(launch, label, process, json);
        worker.outputPump.start();
        Thread reader = new Thread(() -> worker.readFrames(onExit), "inferd-python-reader-" + label);
        reader.setDaemon(true);
        reader.start();
        return worker;
    }

    /** Completes with the main function's arity, or fails with the reason the bundle cannot load. */
    CompletableFuture<Arity> ready() {
        return ready;
    }

    String label() {
        return label;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive() && !stopping;
    }

    /** Sends one chunk; the future completes when its results arrive or the worker dies. */
    CompletableFuture<RowsRun> run(List<Call> calls) {
        CompletableFuture<RowsRun> result = new CompletableFuture<>();
        long id;
        synchronized (lock) {
            if (inFlight != null) {
                throw new IllegalStateException(label + " already runs a chunk");
            }
            if (gone) {
                result.completeExceptionally(new RuntimeFailureException(
                        "the Python worker for this call exited before it could take it; the server log has its output"));
                return result;
            }
            id = nextId++;
            inFlight = result;
            inFlightId = id;
        }
        try {
            channel.write(callFrame(id, calls));
        } catch (IOException e) {
            // The reader sees the same broken pipe as end of stream and reports the death, which
            // fails this chunk: it was in flight before the reader could have marked the worker gone.
            kill();
        }
        return result;
    }

    /** Ends the process at once; the reader reports the death. */
    void kill() {
        process.destroyForcibly();
    }

    /** Kills the worker to stop the chunk it runs (a timeout); its replacement starts without delay. */
    void killOnPurpose() {
        killedOnPurpose = true;
        kill();
    }

    boolean wasKilledOnPurpose() {
        return killedOnPurpose;
    }

    /** Asks the worker to exit by closing its input, then kills it if it has not within the grace period. */
    void stop(long graceMillis) {
        requestStop();
        awaitStop(graceMillis);
    }

    /** Closes the worker's input, which makes it exit once its current chunk is done. */
    void requestStop() {
        stopping = true;
        channel.closeOutput();
    }

    /** Waits for the exit that {@link #requestStop()} asked for, killing the worker when it does not come. */
    void awaitStop(long graceMillis) {
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private byte[] callFrame(long id, List<Call> calls) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + calls.size() * 16);
        try (JsonGenerator generator = json.getFactory().createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeStringField("op", "call");
            generator.writeNumberField("id", id);
            generator.writeArrayFieldStart("calls");
            for (Call call : calls) {
                generator.writeStartArray();
                for (JsonNode argument : call.arguments()) {
                    JsonNodeWriter.write(argument, generator);
                }
                generator.writeEndArray();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private void readFrames(Consumer<PythonWorker> onExit) {
        String failure = null;
        try {
            byte[] frame;
            while ((frame = channel.read()) != null) {
                handle(FrameParser.parse(json, frame));
            }
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
            process.destroyForcibly();
        }
        String death = describeExit(failure);
        ready.completeExceptionally(new BundleRejectedException(startFailureMessage(death)));
        CompletableFuture<RowsRun> lost;
        synchronized (lock) {
            gone = true;
            lost = inFlight;
            inFlight = null;
        }
        if (lost != null) {
            lost.completeExceptionally(new RuntimeFailureException("the Python worker running this call died ("
                    + death + "); the server log has its output"));
        }
        if (!stopping && !killedOnPurpose) {
            log.warn("{} exited: {}", label, death);
        } else if (killedOnPurpose) {
            log.info("{} was killed to stop its call ({})", label, death);
        }
        onExit.accept(this);
    }

    private void handle(JsonNode message) {
        String op = message.path("op").asText();
        switch (op) {
            case "ready" -> {
                JsonNode arity = message.path("arity");
                ready.complete(WorkerLaunch.arityOf(arity.path("required").asInt(), arity.path("optional").asInt(),
                        arity.path("varargs").asBoolean()));
                log.info("{} ready (pid {}, Python {} at {})", label, message.path("pid").asLong(),
                        message.path("python").asText(), interpreterOf(message));
            }
            case "load_failed" -> ready.completeExceptionally(new BundleRejectedException(
                    // Names the interpreter: a module it cannot import is usually installed in another one.
                    "cannot load " + launch.source() + " with " + interpreterOf(message)
                            + " (Python " + message.path("python").asText() + "):\n" + message.path("error").asText()));
            case "result" -> complete(message);
            default -> log.warn("{} sent an unexpected frame: {}", label, message);
        }
    }

    /** Where the interpreter runs from, as it says; an embedded one may not know, and then it is named as launched. */
    private String interpreterOf(JsonNode message) {
        String executable = message.path("executable").textValue();
        return executable == null || executable.isBlank() ? launch.python() : executable;
    }

    private void complete(JsonNode message) {
        CompletableFuture<RowsRun> result;
        synchronized (lock) {
            if (inFlight == null || message.path("id").asLong() != inFlightId) {
                log.warn("{} answered call frame {} that is not in flight", label, message.path("id").asLong());
                return;
            }
            result = inFlight;
            inFlight = null;
        }
        JsonNode raised = message.get("raised");
        if (raised != null) {
            result.complete(new RowsRun.Raised(raised.asText()));
            return;
        }
        JsonNode values = message.path("values");
        JsonNode errors = message.path("errors");
        List<Outcome> outcomes = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            JsonNode error = errors.get(Integer.toString(i));
            if (error == null) {
                outcomes.add(new Outcome.Success(values.get(i)));
            } else {
                outcomes.add(new Outcome.Failure(failureKind(error.path("kind").asText()), error.path("message").asText()));
            }
        }
        result.complete(new RowsRun.Ran(outcomes));
    }

    private static Outcome.FailureKind failureKind(String kind) {
        return switch (kind) {
            case "unencodable" -> Outcome.FailureKind.UNENCODABLE_RESULT;
            case "bad_arguments" -> Outcome.FailureKind.BAD_ARGUMENTS;
            case "wrong_count" -> Outcome.FailureKind.WRONG_RESULT_COUNT;
            default -> Outcome.FailureKind.FUNCTION_RAISED;
        };
    }

    /** Copies what user code prints into the log, tagged with the worker, keeping the last lines for errors. */
    private void pumpOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.length() > MAX_LOGGED_LINE) {
                    line = line.substring(0, MAX_LOGGED_LINE) + "... (cut)";
                }
                userOutput.info("[{}] {}", label, line);
                synchronized (outputTail) {
                    outputTail.addLast(line);
                    if (outputTail.size() > OUTPUT_TAIL_LINES) {
                        outputTail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // The process is gone; its output ends here.
        }
    }

    /** Exit code or signal, as an operator reads it in the log. */
    private String describeExit(String readFailure) {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            outputPump.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String how = exitDescription(process.isAlive() ? -1 : process.exitValue());
        return readFailure == null ? how : how + "; protocol failure: " + readFailure;
    }

    /** Java reports a process killed by signal N as exit value 128 + N. */
    static String exitDescription(int exitValue) {
        if (exitValue > 128 && exitValue < 128 + 65) {
            int signal = exitValue - 128;
            String name = switch (signal) {
                case 6 -> " (SIGABRT)";
                case 9 -> " (SIGKILL, e.g. the out-of-memory killer or a timeout)";
                case 11 -> " (SIGSEGV)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
            return "killed by signal " + signal + name;
        }
        return exitValue < 0 ? "exit status unknown" : "exit code " + exitValue;
    }

    private String startFailureMessage(String death) {
        return "the Python worker for " + launch.source() + " exited before it was ready (" + death + ")" + outputHint();
    }

    private String outputHint() {
        synchronized (outputTail) {
            if (outputTail.isEmpty()) {
                return "";
            }
            return "; its last output:\n" + launch.withoutBundleDirectory(String.join("\n", outputTail));
        }
    }
}
