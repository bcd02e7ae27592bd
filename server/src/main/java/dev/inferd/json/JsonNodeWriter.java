package dev.inferd.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree with the generator's own methods. {@code generator.writeTree} goes through the
 * ObjectMapper's serializer machinery for every node it is given, which costs more than the writing
 * itself when answers hold thousands of small values. NaN and ±Infinity are written as null here,
 * as the protocol wants.
 */
public final class JsonNodeWriter {

    private JsonNodeWriter() {
    }

    public static void write(JsonNode node, JsonGenerator generator) throws IOException {
        // The commonest nodes first, tested by exact class, which is cheaper than asking the node its
        // type or testing for an interface.
        Class<?> type = node.getClass();
        if (type == IntNode.class) {
            generator.writeNumber(node.intValue());
            return;
        }
        if (type == LongNode.class) {
            generator.writeNumber(node.longValue());
            return;
        }
        if (type == TextNode.class) {
            generator.writeString(node.textValue());
            return;
        }
        if (node instanceof NumbersAsSent.Kept kept) {
            generator.writeNumber(kept.text());
            return;
        }
        switch (node.getNodeType()) {
            case NUMBER -> writeNumber(node, generator);
            case STRING -> generator.writeString(node.textValue());
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case ARRAY -> {
                generator.writeStartArray(node, node.size());
                for (JsonNode element : node) {
                    write(element, generator);
                }
                generator.writeEndArray();
            }
            case OBJECT -> {
                generator.writeStartObject(node, node.size());
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator);
                }
                generator.writeEndObject();
            }
            default -> generator.writeTree(node);
        }
    }

    private static void writeNumber(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.numberType()) {
            case INT -> generator.writeNumber(node.intValue());
            case LONG -> generator.writeNumber(node.longValue());
            case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
            case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
            case FLOAT -> {
                float value = node.floatValue();
                if (Float.isFinite(value)) {
                    generator.writeNumber(value);
                } else {
                    generator.writeNull();
                }
            }
            default -> {
                double value = node.doubleValue();
                if (Double.isFinite(value)) {
                    generator.writeNumber(value);
                } else {
                    generator.writeNull();
                }
            }
        }
    }
}
