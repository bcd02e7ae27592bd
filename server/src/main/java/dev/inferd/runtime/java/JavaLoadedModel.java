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
import java.util.function.Consumer;

/**
 * A Java version in this JVM: its own class loader, its prepared main method, and the shared
 * invocation executor that runs each chunk of calls as one task. Chunks pass the deployment's
 * {@link ConcurrencyGate}, so a flood on one deployment leaves threads free for the others. User
 * code runs on those threads only, never on the thread that asks (an HTTP event loop, which no
 * timeout could free and whose every connection would wait), however quick its calls have been.
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
    public boolean prefersOneChunk(int calls) {
        return cost.quickFor(calls);
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        return onInvocationThread(result -> runChunk(calls, result));
    }

    /** Binding runs user code too (a record's constructor, a bean's setters), so it runs where calls run. */
    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return onInvocationThread(result -> result.complete(bindingProblem(call)));
    }

    private Optional<String> bindingProblem(Call call) {
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

    /**
     * Runs {@code task} on an invocation thread once the deployment's gate lets it in. Cancelling the
     * future (a timeout) drops the task from the queue, or interrupts the thread running it.
     */
    private <T> CompletableFuture<T> onInvocationThread(Consumer<CompletableFuture<T>> task) {
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

    private void runChunk(List<Call> calls, CompletableFuture<List<Outcome>> result) {
        long started = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>(calls.size());
        for (Call call : calls) {
            if (result.isDone()) {
                return;
            }
            outcomes.add(run(call));
        }
        cost.record(calls.size(), System.nanoTime() - started);
        result.complete(outcomes);
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
