package dev.inferd.runtime.java;

import dev.inferd.runtime.Arity;
import dev.inferd.runtime.BoundRows;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;
import dev.inferd.runtime.RowBisection;
import dev.inferd.runtime.RowsRun;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A Java version with {@code batch: rows}: each chunk of at most {@code batch_size} calls is one
 * call of the main method, on an invocation thread. Rows that cannot be bound fail on their own
 * before it, and are left out of it; when it throws, {@link RowBisection} calls it again on halves
 * of the chunk to find the rows to blame.
 */
final class JavaRowsModel implements LoadedModel {
    private final JavaVersion version;
    private final JavaRowsMethod method;
    private final ResultEncoder results;
    private final int parallelism;
    private final int batchSize;

    JavaRowsModel(JavaVersion version, JavaRowsMethod method, ResultEncoder results, int parallelism, int batchSize) {
        this.version = version;
        this.method = method;
        this.results = results;
        this.parallelism = parallelism;
        this.batchSize = batchSize;
    }

    @Override
    public Arity arity() {
        return method.arity();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public OptionalInt rowsPerCall() {
        return OptionalInt.of(batchSize);
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        return RowBisection.run(calls, rows -> version.onInvocationThread(run -> run.complete(call(rows))));
    }

    /** Binding runs user code too (a record's constructor, a bean's setters), so it runs where calls run. */
    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return version.onInvocationThread(result -> {
            try {
                method.row(call);
                result.complete(Optional.empty());
            } catch (ArgumentBindingException e) {
                result.complete(Optional.of(e.getMessage()));
            }
        });
    }

    private RowsRun call(List<Call> calls) {
        BoundRows rows = new BoundRows(calls.size());
        Object[] values = new Object[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            try {
                values[rows.count()] = method.row(calls.get(i));
                rows.bind(i);
            } catch (ArgumentBindingException e) {
                rows.refuse(i, e.getMessage());
            }
        }
        int bound = rows.count();
        if (bound > 0) {
            Object[] returned;
            try {
                returned = method.call(values, bound);
            } catch (Throwable raised) {
                // Everything user code throws, errors included, is the call's to explain, not the server's.
                return new RowsRun.Raised(version.describe(raised));
            }
            if (returned == null || returned.length != bound) {
                // Which result belongs to which row is unknown, so no row gets one.
                Outcome wrong = new Outcome.Failure(Outcome.FailureKind.WRONG_RESULT_COUNT, method.wrongResultCount(returned, bound));
                for (int k = 0; k < bound; k++) {
                    rows.answer(k, wrong);
                }
            } else {
                for (int k = 0; k < bound; k++) {
                    rows.answer(k, results.encode(returned[k]));
                }
            }
        }
        return rows.ran();
    }

    @Override
    public void close() {
        version.close();
    }
}
