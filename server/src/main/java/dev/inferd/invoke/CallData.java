package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.inferd.runtime.Call;

import java.util.List;

/**
 * A request's {@code data}, as {@link CallDataReader} read it. Data shaped like a batch (an array of
 * arrays that each start with a string or a number) is kept as its items, already cut into first
 * elements and the rest, so a batch of 100,000 items becomes calls without a tree of 100,000 arrays.
 * Anything else is the JSON tree. Whether batch-shaped data is a batch is decided later, by the main
 * function's arity ({@link CallPlan}); when it is not, {@link #tree()} gives the same tree as any other value.
 */
public sealed interface CallData {

    /** The value as a JSON tree, exactly as sent. */
    JsonNode tree();

    record Tree(JsonNode tree) implements CallData {
    }

    /**
     * Batch-shaped data: item {@code i} is {@code [firstElements[i], calls[i].arguments()...]}. The
     * rest of each item is kept as the call it makes if the data is a batch, built while the item
     * was just read, so that a batch's calls need not be visited again in ID order to make them.
     *
     * @param firstElements each item's first element, a string or number node: its ID, if the data is a batch
     * @param calls         each item's other elements, in order, as a call
     */
    record Items(List<JsonNode> firstElements, List<Call> calls) implements CallData {
        public Items {
            if (firstElements.isEmpty() || firstElements.size() != calls.size()) {
                throw new IllegalArgumentException("batch-shaped data has items, each with a first element and arguments");
            }
        }

        /** The data rebuilt as the array of arrays it was sent as; for the rare call that takes it whole. */
        @Override
        public JsonNode tree() {
            return arrayOf(firstElements, calls);
        }
    }

    /** Items as the array of arrays they were sent as: {@code [[first, arguments...], ...]}. */
    static ArrayNode arrayOf(List<JsonNode> firstElements, List<Call> calls) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(firstElements.size() + 1);
        for (int i = 0; i < firstElements.size(); i++) {
            ArrayNode item = array.addArray();
            item.add(firstElements.get(i));
            calls.get(i).arguments().forEach(item::add);
        }
        return array;
    }
}
