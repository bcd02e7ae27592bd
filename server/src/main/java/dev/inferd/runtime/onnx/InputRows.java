package dev.inferd.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of one input for one run, read from JSON into a flat array of the input's element type.
 * A row that does not fit (shape, type, range) is refused whole, naming the input, the row shape it
 * takes and the one it got, and the next row is written where it would have been.
 */
final class InputRows {
    private final TensorSpec spec;
    private final int rowSize;
    private final float[] floats;
    private final double[] doubles;
    private final int[] ints;
    private final long[] longs;
    private final byte[] booleans;
    private final String[] strings;

    InputRows(TensorSpec spec, int rows) {
        this.spec = spec;
        this.rowSize = spec.rowSize();
        int size = Math.multiplyExact(rows, rowSize);
        OnnxJavaType type = spec.type();
        floats = type == OnnxJavaType.FLOAT ? new float[size] : null;
        doubles = type == OnnxJavaType.DOUBLE ? new double[size] : null;
        ints = type == OnnxJavaType.INT32 ? new int[size] : null;
        longs = type == OnnxJavaType.INT64 ? new long[size] : null;
        booleans = type == OnnxJavaType.BOOL ? new byte[size] : null;
        strings = type == OnnxJavaType.STRING ? new String[size] : null;
    }

    /**
     * Writes {@code value} as row {@code row}.
     *
     * @throws RowRefused when it is not a row of this input
     */
    void put(int row, JsonNode value) {
        int offset = row * rowSize;
        if (spec.scalarRows() && !value.isArray()) {
            write(offset, value);
        } else if (hasRowShape(value, 0)) {
            // A value refused half way leaves part of a row written, which the next row bound here overwrites.
            writeRowMajor(value, 0, offset);
        } else {
            throw refused(describe(value));
        }
    }

    OnnxTensor tensor(OrtEnvironment environment, int rows) throws OrtException {
        long[] shape = new long[spec.rowShape().length + 1];
        shape[0] = rows;
        System.arraycopy(spec.rowShape(), 0, shape, 1, spec.rowShape().length);
        int size = rows * rowSize;
        return switch (spec.type()) {
            case FLOAT -> OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats, 0, size), shape);
            case DOUBLE -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap(doubles, 0, size), shape);
            case INT32 -> OnnxTensor.createTensor(environment, IntBuffer.wrap(ints, 0, size), shape);
            case INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap(longs, 0, size), shape);
            case BOOL -> OnnxTensor.createTensor(environment, ByteBuffer.wrap(booleans, 0, size), shape, OnnxJavaType.BOOL);
            case STRING -> OnnxTensor.createTensor(environment, Arrays.copyOf(strings, size), shape);
            default -> throw new IllegalStateException("TensorSpec refuses " + spec.type() + " at deploy");
        };
    }

    /** Whether {@code value} is nested lists of exactly the input's row shape from {@code depth} on, with no list or object below. */
    private boolean hasRowShape(JsonNode value, int depth) {
        long[] rowShape = spec.rowShape();
        if (depth == rowShape.length) {
            return !value.isArray() && !value.isObject();
        }
        if (!value.isArray() || value.size() != rowShape[depth]) {
            return false;
        }
        for (JsonNode element : value) {
            if (!hasRowShape(element, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the values of a row of the input's shape from {@code index} on, in row-major order; returns the index after them. */
    private int writeRowMajor(JsonNode value, int depth, int index) {
        if (depth == spec.rowShape().length) {
            write(index, value);
            return index + 1;
        }
        int next = index;
        for (JsonNode element : value) {
            next = writeRowMajor(element, depth + 1, next);
        }
        return next;
    }

    private void write(int index, JsonNode value) {
        switch (spec.type()) {
            case FLOAT -> {
                double number = number(value);
                float single = (float) number;
                if (Float.isInfinite(single)) {
                    throw refused(value + ", which does not fit a float");
                }
                floats[index] = single;
            }
            case DOUBLE -> doubles[index] = number(value);
            case INT32 -> {
                if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
                    throw refused(value + ", which is not a whole number that fits an int32");
                }
                ints[index] = value.intValue();
            }
            case INT64 -> {
                if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                    throw refused(value + ", which is not a whole number that fits an int64");
                }
                longs[index] = value.longValue();
            }
            case BOOL -> {
                if (!value.isBoolean()) {
                    throw refused(value + ", which is not true or false");
                }
                booleans[index] = (byte) (value.booleanValue() ? 1 : 0);
            }
            case STRING -> {
                if (!value.isTextual()) {
                    throw refused(value + ", which is not a string");
                }
                strings[index] = value.textValue();
            }
            default -> throw new IllegalStateException("TensorSpec refuses " + spec.type() + " at deploy");
        }
    }

    private double number(JsonNode value) {
        if (!value.isNumber()) {
            throw refused(value + ", which is not a number");
        }
        double number = value.doubleValue();
        if (Double.isInfinite(number)) {
            throw refused(value + ", which does not fit a " + TensorSpec.typeName(spec.type()));
        }
        return number;
    }

    private RowRefused refused(String got) {
        return new RowRefused("input " + spec.name() + " takes rows of " + spec.describeRow() + "; got " + got);
    }

    /**
     * What was sent in place of a row, for messages: "a value of shape [2, 3]", "one value", "an
     * object", or, for nested lists whose items differ in shape ({@code [[1, 2], [3]]}), so that no
     * one shape describes them, "a list whose items are not all of one shape".
     */
    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (!value.isArray()) {
            return "one value";
        }
        List<Integer> shape = regularShape(value);
        return shape == null ? "a list whose items are not all of one shape"
                : "a value of shape " + TensorSpec.shapeText(shape.stream().mapToLong(Integer::longValue).toArray());
    }

    /** The shape of nested lists whose items at each depth are all alike; null when they are not. */
    private static List<Integer> regularShape(JsonNode value) {
        if (!value.isArray()) {
            return List.of();
        }
        List<Integer> inner = null;
        for (JsonNode item : value) {
            List<Integer> itemShape = regularShape(item);
            if (itemShape == null || (inner != null && !inner.equals(itemShape))) {
                return null;
            }
            inner = itemShape;
        }
        List<Integer> shape = new ArrayList<>();
        shape.add(value.size());
        if (inner != null) {
            shape.addAll(inner);
        }
        return shape;
    }

    /** A row that is not one of the input's, with the reason. */
    static final class RowRefused extends RuntimeException {
        RowRefused(String message) {
            super(message, null, false, false);
        }
    }
}
