package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main method called straight from JSON nodes to a JSON node, for the commonest shape of all: up
 * to three parameters of type {@code long}, {@code int}, {@code double}, {@code boolean} or
 * {@code String}, and a result of one of those types or {@code void}. The conversions are method
 * handles composed around the method once per version, so a call boxes nothing and allocates no
 * argument array, and the JIT can inline the user's code into the loop over a batch. Values that do
 * not fit a conversion's fast test go through the parameter's strict reader, so the binding rules
 * and their error messages are the same as on the general path.
 */
final class DirectInvoker {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final Map<Class<?>, String> ARGUMENT_CONVERSIONS = Map.of(
            long.class, "toLong", int.class, "toInt", double.class, "toDouble",
            boolean.class, "toBoolean", String.class, "toText");
    private static final Map<Class<?>, String> RESULT_CONVERSIONS = Map.of(
            long.class, "fromLong", int.class, "fromInt", double.class, "fromDouble",
            boolean.class, "fromBoolean", String.class, "fromText");

    private final MethodHandle handle;
    private final int arity;

    private DirectInvoker(MethodHandle handle, int arity) {
        this.handle = handle;
        this.arity = arity;
    }

    /** @param target the method's handle, bound to its instance if it has one, of fixed arity */
    static Optional<DirectInvoker> of(Method method, MethodHandle target, ParameterReader[] readers) {
        Class<?>[] parameters = method.getParameterTypes();
        Class<?> result = method.getReturnType();
        if (method.isVarArgs() || parameters.length > 3 || (result != void.class && !RESULT_CONVERSIONS.containsKey(result))) {
            return Optional.empty();
        }
        try {
            MethodHandle composed = target;
            for (int i = 0; i < parameters.length; i++) {
                String conversion = ARGUMENT_CONVERSIONS.get(parameters[i]);
                if (conversion == null) {
                    return Optional.empty();
                }
                MethodHandle convert = LOOKUP.findStatic(DirectInvoker.class, conversion,
                        MethodType.methodType(parameters[i], ParameterReader.class, int.class, JsonNode.class));
                composed = MethodHandles.filterArguments(composed, i, MethodHandles.insertArguments(convert, 0, readers[i], i));
            }
            if (result == void.class) {
                composed = MethodHandles.filterReturnValue(composed,
                        MethodHandles.constant(JsonNode.class, NullNode.getInstance()));
            } else {
                composed = MethodHandles.filterReturnValue(composed, LOOKUP.findStatic(DirectInvoker.class,
                        RESULT_CONVERSIONS.get(result), MethodType.methodType(JsonNode.class, result)));
            }
            return Optional.of(new DirectInvoker(composed, parameters.length));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the conversions of DirectInvoker are its own methods", e);
        }
    }

    /** Calls the method; an argument that cannot be read throws {@link ArgumentBindingException}. */
    JsonNode invoke(List<JsonNode> arguments) throws Throwable {
        return switch (arity) {
            case 0 -> (JsonNode) handle.invokeExact();
            case 1 -> (JsonNode) handle.invokeExact(arguments.get(0));
            case 2 -> (JsonNode) handle.invokeExact(arguments.get(0), arguments.get(1));
            default -> (JsonNode) handle.invokeExact(arguments.get(0), arguments.get(1), arguments.get(2));
        };
    }

    private static long toLong(ParameterReader reader, int index, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        return (Long) strictly(reader, index, value);
    }

    private static int toInt(ParameterReader reader, int index, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        return (Integer) strictly(reader, index, value);
    }

    private static double toDouble(ParameterReader reader, int index, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return (Double) strictly(reader, index, value);
    }

    private static boolean toBoolean(ParameterReader reader, int index, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return (Boolean) strictly(reader, index, value);
    }

    private static String toText(ParameterReader reader, int index, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        return (String) strictly(reader, index, value);
    }

    /** The general path, for values the fast tests do not take: it accepts what the rules accept, and explains the rest. */
    private static Object strictly(ParameterReader reader, int index, JsonNode value) {
        return reader.bind(value, index);
    }

    private static JsonNode fromLong(long value) {
        return LongNode.valueOf(value);
    }

    private static JsonNode fromInt(int value) {
        return IntNode.valueOf(value);
    }

    private static JsonNode fromDouble(double value) {
        return DoubleNode.valueOf(value);
    }

    private static JsonNode fromBoolean(boolean value) {
        return BooleanNode.valueOf(value);
    }

    private static JsonNode fromText(String value) {
        return value == null ? NullNode.getInstance() : TextNode.valueOf(value);
    }
}
