package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Java version in this JVM: its own class loader, its prepared main method, and the shared
 * invocation executor that runs each chunk of calls as one task. Chunks pass the deployment's
 * {@link ConcurrencyGate}, so a flood on one deployment leaves threads free for the others.
 * Once its calls have proved quick ({@link MeasuredCallCost}), a request's calls run at once on the
 * thread that asks, which for most Java functions is all a call costs.
 */
final class JavaLoadedModel implements LoadedModel {
    private static final Logger log = LoggerFactory.getLogger(JavaLoadedModel.class);

    private final String label;
    private final URLClassLoader classLoader;
    private final JavaMainMethod mainMethod;
    private final ObjectMapper mapper;
    private final ConcurrencyGate gate;
    private final int parallelism;
    private final MeasuredCallCost cost = new MeasuredCallCost();

    JavaLoadedModel(String label, URLClassLoader classLoader, JavaMainMethod mainMethod, ObjectMapper mapper,
                    ConcurrencyGate gate, int parallelism) {
        this.label = label;
        this.classLoader = classLoader;
        this.mainMethod = mainMethod;
        this.mapper = mapper;
        this.gate = gate;
        this.parallelism = parallelism;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public Arity arity() {
        return mainMethod.arity();
    }

    @Override
    public boolean runsOnCallingThread(int calls) {
        return cost.quickFor(calls);
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        CompletableFuture<List<Outcome>> result = new CompletableFuture<>();
        if (cost.quickFor(calls.size())) {
            runChunk(calls, result, true);
            // An interrupt that user code left behind belongs to its call, not to the calling thread.
            Thread.interrupted();
            return result;
        }
        ConcurrencyGate.Work work = new ConcurrencyGate.Work() {
            @Override
            void run() {
                runChunk(calls, result, false);
            }

            @Override
            void refuse(RuntimeException reason) {
                result.completeExceptionally(reason);
            }
        };
        // Cancelling the chunk (a timeout) drops it from the queue or interrupts the thread running it.
        result.whenComplete((outcomes, error) -> {
            if (result.isCancelled() && !gate.leave(work)) {
                work.interrupt();
            }
        });
        gate.enter(work);
        return result;
    }

    @Override
    public Optional<String> argumentProblem(Call call) {
        JavaEntryPoint entryPoint = mainMethod.forArgumentCount(call.arguments().size());
        if (entryPoint == null) {
            return Optional.of("the main function takes " + arity().describe() + ", got " + call.arguments().size());
        }
        try {
            entryPoint.bind(call.arguments());
            return Optional.empty();
        } catch (ArgumentBindingException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void runChunk(List<Call> calls, CompletableFuture<List<Outcome>> result, boolean onCallingThread) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        long started = System.nanoTime();
        try {
            List<Outcome> outcomes = new ArrayList<>(calls.size());
            for (Call call : calls) {
                if (result.isDone()) {
                    return;
                }
                outcomes.add(run(call));
            }
            long took = System.nanoTime() - started;
            if (cost.record(calls.size(), took, onCallingThread)) {
                log.warn("{}: {} call(s) took {} ms on the thread that asked for them, which may serve connections; calls of"
                        + " this version go to the invocation threads again until many more prove them quick", label, calls.size(),
                        took / 1_000_000);
            }
            result.complete(outcomes);
        } catch (RuntimeException | Error e) {
            log.error("{}: the Java runtime failed outside user code", label, e);
            result.completeExceptionally(new RuntimeFailureException(
                    "the Java runtime failed outside the main function; the server log has the details", e));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Outcome run(Call call) {
        JavaEntryPoint entryPoint = mainMethod.forArgumentCount(call.arguments().size());
        if (entryPoint == null) {
            return new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, "the main function takes "
                    + arity().describe() + ", got " + call.arguments().size());
        }
        Optional<DirectInvoker> direct = entryPoint.direct();
        if (direct.isPresent()) {
            return runDirectly(direct.get(), call);
        }
        Object[] arguments;
        try {
            arguments = entryPoint.bind(call.arguments());
        } catch (ArgumentBindingException e) {
            return new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, e.getMessage());
        }
        Object value;
        try {
            value = entryPoint.invoke(arguments);
        } catch (Throwable raised) {
            // Everything user code throws, errors included, fails only this call.
            return new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED,
                    JavaFailureMessages.describe(raised, classLoader.getName()));
        }
        return encode(value);
    }

    private Outcome runDirectly(DirectInvoker direct, Call call) {
        try {
            return new Outcome.Success(direct.invoke(call.arguments()));
        } catch (ArgumentBindingException e) {
            return new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, e.getMessage());
        } catch (Throwable raised) {
            return new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED,
                    JavaFailureMessages.describe(raised, classLoader.getName()));
        }
    }

    private Outcome encode(Object value) {
        JsonNode scalar = scalarNode(value);
        if (scalar != null) {
            return new Outcome.Success(scalar);
        }
        try {
            JsonNode tree = mapper.valueToTree(value);
            return new Outcome.Success(tree == null ? NullNode.getInstance() : tree);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            return new Outcome.Failure(Outcome.FailureKind.UNENCODABLE_RESULT,
                    "the result of type " + value.getClass().getName() + " cannot be encoded as JSON: " + reason);
        }
    }

    /** The node of a plain value, made directly: most results are one, and the mapper costs more than they do. */
    private static JsonNode scalarNode(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof Long number) {
            return LongNode.valueOf(number);
        }
        if (value instanceof Integer number) {
            return IntNode.valueOf(number);
        }
        if (value instanceof Double number) {
            return DoubleNode.valueOf(number);
        }
        if (value instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (value instanceof Boolean flag) {
            return BooleanNode.valueOf(flag);
        }
        if (value instanceof Float number) {
            return FloatNode.valueOf(number);
        }
        if (value instanceof BigDecimal number) {
            return DecimalNode.valueOf(number);
        }
        if (value instanceof BigInteger number) {
            return BigIntegerNode.valueOf(number);
        }
        return null;
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
