"""Writes layer_order/functional.json: the order of `model.layers` (InputLayer included) that Keras 3 gives
small branching functional models, each layer named so the Swift tests can build the same graph.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_layer_order.py
Keras orders a functional model's layers by depth from the outputs, deepest first, and within
one depth by the first visit of a depth-first walk from the outputs (keras/src/ops/function.py
`map_graph`). The tests (ModelGraphLayerOrderTests) build each model and compare the names.
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


def dense(units, name):
    return layers.Dense(units, name=name)


def branches_add():
    # Long branch listed first in the merge: in -> a1 -> a2 -> a3 and in -> b1, added, then out.
    x = keras.Input((4,), name="in")
    a = dense(3, "a3")(dense(5, "a2")(dense(6, "a1")(x)))
    b = dense(3, "b1")(x)
    return keras.Model(x, dense(2, "out")(layers.Add(name="add")([a, b])))


def branches_concatenate():
    # Short branch listed first, the long one second, and a layer after the merge.
    x = keras.Input((4,), name="in")
    short = dense(3, "s1")(x)
    long = dense(2, "l3")(dense(5, "l2")(dense(6, "l1")(x)))
    merged = layers.Concatenate(name="concat")([short, long])
    return keras.Model(x, dense(1, "out")(dense(4, "head")(merged)))


def two_inputs():
    # Two inputs with branches of different lengths, concatenated.
    a = keras.Input((4,), name="in_a")
    b = keras.Input((3,), name="in_b")
    left = dense(5, "a2")(dense(6, "a1")(a))
    right = dense(2, "b1")(b)
    merged = layers.Concatenate(name="concat")([left, right])
    return keras.Model([a, b], dense(1, "out")(merged))


def two_inputs_shared():
    # A Siamese pair: one shared layer called on both inputs (after a layer on the first only).
    a = keras.Input((4,), name="left")
    b = keras.Input((4,), name="right")
    twin = dense(3, "twin")
    diff = layers.Subtract(name="diff")([twin(dense(4, "pre")(a)), twin(b)])
    return keras.Model([a, b], dense(1, "out")(diff))


def two_outputs():
    # One trunk, two heads of different lengths; the outputs listed short head first.
    x = keras.Input((4,), name="in")
    trunk = dense(6, "trunk")(x)
    short = dense(1, "short")(trunk)
    long = dense(2, "long2")(dense(3, "long1")(trunk))
    return keras.Model(x, [short, long])


CASES = {
    "branches_add": branches_add,
    "branches_concatenate": branches_concatenate,
    "two_inputs": two_inputs,
    "two_inputs_shared": two_inputs_shared,
    "two_outputs": two_outputs,
}


def main():
    value = {"keras_version": keras.__version__}
    for name, make in CASES.items():
        keras.utils.clear_session()
        value[name] = [layer.name for layer in make().layers]
        print(name, value[name])
    (HERE / "layer_order").mkdir(exist_ok=True)
    (HERE / "layer_order" / "functional.json").write_text(json.dumps(value, indent=1) + "\n")


if __name__ == "__main__":
    main()
