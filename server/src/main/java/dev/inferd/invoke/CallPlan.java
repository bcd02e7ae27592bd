package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.inferd.error.BadRequestException;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What a request asks for once the main function's arity is known: one call, or a batch of calls
 * already sorted by ID (so results come back in answer order without a second sort).
 */
public sealed interface CallPlan {

    record Single(Call call) implements CallPlan {
    }

    record Batch(List<BatchItemId> ids, List<Call> calls) implements CallPlan {
        public Batch {
            if (ids.size() != calls.size()) {
                throw new IllegalArgumentException("one ID per call");
            }
        }
    }

    static CallPlan of(CallData data, BatchMode mode, Arity arity) {
        if (data instanceof CallData.Items items) {
            return switch (mode) {
                case FORCE_SINGLE -> single(items.tree(), arity);
                case FORCE_BATCH -> batch(items, arity);
                case DETECT -> arityFitsEveryItem(items, arity) ? batch(items, arity) : single(items.tree(), arity);
            };
        }
        JsonNode tree = data.tree();
        return switch (mode) {
            case FORCE_SINGLE -> single(tree, arity);
            case FORCE_BATCH -> batch(tree, arity);
            case DETECT -> looksLikeBatch(tree, arity) ? batch(tree, arity) : single(tree, arity);
        };
    }

    private static boolean arityFitsEveryItem(CallData.Items items, Arity arity) {
        for (Call call : items.calls()) {
            if (!arity.accepts(call.arguments().size())) {
                return false;
            }
        }
        return true;
    }

    /**
     * PROTOCOL §1: a non-empty array whose every element is an array that starts with a string or
     * number and holds 1 + an accepted number of arguments.
     */
    static boolean looksLikeBatch(JsonNode data, Arity arity) {
        if (!data.isArray() || data.isEmpty()) {
            return false;
        }
        for (JsonNode item : data) {
            if (!item.isArray() || item.isEmpty()) {
                return false;
            }
            JsonNode id = item.get(0);
            if (!(id.isTextual() || id.isNumber()) || !arity.accepts(item.size() - 1)) {
                return false;
            }
        }
        return true;
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

    private static Batch batch(JsonNode data, Arity arity) {
        if (!data.isArray() || data.isEmpty()) {
            throw new BadRequestException("a batch is a non-empty array of [ID, args...] items");
        }
        int size = data.size();
        BatchItemId[] ids = new BatchItemId[size];
        for (int i = 0; i < size; i++) {
            JsonNode item = data.get(i);
            if (!item.isArray() || item.isEmpty()) {
                throw new BadRequestException("batch item " + i + " must be an array [ID, args...]; got "
                        + BatchItemId.abbreviate(item.toString()));
            }
            ids[i] = BatchItemId.of(item.get(0));
            if (!arity.accepts(item.size() - 1)) {
                throw new BadRequestException("batch item " + ids[i].display() + " has " + (item.size() - 1)
                        + " argument(s); the main function takes " + arity.describe());
            }
        }
        return sorted(ids, index -> new Call(arguments(data.get(index))));
    }

    /** A batch read item by item (see {@link CallDataReader}): the same checks and order as from a tree. */
    private static Batch batch(CallData.Items items, Arity arity) {
        List<JsonNode> firstElements = items.firstElements();
        List<Call> calls = items.calls();
        int size = firstElements.size();
        for (int i = 0; i < size; i++) {
            int arguments = calls.get(i).arguments().size();
            if (!arity.accepts(arguments)) {
                // The reader kept only strings and numbers as sent as first elements, so no earlier
                // item has an ID problem that would be the answer instead, as it is for a tree.
                throw new BadRequestException("batch item " + BatchItemId.of(firstElements.get(i)).display() + " has "
                        + arguments + " argument(s); the main function takes " + arity.describe());
            }
        }
        long[] wholeNumbers = plainWholeNumbers(firstElements);
        IdOrder byValue = wholeNumbers == null ? null : IdOrder.ofIntegers(wholeNumbers);
        if (byValue != null) {
            return sortedWholeNumbers(byValue, firstElements, calls);
        }
        BatchItemId[] ids = new BatchItemId[size];
        for (int i = 0; i < size; i++) {
            ids[i] = BatchItemId.of(firstElements.get(i));
        }
        return sorted(ids, calls::get);
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

    /** The batch in ID order, refusing IDs that are equal; {@code callOf} gives item {@code i}'s call. */
    private static Batch sorted(BatchItemId[] ids, IntFunction<Call> callOf) {
        int size = ids.length;
        IdOrder order = IdOrder.of(ids);
        int duplicate = order.firstDuplicate();
        if (duplicate > 0) {
            throw duplicateIds(ids[order.index(duplicate - 1)], ids[order.index(duplicate)]);
        }
        BatchItemId[] sortedIds = new BatchItemId[size];
        Call[] sortedCalls = new Call[size];
        for (int k = 0; k < size; k++) {
            int index = order.index(k);
            sortedIds[k] = ids[index];
            sortedCalls[k] = callOf.apply(index);
        }
        return new Batch(Arrays.asList(sortedIds), Arrays.asList(sortedCalls));
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
