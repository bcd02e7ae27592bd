package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/**
 * Reads one JSON argument as one parameter's type. Numbers, strings and booleans for parameters of
 * those types are read straight off the node, which is most calls and costs nothing; everything
 * else, including every value that does not fit, goes through the version's strict Jackson reader,
 * so the rules and the error messages stay the ones of {@code JsonMappers.forJavaBinding()}.
 */
final class ParameterReader {
    private enum Shortcut { NONE, LONG, INT, DOUBLE, FLOAT, BOOLEAN, STRING }

    private final ObjectReader reader;
    private final Shortcut shortcut;
    private final boolean primitive;

    ParameterReader(ObjectReader reader, Class<?> type) {
        this.reader = reader;
        this.primitive = type.isPrimitive();
        this.shortcut = shortcutFor(type);
    }

    private static Shortcut shortcutFor(Class<?> type) {
        if (type == long.class || type == Long.class) {
            return Shortcut.LONG;
        }
        if (type == int.class || type == Integer.class) {
            return Shortcut.INT;
        }
        if (type == double.class || type == Double.class) {
            return Shortcut.DOUBLE;
        }
        if (type == float.class || type == Float.class) {
            return Shortcut.FLOAT;
        }
        if (type == boolean.class || type == Boolean.class) {
            return Shortcut.BOOLEAN;
        }
        if (type == String.class) {
            return Shortcut.STRING;
        }
        return Shortcut.NONE;
    }

    Object read(JsonNode value) throws IOException {
        switch (shortcut) {
            case LONG -> {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return value.longValue();
                }
            }
            case INT -> {
                if (value.isIntegralNumber() && value.canConvertToInt()) {
                    return value.intValue();
                }
            }
            case DOUBLE -> {
                if (value.isNumber()) {
                    return value.doubleValue();
                }
            }
            case FLOAT -> {
                if (value.isFloatingPointNumber() || value.isInt()) {
                    return value.floatValue();
                }
            }
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
            }
            case STRING -> {
                if (value.isTextual()) {
                    return value.textValue();
                }
            }
            case NONE -> {
                // Containers, records and beans: Jackson binds them.
            }
        }
        if (value.isNull() && shortcut != Shortcut.NONE && !primitive) {
            return null;
        }
        return reader.readValue(value);
    }

    /**
     * Reads {@code value} as the argument at {@code index}.
     *
     * @throws ArgumentBindingException naming the argument and the type, when it does not fit
     */
    Object bind(JsonNode value, int index) {
        try {
            return read(value);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArgumentBindingException(index, typeName(), e);
        }
    }

    String typeName() {
        return reader.getValueType().toString();
    }
}
