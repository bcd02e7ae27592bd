package dev.inferd.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.inferd.bundle.BatchForm;
import dev.inferd.error.OverloadedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.BoundRows;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelSignature;
import dev.inferd.runtime.Outcome;
import dev.inferd.runtime.RowBisection;
import dev.inferd.runtime.RowsRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One ONNX model's session. A chunk of calls is one run of the model: each call is a row of every
 * input, found from its arguments by the model's inputs (below), and each row of the outputs is a
 * call's answer. A call whose arguments are not rows of the inputs fails alone, before the run; a
 * run that fails is searched for its failing rows by {@link RowBisection}.
 *
 * <p>Arguments: one input whose rows are k values ({@code [N, k]}, k > 1) takes k arguments, or one
 * list of them; one input of one value per row ({@code [N]}, {@code [N, 1]}) or of rows of higher rank
 * takes one argument, the value or the nested list; several inputs take one argument each, in the
 * model's order, or one object {@code {input_name: row}}.
 */
final class OnnxLoadedModel implements LoadedModel {
    private static final Logger log = LoggerFactory.getLogger(OnnxLoadedModel.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String label;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Executor runs;
    private final int parallelism;
    private final Arity arity;
    /** The runs going on the session, which must end before it closes; guards {@link #closing} too. */
    private final Set<RunControl> active = new HashSet<>();
    private boolean closing;

    OnnxLoadedModel(String label, OrtEnvironment environment, OrtSession session, List<TensorSpec> inputs,
                    List<TensorSpec> outputs, Executor runs, int parallelism) {
        this.label = label;
        this.environment = environment;
        this.session = session;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.runs = runs;
        this.parallelism = parallelism;
        this.arity = arityOf(inputs);
    }

    private static Arity arityOf(List<TensorSpec> inputs) {
        if (inputs.size() == 1) {
            TensorSpec only = inputs.get(0);
            long[] row = only.rowShape();
            boolean values = row.length == 1 && row[0] > 1;
            return values ? new Arity(List.of(new Arity.Range(1, 1), new Arity.Range((int) row[0], (int) row[0]))) : Arity.exactly(1);
        }
        return new Arity(List.of(new Arity.Range(1, 1), new Arity.Range(inputs.size(), inputs.size())));
    }

    @Override
    public Optional<ModelSignature> signature() {
        return Optional.of(new ModelSignature(inputs.stream().map(TensorSpec::described).toList(),
                outputs.stream().map(TensorSpec::described).toList()));
    }

    @Override
    public Arity arity() {
        return arity;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    /**
     * A run takes a chunk of rows at once, which is what a model is built for; one exported with a
     * batch dimension fixed at 1 takes a row a run, and bigger chunks would only fail and be halved.
     */
    @Override
    public OptionalInt rowsPerCall() {
        return OptionalInt.of(inputs.stream().anyMatch(TensorSpec::oneRowPerRun) ? 1 : BatchForm.DEFAULT_BATCH_SIZE);
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        return RowBisection.run(calls, this::runOnce);
    }

    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        try {
            rowsOf(call, inputs.stream().map(spec -> new InputRows(spec, 1)).toList(), 0);
            return CompletableFuture.completedFuture(Optional.empty());
        } catch (InputRows.RowRefused e) {
            return CompletableFuture.completedFuture(Optional.of(e.getMessage()));
        }
    }

    /**
     * Runs the rows on an invocation thread, never the caller's. Cancelling the future (a timeout)
     * tells ONNX Runtime to end the run.
     */
    private CompletableFuture<RowsRun> runOnce(List<Call> rows) {
        CompletableFuture<RowsRun> result = new CompletableFuture<>();
        RunControl control = new RunControl();
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                control.terminate();
            }
        });
        try {
            runs.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                if (!enter(control)) {
                    result.completeExceptionally(new RuntimeFailureException(label + " was unloaded before this run started"));
                    return;
                }
                try {
                    result.complete(run(rows, control));
                } catch (RuntimeException | Error e) {
                    log.error("{}: the ONNX runtime failed outside the model", label, e);
                    result.completeExceptionally(e);
                } finally {
                    control.close();
                    leave(control);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new OverloadedException("the server's invocation queue is full", 1));
        }
        return result;
    }

    private RowsRun run(List<Call> calls, RunControl control) {
        BoundRows bound = new BoundRows(calls.size());
        List<InputRows> rows = new ArrayList<>(inputs.size());
        for (TensorSpec input : inputs) {
            rows.add(new InputRows(input, calls.size()));
        }
        for (int i = 0; i < calls.size(); i++) {
            try {
                rowsOf(calls.get(i), rows, bound.count());
                bound.bind(i);
            } catch (InputRows.RowRefused e) {
                bound.refuse(i, e.getMessage());
            }
        }
        if (bound.count() > 0) {
            Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
            try {
                for (int j = 0; j < inputs.size(); j++) {
                    tensors.put(inputs.get(j).name(), rows.get(j).tensor(environment, bound.count()));
                }
                try (OrtSession.Result result = control.run(session, tensors)) {
                    List<Object> values = new ArrayList<>(outputs.size());
                    for (TensorSpec output : outputs) {
                        Object value = result.get(output.name()).orElseThrow().getValue();
                        int answered = value != null && value.getClass().isArray() ? Array.getLength(value) : -1;
                        if (answered != bound.count()) {
                            // Rows could only be matched to calls by position, which would hand one caller another's answer.
                            Outcome wrong = new Outcome.Failure(Outcome.FailureKind.WRONG_RESULT_COUNT, "the model answered "
                                    + (answered < 0 ? "a single value" : answered + (answered == 1 ? " row" : " rows")) + " of output "
                                    + output.name() + " for " + bound.count() + (bound.count() == 1 ? " row" : " rows")
                                    + "; inferd serves models that answer one output row per input row");
                            for (int k = 0; k < bound.count(); k++) {
                                bound.answer(k, wrong);
                            }
                            return bound.ran();
                        }
                        values.add(value);
                    }
                    for (int k = 0; k < bound.count(); k++) {
                        bound.answer(k, new Outcome.Success(answer(values, k)));
                    }
                }
            } catch (OrtException e) {
                return new RowsRun.Raised(e.getMessage());
            } finally {
                tensors.values().forEach(OnnxTensor::close);
            }
        }
        return bound.ran();
    }

    /** Writes the call's row of every input as row {@code row}. */
    private void rowsOf(Call call, List<InputRows> rows, int row) {
        List<JsonNode> arguments = call.arguments();
        if (inputs.size() == 1) {
            TensorSpec only = inputs.get(0);
            JsonNode value = arguments.size() == 1 ? arguments.get(0) : NODES.arrayNode().addAll(arguments);
            if (value.isObject()) {
                value = valuesByName(value).get(0);
            }
            rows.get(0).put(row, value);
            return;
        }
        List<JsonNode> values = arguments.size() == inputs.size() ? arguments : valuesByName(arguments.get(0));
        for (int j = 0; j < inputs.size(); j++) {
            rows.get(j).put(row, values.get(j));
        }
    }

    /** The rows of an object {input_name: row}, in the model's order of inputs. */
    private List<JsonNode> valuesByName(JsonNode object) {
        List<String> names = inputs.stream().map(TensorSpec::name).toList();
        if (!object.isObject()) {
            throw new InputRows.RowRefused("the model takes " + names.size() + " inputs (" + String.join(", ", names)
                    + "): one argument each, or one object of them; got one argument, " + InputRows.describe(object));
        }
        Set<String> given = new HashSet<>();
        object.fieldNames().forEachRemaining(given::add);
        if (!given.equals(new HashSet<>(names))) {
            Set<String> missing = new HashSet<>(names);
            missing.removeAll(given);
            Set<String> unknown = new HashSet<>(given);
            names.forEach(unknown::remove);
            throw new InputRows.RowRefused("the model's inputs are " + String.join(", ", names)
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing.stream().sorted().toList()))
                    + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown.stream().sorted().toList())));
        }
        return names.stream().map(object::get).toList();
    }

    /** Row {@code row} of the outputs: the one output's value, or an object of every output's. */
    private JsonNode answer(List<Object> values, int row) {
        if (outputs.size() == 1) {
            return rowOf(outputs.get(0), values.get(0), row);
        }
        ObjectNode answer = NODES.objectNode();
        for (int j = 0; j < outputs.size(); j++) {
            answer.set(outputs.get(j).name(), rowOf(outputs.get(j), values.get(j), row));
        }
        return answer;
    }

    private static JsonNode rowOf(TensorSpec output, Object value, int row) {
        Object element = Array.get(value, row);
        if (output.scalarRows() && element.getClass().isArray() && Array.getLength(element) == 1) {
            element = Array.get(element, 0);
        }
        return node(element);
    }

    /** A Java array or element of one, as ONNX Runtime hands them out, as JSON; NaN and infinities are null. */
    private static JsonNode node(Object value) {
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            ArrayNode array = NODES.arrayNode(length);
            for (int i = 0; i < length; i++) {
                array.add(node(Array.get(value, i)));
            }
            return array;
        }
        if (value instanceof Float number) {
            return Float.isFinite(number) ? FloatNode.valueOf(number) : NODES.nullNode();
        }
        if (value instanceof Double number) {
            return Double.isFinite(number) ? DoubleNode.valueOf(number) : NODES.nullNode();
        }
        if (value instanceof Integer number) {
            return IntNode.valueOf(number);
        }
        if (value instanceof Long number) {
            return LongNode.valueOf(number);
        }
        if (value instanceof Boolean flag) {
            return BooleanNode.valueOf(flag);
        }
        return TextNode.valueOf(String.valueOf(value));
    }

    @Override
    public void close() {
        List<RunControl> stopping;
        synchronized (active) {
            if (closing) {
                return;
            }
            closing = true;
            stopping = List.copyOf(active);
        }
        if (stopping.isEmpty()) {
            closeSession();
        } else {
            // The last of them closes it: ONNX Runtime ends a terminated run between two steps, and a
            // session closed under a run that is still going crashes the process.
            stopping.forEach(RunControl::terminate);
        }
    }

    /** Counts a run in, unless the model is closing. */
    private boolean enter(RunControl control) {
        synchronized (active) {
            if (closing) {
                return false;
            }
            active.add(control);
            return true;
        }
    }

    /** Counts a run out, and closes the session if it was the last run of a closed model. */
    private void leave(RunControl control) {
        boolean last;
        synchronized (active) {
            active.remove(control);
            last = closing && active.isEmpty();
        }
        if (last) {
            closeSession();
        }
    }

    private void closeSession() {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("{}: closing the ONNX session failed", label, e);
        }
    }

    /** The run options of one run, through which a cancelled call ends it. */
    private static final class RunControl {
        private OrtSession.RunOptions options;
        private boolean terminated;
        private boolean closed;

        OrtSession.Result run(OrtSession session, Map<String, OnnxTensor> tensors) throws OrtException {
            OrtSession.RunOptions started;
            synchronized (this) {
                if (terminated) {
                    throw new OrtException("the run was cancelled before it started");
                }
                options = new OrtSession.RunOptions();
                started = options;
            }
            // Not under the lock, so that a cancellation can reach the run while it goes on.
            return session.run(tensors, started);
        }

        synchronized void terminate() {
            terminated = true;
            if (options != null && !closed) {
                try {
                    options.setTerminate(true);
                } catch (OrtException e) {
                    log.warn("cannot end an ONNX run that was cancelled", e);
                }
            }
        }

        synchronized void close() {
            closed = true;
            if (options != null) {
                options.close();
            }
        }
    }
}
