package dev.inferd.invoke;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.inferd.json.NumbersAsSent;
import dev.inferd.runtime.Call;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request's {@code data} value from a streaming parser. While the value keeps the shape of
 * a batch, each item goes straight into its first element and argument list; the moment it does not
 * (an element that is not an array, an empty array, an array that starts with something other than a
 * string or number), what was read so far is turned back into a tree and the rest is read as one.
 */
public final class CallDataReader {

    private CallDataReader() {
    }

    /** Reads the value at the parser's current token, leaving the parser on its last token. */
    public static CallData read(JsonParser parser, NumbersAsSent.ValueReader values) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return new CallData.Tree(values.read());
        }
        List<JsonNode> firstElements = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_ARRAY) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.VALUE_STRING && first != JsonToken.VALUE_NUMBER_INT && first != JsonToken.VALUE_NUMBER_FLOAT) {
                ArrayNode tree = CallData.arrayOf(firstElements, calls);
                ArrayNode item = tree.addArray();
                if (first != JsonToken.END_ARRAY) {
                    item.add(values.read());
                    readRest(parser, values, item);
                }
                readRest(parser, values, tree);
                return new CallData.Tree(tree);
            }
            firstElements.add(values.read());
            calls.add(new Call(readArguments(parser, values)));
        }
        if (token == JsonToken.END_ARRAY) {
            return firstElements.isEmpty() ? new CallData.Tree(JsonNodeFactory.instance.arrayNode())
                    : new CallData.Items(firstElements, calls);
        }
        // An element that is not an array: the data is not batch-shaped after all.
        ArrayNode tree = CallData.arrayOf(firstElements, calls);
        tree.add(values.read());
        readRest(parser, values, tree);
        return new CallData.Tree(tree);
    }

    /** The elements after an item's first, up to and including the item's END_ARRAY, as an immutable list. */
    private static List<JsonNode> readArguments(JsonParser parser, NumbersAsSent.ValueReader values) throws IOException {
        if (parser.nextToken() == JsonToken.END_ARRAY) {
            return List.of();
        }
        JsonNode one = values.read();
        if (parser.nextToken() == JsonToken.END_ARRAY) {
            return List.of(one);
        }
        JsonNode two = values.read();
        if (parser.nextToken() == JsonToken.END_ARRAY) {
            return List.of(one, two);
        }
        List<JsonNode> more = new ArrayList<>();
        more.add(one);
        more.add(two);
        do {
            more.add(values.read());
        } while (parser.nextToken() != JsonToken.END_ARRAY);
        return List.copyOf(more);
    }

    /** Reads the remaining elements of the array being read into {@code array}, up to its END_ARRAY. */
    private static void readRest(JsonParser parser, NumbersAsSent.ValueReader values, ArrayNode array) throws IOException {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(values.read());
        }
    }
}
