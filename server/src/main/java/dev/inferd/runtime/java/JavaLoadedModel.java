package dev.inferd.runtime.java;

import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Java version whose main method is called once per item: its prepared overloads, and the
 * version's invocation threads, which run each chunk of calls as one task.
 */
final class JavaLoadedModel implements LoadedModel {
    private final JavaVersion version;
    private final JavaMainMethod mainMethod;
    private final ResultEncoder results;
    private final int parallelism;
    private final MeasuredCallCost cost = new MeasuredCallCost();

    JavaLoadedModel(JavaVersion version, JavaMainMethod mainMethod, ResultEncoder results, int parallelism) {
        this.version = version;
        this.mainMethod = mainMethod;
        this.results = results;
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
        return version.onInvocationThread(result -> runChunk(calls, result));
    }

    /** Binding runs user code too (a record's constructor, a bean's setters), so it runs where calls run. */
    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return version.onInvocationThread(result -> result.complete(bindingProblem(call)));
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
            return new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED, version.describe(raised));
        }
        return results.encode(value);
    }

    private Outcome runDirectly(DirectInvoker direct, Call call) {
        try {
            return new Outcome.Success(direct.invoke(call.arguments()));
        } catch (ArgumentBindingException e) {
            return new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, e.getMessage());
        } catch (Throwable raised) {
            return new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED, version.describe(raised));
        }
    }

    @Override
    public void close() {
        version.close();
    }
}
