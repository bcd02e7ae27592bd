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
import dev.inferd.runtime.Outcome;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Turns what the main method returned for one call, or for one row, into that call's outcome: its
 * JSON, by the version's mapper, or a failure of that call alone when it cannot be written.
 */
final class ResultEncoder {
    private final ObjectMapper mapper;

    ResultEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Outcome encode(Object value) {
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
}
