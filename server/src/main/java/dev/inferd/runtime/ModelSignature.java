package dev.inferd.runtime;

import java.util.List;

/**
 * What a model says it takes and gives, for runtimes whose models say it (ONNX): each input and
 * output by name, element type and shape, so a user can see what to send.
 */
public record ModelSignature(List<Tensor> inputs, List<Tensor> outputs) {

    /** @param shape the dimensions, the first the rows'; -1 for a dimension the model leaves open */
    public record Tensor(String name, String type, List<Long> shape) {
        public Tensor {
            shape = List.copyOf(shape);
        }
    }

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
