"""Writes the small ONNX models the ONNX runtime's tests serve, next to this script.

The models are committed, so the tests need no Python; run this again only to change them:
    python3 server/src/test/resources/onnx/make_test_models.py
It needs the onnx package (Debian: python3-onnx). Every graph is built from fixed numbers, so the
answers the tests expect can be worked out by hand."""

import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = [helper.make_opsetid("", 13)]


def save(name, nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="inferd tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))


def tensor(name, kind, shape):
    return helper.make_tensor_value_info(name, kind, shape)


# features float [N, 3] -> scores float [N, 2] = features x W + b
save("linear", [helper.make_node("MatMul", ["features", "W"], ["product"]),
                helper.make_node("Add", ["product", "b"], ["scores"])],
     [tensor("features", TensorProto.FLOAT, ["N", 3])],
     [tensor("scores", TensorProto.FLOAT, ["N", 2])],
     [helper.make_tensor("W", TensorProto.FLOAT, [3, 2], [1, 0, 0, 1, 1, 1]),
      helper.make_tensor("b", TensorProto.FLOAT, [2], [0.5, -0.5])])

# x double [N] -> doubled double [N]
save("doubler", [helper.make_node("Add", ["x", "x"], ["doubled"])],
     [tensor("x", TensorProto.DOUBLE, ["N"])],
     [tensor("doubled", TensorProto.DOUBLE, ["N"])])

# count int64 [N, 1] -> next int64 [N, 1] = count + 1
save("counter", [helper.make_node("Add", ["count", "one"], ["next"])],
     [tensor("count", TensorProto.INT64, ["N", 1])],
     [tensor("next", TensorProto.INT64, ["N", 1])],
     [helper.make_tensor("one", TensorProto.INT64, [1], [1])])

# image float [N, 2, 2] -> total float [N] (sum of the four pixels)
save("image_sum", [helper.make_node("ReduceSum", ["image", "axes"], ["total"], keepdims=0)],
     [tensor("image", TensorProto.FLOAT, ["N", 2, 2])],
     [tensor("total", TensorProto.FLOAT, ["N"])],
     [helper.make_tensor("axes", TensorProto.INT64, [2], [1, 2])])

# several inputs and outputs: a int32 [N, 2], flag bool [N], label string [N]
#   -> a_twice int32 [N, 2], not_flag bool [N], label_again string [N]
save("mixed", [helper.make_node("Add", ["a", "a"], ["a_twice"]),
               helper.make_node("Not", ["flag"], ["not_flag"]),
               helper.make_node("Identity", ["label"], ["label_again"])],
     [tensor("a", TensorProto.INT32, ["N", 2]), tensor("flag", TensorProto.BOOL, ["N"]),
      tensor("label", TensorProto.STRING, ["N"])],
     [tensor("a_twice", TensorProto.INT32, ["N", 2]), tensor("not_flag", TensorProto.BOOL, ["N"]),
      tensor("label_again", TensorProto.STRING, ["N"])])

# x float [N] -> root float [N] = sqrt(x): NaN for a negative x
save("root", [helper.make_node("Sqrt", ["x"], ["root"])],
     [tensor("x", TensorProto.FLOAT, ["N"])],
     [tensor("root", TensorProto.FLOAT, ["N"])])

# n int64 [N] -> counted int64 [N]: counts up to each row's n one step at a time, in a Loop of
# max(n) iterations, so a big n makes one run last as long as a test needs (about a million
# steps a second), and ONNX Runtime can end it between two steps when the call is cancelled.
count_step = helper.make_graph(
    [helper.make_node("Less", ["i", "n"], ["below"]),
     helper.make_node("Cast", ["below"], ["step"], to=TensorProto.INT64),
     helper.make_node("Add", ["count_in", "step"], ["count_out"]),
     helper.make_node("Identity", ["going_in"], ["going_out"])],
    "count_step",
    [tensor("i", TensorProto.INT64, []), tensor("going_in", TensorProto.BOOL, []),
     tensor("count_in", TensorProto.INT64, ["N"])],
    [tensor("going_out", TensorProto.BOOL, []), tensor("count_out", TensorProto.INT64, ["N"])])
save("slow_counter", [helper.make_node("ReduceMax", ["n"], ["steps"], keepdims=0),
                      helper.make_node("Sub", ["n", "n"], ["zeros"]),
                      helper.make_node("Loop", ["steps", "", "zeros"], ["counted"], body=count_step)],
     [tensor("n", TensorProto.INT64, ["N"])],
     [tensor("counted", TensorProto.INT64, ["N"])])

# Models inferd refuses at deploy, for the messages: rows must be stacked along a first dimension
# that is dynamic (or 1), and an input's row must have a fixed shape to be built from arguments.
# x float [8, 4] -> y float [8, 4]
save("fixed_batch", [helper.make_node("Identity", ["x"], ["y"])],
     [tensor("x", TensorProto.FLOAT, [8, 4])],
     [tensor("y", TensorProto.FLOAT, [8, 4])])

# x float [N, M] -> y float [N, M]
save("open_rows", [helper.make_node("Identity", ["x"], ["y"])],
     [tensor("x", TensorProto.FLOAT, ["N", "M"])],
     [tensor("y", TensorProto.FLOAT, ["N", "M"])])

# A model exported for one row a run, which inferd serves a row at a time.
# x float [1, 2] -> twice float [1, 2] = x + x
save("one_row", [helper.make_node("Add", ["x", "x"], ["twice"])],
     [tensor("x", TensorProto.FLOAT, [1, 2])],
     [tensor("twice", TensorProto.FLOAT, [1, 2])])

# A model whose output has one row more than its input: its rows cannot be matched to calls.
# x float [N] -> y float [N] (declared), [N + 1] in fact = concat([-1], x)
save("extra_row", [helper.make_node("Concat", ["minus_one", "x"], ["y"], axis=0)],
     [tensor("x", TensorProto.FLOAT, ["N"])],
     [tensor("y", TensorProto.FLOAT, ["N"])],
     [helper.make_tensor("minus_one", TensorProto.FLOAT, [1], [-1])])
