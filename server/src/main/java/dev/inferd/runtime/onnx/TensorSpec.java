package dev.inferd.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.runtime.ModelSignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One input or output of a model: its name, element type and the shape of one row, the dimensions
 * after the first, which is the batch's.
 *
 * @param oneRowPerRun the first dimension is fixed at 1: a run of the model takes one row only
 */
record TensorSpec(String name, OnnxJavaType type, long[] rowShape, boolean oneRowPerRun) {
    static final Set<OnnxJavaType> SERVED = EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT32,
            OnnxJavaType.INT64, OnnxJavaType.BOOL, OnnxJavaType.STRING);

    /**
     * @param kind "input" or "output", for the deployer's messages
     * @throws BundleRejectedException for a value that is not a tensor of a served type with a batch dimension
     */
    static TensorSpec of(String kind, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new BundleRejectedException("the model's " + kind + " " + node.getName() + " is not a tensor ("
                    + node.getInfo() + "); inferd serves models whose inputs and outputs are tensors");
        }
        if (!SERVED.contains(tensor.type)) {
            throw new BundleRejectedException("the model's " + kind + " " + node.getName() + " holds " + tensor.type
                    + "; inferd serves " + SERVED.stream().map(TensorSpec::typeName).sorted().collect(Collectors.joining(", ")));
        }
        long[] shape = tensor.getShape();
        if (shape.length == 0) {
            throw new BundleRejectedException("the model's " + kind + " " + node.getName()
                    + " has no batch dimension; export it with a first dimension for the rows, such as [N, 3]");
        }
        // Named as the model names them ([N, M]), since that is what the deployer exported and can change.
        String[] names = dimensionNames(tensor);
        if (shape[0] > 1) {
            long[] dynamicFirst = shape.clone();
            dynamicFirst[0] = -1;
            String[] namedFirst = names.clone();
            namedFirst[0] = "N";
            throw new BundleRejectedException("the model's " + kind + " " + node.getName() + " has shape " + shapeText(shape, names)
                    + ": a fixed batch dimension of " + shape[0] + "; export it with a dynamic first dimension (or 1), such as "
                    + shapeText(dynamicFirst, namedFirst));
        }
        long[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        if (kind.equals("input") && Arrays.stream(rowShape).anyMatch(dimension -> dimension < 0)) {
            throw new BundleRejectedException("the model's input " + node.getName() + " has shape " + shapeText(shape, names)
                    + ": rows of shape " + shapeText(rowShape, Arrays.copyOfRange(names, 1, names.length))
                    + ", which is not fixed; inferd serves inputs whose rows have a fixed shape (only the first dimension may be dynamic)");
        }
        return new TensorSpec(node.getName(), tensor.type, rowShape, shape[0] == 1);
    }

    /** As the management API lists it: the first dimension, the rows', is open (-1). */
    ModelSignature.Tensor described() {
        List<Long> shape = new ArrayList<>(rowShape.length + 1);
        shape.add(-1L);
        Arrays.stream(rowShape).forEach(shape::add);
        return new ModelSignature.Tensor(name, typeName(type), shape);
    }

    /** Elements in one row. */
    int rowSize() {
        long size = 1;
        for (long dimension : rowShape) {
            size *= dimension;
        }
        return Math.toIntExact(size);
    }

    /** A row of one element ({@code [N]} or {@code [N, 1]}) is answered and taken as that element. */
    boolean scalarRows() {
        return rowShape.length == 0 || (rowShape.length == 1 && rowShape[0] == 1);
    }

    /** "float [3]", "int64 [] (one value)": what a row of this tensor is, for messages. */
    String describeRow() {
        return typeName(type) + " " + (rowShape.length == 0 ? "(one value)" : shapeText(rowShape));
    }

    static String typeName(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case BOOL -> "bool";
            case STRING -> "string";
            default -> type.name().toLowerCase();
        };
    }

    /** The model's names of its dynamic dimensions ("N"), and "" for the fixed ones or where it names none. */
    private static String[] dimensionNames(TensorInfo tensor) {
        String[] names = tensor.getDimensionNames();
        return names != null && names.length == tensor.getShape().length ? names.clone() : new String[tensor.getShape().length];
    }

    /** "[N, M]", "[8, 4]": a dynamic dimension by the model's name for it, else "?". */
    private static String shapeText(long[] shape, String[] names) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            String name = names[i] == null || names[i].isEmpty() ? "?" : names[i];
            text.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? name : Long.toString(shape[i]));
        }
        return text.append("]").toString();
    }

    static String shapeText(long[] shape) {
        return Arrays.stream(shape).mapToObj(dimension -> dimension < 0 ? "?" : Long.toString(dimension))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
