package dev.inferd.runtime;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A loaded model that passes every question to the model it wraps, for wrappers that change a few
 * of the answers: retiring a version while its calls run, merging concurrent calls. Every method of
 * {@link LoadedModel} is declared here, defaults included, since a wrapper that left one to its
 * default would answer it so for every runtime (a {@code batch: rows} version's batch size was once
 * lost that way); a test checks it.
 */
public abstract class ForwardingModel implements LoadedModel {
    protected final LoadedModel model;

    protected ForwardingModel(LoadedModel model) {
        this.model = model;
    }

    @Override
    public Arity arity() {
        return model.arity();
    }

    @Override
    public int parallelism() {
        return model.parallelism();
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        return model.predict(calls);
    }

    @Override
    public OptionalInt rowsPerCall() {
        return model.rowsPerCall();
    }

    @Override
    public boolean prefersOneChunk(int calls) {
        return model.prefersOneChunk(calls);
    }

    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return model.argumentProblem(call);
    }

    @Override
    public void withdraw(CompletableFuture<List<Outcome>> answer) {
        model.withdraw(answer);
    }

    @Override
    public Optional<ModelSignature> signature() {
        return model.signature();
    }

    @Override
    public Optional<String> problem() {
        return model.problem();
    }

    @Override
    public void close() {
        model.close();
    }
}
