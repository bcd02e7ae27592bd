"""Trains the digits classifier and writes it as digits.onnx, the model this bundle serves.

A small neural network (scikit-learn's MLPClassifier, one hidden layer of 32 units) learns the 8x8
images of handwritten digits that scikit-learn ships. Its weights are then written as an ONNX graph
built by hand with the onnx package, layer by layer: MatMul and Add, ReLU, then MatMul and Add,
Softmax for the probabilities and ArgMax for the label. The graph computes in double precision, as
scikit-learn does, so its labels are scikit-learn's own.

The .onnx file is committed, so serving it needs no Python. To make it again (Debian packages
python3-sklearn and python3-onnx):

    python3 examples/digits_classifier/export_model.py

It also writes the held-out digits and scikit-learn's predictions for them to
server/src/test/resources/onnx/digits_held_out.json, which a test compares with inferd's answers.
"""

import json
import os

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
HELD_OUT = os.path.join(HERE, "..", "..", "server", "src", "test", "resources", "onnx", "digits_held_out.json")


def main():
    digits = load_digits()
    train_x, test_x, train_y, test_y = train_test_split(digits.data, digits.target, test_size=0.2, random_state=0)
    mlp = MLPClassifier(hidden_layer_sizes=(32,), max_iter=500, random_state=0).fit(train_x, train_y)

    weights = [numpy_helper.from_array(numpy.asarray(w, dtype=numpy.float64), name)
               for w, name in ((mlp.coefs_[0], "W1"), (mlp.intercepts_[0], "b1"),
                               (mlp.coefs_[1], "W2"), (mlp.intercepts_[1], "b2"))]
    nodes = [
        helper.make_node("MatMul", ["pixels", "W1"], ["hidden_product"]),
        helper.make_node("Add", ["hidden_product", "b1"], ["hidden_sum"]),
        helper.make_node("Relu", ["hidden_sum"], ["hidden"]),
        helper.make_node("MatMul", ["hidden", "W2"], ["output_product"]),
        helper.make_node("Add", ["output_product", "b2"], ["scores"]),
        helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["scores"], ["label"], axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "digits_classifier",
        [helper.make_tensor_value_info("pixels", TensorProto.DOUBLE, ["N", 64])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.DOUBLE, ["N", 10])],
        initializer=weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="inferd examples")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, "digits.onnx"))

    with open(HELD_OUT, "w") as file:
        json.dump({"pixels": test_x.tolist(), "sklearn_labels": mlp.predict(test_x).tolist(),
                   "true_labels": test_y.tolist()}, file)
    print("accuracy on the held-out digits: %.3f" % mlp.score(test_x, test_y))


if __name__ == "__main__":
    main()
