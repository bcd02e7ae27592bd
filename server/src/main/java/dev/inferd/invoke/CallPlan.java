package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.inferd.error.BadRequestException;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What a request asks for once the main function's arity is known: one call, or a batch of calls
 * already sorted by ID (so results come back in answer order without a second sort). A batch item
 * whose argument count the function does not accept is not called: it is that item's error.
 */
public sealed interface CallPlan {

    /** What the call counts as against the in-flight and rate limits: 1, or every item of the batch. */
    int items();

    record Single(Call call) implements CallPlan {
        @Override
        public int items() {
            return 1;
        }
    }

    /**
     * A batch in ID order: {@code ids} holds every item; {@code calls}, in the same order, the calls of
     * the items that run; {@code refused} the others, each at its position in {@code ids}.
     */
    record Batch(List<BatchItemId> ids, List<Call> calls, List<RefusedItem> refused) implements CallPlan {
        public Batch {
            if (ids.size() != calls.size() + refused.size()) {
                throw new IllegalArgumentException("one ID per item, called or refused");
            }
            for (int i = 0; i < refused.size(); i++) {
                int position = refused.get(i).position();
                if (position >= ids.size() || (i > 0 && position <= refused.get(i - 1).position())) {
                    throw new IllegalArgumentException("refused items in ID order, each at its own position: " + refused);
                }
            }
        }

        public Batch(List<BatchItemId> ids, List<Call> calls) {
            this(ids, calls, List.of());
        }

        /** Refused items included: a batch counts whole, as it was sent. */
        @Override
        public int items() {
            return ids.size();
        }

        /** Every item's outcome in ID order, given the outcomes of {@link #calls()}: a refused item's is its reason. */
        public List<Outcome> outcomes(List<Outcome> ofCalls) {
            if (refused.isEmpty()) {
                return ofCalls;
            }
            List<Outcome> all = new ArrayList<>(ids.size());
            int next = 0;
            for (RefusedItem item : refused) {
                while (all.size() < item.position()) {
                    all.add(ofCalls.get(next++));
                }
                all.add(new Outcome.Failure(Outcome.FailureKind.BAD_ARGUMENTS, item.reason()));
            }
            all.addAll(ofCalls.subList(next, ofCalls.size()));
            return all;
        }
    }

    /** A batch item the main function cannot be called with: its position in ID order, and why. */
    record RefusedItem(int position, String reason) {
    }

    /** @param function the main function's name, as item errors name it */
    static CallPlan of(CallData data, BatchMode mode, String function, Arity arity) {
        if (data instanceof CallData.Items items) {
            return switch (mode) {
                case FORCE_SINGLE -> single(items.tree(), arity);
                case FORCE_BATCH -> batch(items, function, arity);
                case DETECT -> arityFitsAnItem(items, arity) ? batch(items, function, arity) : single(items.tree(), arity);
            };
        }
        JsonNode tree = data.tree();
        return switch (mode) {
            case FORCE_SINGLE -> single(tree, arity);
            case FORCE_BATCH -> batch(tree, function, arity);
            case DETECT -> looksLikeBatch(tree, arity) ? batch(tree, function, arity) : single(tree, arity);
        };
    }

    /** Every item of batch-shaped data starts with a string or number, so one that fits is one of a fitting length. */
    private static boolean arityFitsAnItem(CallData.Items items, Arity arity) {
        for (Call call : items.calls()) {
            if (arity.accepts(call.arguments().size())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A non-empty array whose every element is an array, at least one of which fits: starts with a
     * string or number and holds 1 + an accepted number of arguments. The elements that do not fit
     * are then the batch's to refuse, each on its own or, lacking an ID, with the whole request.
     */
    static boolean looksLikeBatch(JsonNode data, Arity arity) {
        if (!data.isArray() || data.isEmpty()) {
            return false;
        }
        boolean oneFits = false;
        for (JsonNode item : data) {
            if (!item.isArray()) {
                return false;
            }
            oneFits = oneFits || fits(item, arity);
        }
        return oneFits;
    }

    private static boolean fits(JsonNode item, Arity arity) {
        if (item.isEmpty()) {
            return false;
        }
        JsonNode id = item.get(0);
        return (id.isTextual() || id.isNumber()) && arity.accepts(item.size() - 1);
    }

    /** Why an item with {@code arguments} arguments is not called: {@code item 2 has 2 arguments; example_adder takes 3}. */
    private static String wrongArgumentCount(BatchItemId id, int arguments, String function, Arity arity) {
        return "item " + id.display() + " has " + arguments + (arguments == 1 ? " argument; " : " arguments; ")
                + function + " takes " + arity.counts();
    }

    /**
     * A function of exactly one parameter takes {@code data} whole. Otherwise an array whose length
     * the function accepts is spread over the parameters, and any other value is the single argument
     * of a function that accepts one.
     */
    private static Single single(JsonNode data, Arity arity) {
        if (arity.takesExactlyOne()) {
            return new Single(new Call(List.of(data)));
        }
        if (data.isArray() && arity.accepts(data.size())) {
            List<JsonNode> arguments = new ArrayList<>(data.size());
            data.forEach(arguments::add);
            return new Single(new Call(arguments));
        }
        if (arity.accepts(1)) {
            return new Single(new Call(List.of(data)));
        }
        String got = data.isArray() ? data.size() + " (an array of " + data.size() + ")" : "1 (a single " + data.getNodeType().name().toLowerCase() + ")";
        throw new BadRequestException("the main function takes " + arity.describe() + ", got " + got
                + "; send several arguments as an array in data");
    }

    private static Batch batch(JsonNode data, String function, Arity arity) {
        if (!data.isArray() || data.isEmpty()) {
            throw new BadRequestException("a batch is a non-empty array of [ID, args...] items");
        }
        int size = data.size();
        BatchItemId[] ids = new BatchItemId[size];
        String[] refusals = null;
        for (int i = 0; i < size; i++) {
            JsonNode item = data.get(i);
            if (!item.isArray() || item.isEmpty()) {
                throw new BadRequestException("batch item " + i + " must be an array [ID, args...]; got "
                        + BatchItemId.abbreviate(item.toString()));
            }
            ids[i] = BatchItemId.of(item.get(0));
            if (!arity.accepts(item.size() - 1)) {
                refusals = refusals == null ? new String[size] : refusals;
                refusals[i] = wrongArgumentCount(ids[i], item.size() - 1, function, arity);
            }
        }
        return sorted(ids, index -> new Call(arguments(data.get(index))), refusals);
    }

    /** A batch read item by item (see {@link CallDataReader}): the same checks and order as from a tree. */
    private static Batch batch(CallData.Items items, String function, Arity arity) {
        List<JsonNode> firstElements = items.firstElements();
        List<Call> calls = items.calls();
        int size = firstElements.size();
        String[] refusals = null;
        for (int i = 0; i < size; i++) {
            int arguments = calls.get(i).arguments().size();
            if (!arity.accepts(arguments)) {
                refusals = refusals == null ? new String[size] : refusals;
                refusals[i] = wrongArgumentCount(BatchItemId.of(firstElements.get(i)), arguments, function, arity);
            }
        }
        long[] wholeNumbers = refusals == null ? plainWholeNumbers(firstElements) : null;
        IdOrder byValue = wholeNumbers == null ? null : IdOrder.ofIntegers(wholeNumbers);
        if (byValue != null) {
            return sortedWholeNumbers(byValue, firstElements, calls);
        }
        BatchItemId[] ids = new BatchItemId[size];
        for (int i = 0; i < size; i++) {
            ids[i] = BatchItemId.of(firstElements.get(i));
        }
        return sorted(ids, calls::get, refusals);
    }

    /**
     * The values of IDs that are all whole numbers sent plainly (what {@link BatchItemId#isPlainInteger}
     * says), the usual batch; null when any is not.
     */
    private static long[] plainWholeNumbers(List<JsonNode> firstElements) {
        long[] values = new long[firstElements.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode id = firstElements.get(i);
            Class<?> type = id.getClass();
            if (type != IntNode.class && type != LongNode.class) {
                return null;
            }
            values[i] = id.longValue();
        }
        return values;
    }

    /**
     * A batch of plain whole-number IDs in ID order. Their IDs are made here, in that order, from the
     * sorted values: IDs made while the items were read would lie in memory in the order the items
     * arrived, and the answer, which visits them in ID order, would wait for memory at every one.
     */
    private static Batch sortedWholeNumbers(IdOrder order, List<JsonNode> firstElements, List<Call> calls) {
        int duplicate = order.firstDuplicate();
        if (duplicate > 0) {
            throw duplicateIds(BatchItemId.of(firstElements.get(order.index(duplicate - 1))),
                    BatchItemId.of(firstElements.get(order.index(duplicate))));
        }
        int size = firstElements.size();
        BatchItemId[] sortedIds = new BatchItemId[size];
        Call[] sortedCalls = new Call[size];
        for (int k = 0; k < size; k++) {
            int index = order.index(k);
            sortedIds[k] = BatchItemId.plainInteger(firstElements.get(index), order.sortedInteger(k));
            sortedCalls[k] = calls.get(index);
        }
        return new Batch(Arrays.asList(sortedIds), Arrays.asList(sortedCalls));
    }

    /**
     * The batch in ID order, refusing IDs that are equal; {@code callOf} gives item {@code i}'s call,
     * and {@code refusals}, when not null, why item {@code i} is not called, where it is not.
     */
    private static Batch sorted(BatchItemId[] ids, IntFunction<Call> callOf, String[] refusals) {
        int size = ids.length;
        IdOrder order = IdOrder.of(ids);
        int duplicate = order.firstDuplicate();
        if (duplicate > 0) {
            throw duplicateIds(ids[order.index(duplicate - 1)], ids[order.index(duplicate)]);
        }
        BatchItemId[] sortedIds = new BatchItemId[size];
        Call[] sortedCalls = new Call[size];
        List<RefusedItem> refused = refusals == null ? List.of() : new ArrayList<>();
        int called = 0;
        for (int k = 0; k < size; k++) {
            int index = order.index(k);
            sortedIds[k] = ids[index];
            if (refusals != null && refusals[index] != null) {
                refused.add(new RefusedItem(k, refusals[index]));
            } else {
                sortedCalls[called++] = callOf.apply(index);
            }
        }
        List<Call> calls = Arrays.asList(called == size ? sortedCalls : Arrays.copyOf(sortedCalls, called));
        return new Batch(Arrays.asList(sortedIds), calls, refused);
    }

    private static BadRequestException duplicateIds(BatchItemId first, BatchItemId second) {
        String firstText = first.display();
        String secondText = second.display();
        return new BadRequestException("batch item IDs must be unique; ID " + secondText
                + (firstText.equals(secondText) ? " appears more than once" : " is the same number as ID " + firstText));
    }

    /** The item's arguments as an immutable list, which {@link Call} keeps without copying. */
    private static List<JsonNode> arguments(JsonNode item) {
        return switch (item.size()) {
            case 1 -> List.of();
            case 2 -> List.of(item.get(1));
            case 3 -> List.of(item.get(1), item.get(2));
            default -> {
                JsonNode[] arguments = new JsonNode[item.size() - 1];
                for (int a = 1; a < item.size(); a++) {
                    arguments[a - 1] = item.get(a);
                }
                yield List.of(arguments);
            }
        };
    }
}
