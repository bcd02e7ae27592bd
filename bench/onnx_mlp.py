"""Writes the ONNX model bench/onnx.sh serves, and the inputs and answers its cross-talk check uses.

    python3 bench/onnx_mlp.py OUT_DIR

The model is a multilayer perceptron 256 -> 1024 -> 1024 -> 10 in float32: Gemm, Relu, Gemm, Relu,
Gemm, whose output `scores` [N, 10] is the last layer's raw values (no softmax: the bench needs work,
not probabilities). It is large enough that one run of 64 rows costs much less than 64 runs of one,
which is what dynamic batching is for; the digits example is too small to show it. Input `features`
[N, 256] and output `scores` have a dynamic first dimension, as inferd requires.

Its weights come from numpy's generator with a fixed seed, so every run writes the same model; it
is written to OUT_DIR at each run (bench/onnx.sh gives its temporary directory), not committed.

OUT_DIR also gets:
- mlp_inputs.npy: INPUTS distinct rows of 256 float32 values, each a multiple of 1/1024 in [-1, 1],
  so that the short decimal JSON carries is the float32 value exactly;
- mlp_expected.npy: the model's scores for each row, computed here by numpy in float32. ONNX
  Runtime sums the same products in another order, so the server's answers differ from these in
  the last bits: compare with a tolerance (RTOL relative plus ATOL absolute, below), not equality;
- mlp_single.json: the body of one single call, {"data": row 0}, for wrk.

Needs numpy and the onnx package (Debian: python3-numpy python3-onnx; /usr/bin/python3 has them).
"""

import json
import os
import sys

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper

SEED = 21  # the issue that asked for this bench
LAYERS = [256, 1024, 1024, 10]
INPUTS = 4096
# ONNX Runtime and numpy agree to about 1e-6 relative here; two different inputs' scores differ by
# far more (the script prints the closest two), so a row answered for another call cannot pass.
RTOL = 1e-4
ATOL = 1e-5


def weights():
    """Each layer's (W, b) in float32, He-scaled so that the scores stay near 1 at every layer."""
    generator = numpy.random.default_rng(SEED)
    layers = []
    for fan_in, fan_out in zip(LAYERS, LAYERS[1:]):
        w = generator.standard_normal((fan_in, fan_out)) * numpy.sqrt(2.0 / fan_in)
        b = generator.standard_normal(fan_out) * 0.01
        layers.append((w.astype(numpy.float32), b.astype(numpy.float32)))
    return layers, generator


def model(layers):
    initializers, nodes = [], []
    previous = "features"
    for i, (w, b) in enumerate(layers, start=1):
        initializers += [numpy_helper.from_array(w, f"W{i}"), numpy_helper.from_array(b, f"b{i}")]
        last = i == len(layers)
        out = "scores" if last else f"gemm{i}"
        nodes.append(helper.make_node("Gemm", [previous, f"W{i}", f"b{i}"], [out]))
        if not last:
            nodes.append(helper.make_node("Relu", [out], [f"hidden{i}"]))
            previous = f"hidden{i}"
    graph = helper.make_graph(
        nodes, "bench_mlp",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", LAYERS[0]])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", LAYERS[-1]])],
        initializer=initializers)
    result = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="inferd bench")
    result.ir_version = 8
    onnx.checker.check_model(result)
    return result


def forward(layers, x):
    """The model's scores, in float32 throughout as ONNX Runtime computes them."""
    for i, (w, b) in enumerate(layers):
        x = x @ w + b
        if i < len(layers) - 1:
            x = numpy.maximum(x, numpy.float32(0))
    return x


def closest_pair(rows):
    """The smallest, over pairs of different rows, of the largest element difference between them."""
    best = numpy.inf
    for start in range(0, len(rows), 256):
        chunk = rows[start:start + 256]
        difference = numpy.abs(chunk[:, None, :] - rows[None, :, :]).max(axis=2)
        for k in range(len(chunk)):
            difference[k, start + k] = numpy.inf  # a row against itself
        best = min(best, float(difference.min()))
    return best


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    layers, generator = weights()
    onnx.save(model(layers), os.path.join(out, "mlp.onnx"))

    inputs = (generator.integers(-1024, 1025, size=(INPUTS, LAYERS[0])) / 1024).astype(numpy.float32)
    assert len(numpy.unique(inputs, axis=0)) == INPUTS
    expected = forward(layers, inputs)
    numpy.save(os.path.join(out, "mlp_inputs.npy"), inputs)
    numpy.save(os.path.join(out, "mlp_expected.npy"), expected)
    with open(os.path.join(out, "mlp_single.json"), "w") as file:
        json.dump({"data": [float(v) for v in inputs[0]]}, file)

    weight_bytes = sum(w.nbytes + b.nbytes for w, b in layers)
    print(f"mlp.onnx: {' -> '.join(map(str, LAYERS))}, {weight_bytes} bytes of weights; "
          f"{INPUTS} inputs, scores between {expected.min():.2f} and {expected.max():.2f}; "
          f"any two inputs' scores differ by at least {closest_pair(expected):.3f} in some element "
          f"(the check's tolerance: {RTOL:g} relative + {ATOL:g})", file=sys.stderr)


if __name__ == "__main__":
    main()
