"""Writes the Keras fixtures of the merge layers (Add, Subtract, Multiply, Average, Maximum,
Concatenate, Dot) and Lambda, which SwiftDL's tests compare with.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_merges.py
It writes
  - layers/merges.<layer name>.json: each layer's serialized entry as Keras 3 writes it in a model's
    `layers` list ({"module", "class_name", "config", "registered_name", "build_config"}), after the
    layer was called on the inputs of a small functional model;
  - outputs/merge_<case>.json: {"class_name", "config", "inputs": [{"shape", "values"}...],
    "output": {"shape", "values"}}: Keras's output of the layer on seeded inputs (float32 values
    written as float64 decimals).
Lambda's function is a registered named function (`keras.saving.register_keras_serializable`),
which Keras serializes by name, as SwiftDL does: `{"module": "builtins", "class_name": "function",
"config": "double", "registered_name": "function"}`. A Python lambda's bytecode cannot be read by
SwiftDL. L1Distance is SwiftDL's own class (Keras has none): it has no Keras fixture.
The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, strip_shared_ids, tensor, write  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402


@keras.saving.register_keras_serializable(package="swiftdl", name="double")
def double(x):
    return x * 2


def config_fixtures():
    keras.utils.clear_session()
    a, b, c = keras.Input((4,)), keras.Input((4,)), keras.Input((4,))
    m1, m2 = keras.Input((2, 3)), keras.Input((3,))
    merges = [
        (layers.Add(), [a, b]),
        (layers.Subtract(name="difference"), [a, b]),
        (layers.Multiply(), [a, b, c]),
        (layers.Average(), [a, b]),
        (layers.Maximum(trainable=False), [m1, m2]),
        (layers.Concatenate(), [a, b]),
        (layers.Concatenate(axis=1, name="rows"), [m1, m1]),
        (layers.Dot(axes=1), [a, b]),
        (layers.Dot(axes=(2, 1), normalize=True, name="cosine"), [m1, layers.Reshape((3, 2))(m1)]),
        (layers.Lambda(double), a),
        (layers.Lambda(double, output_shape=(2, 3), name="doubled"), m1),
    ]
    for layer, inputs in merges:
        layer(inputs)
        entry = strip_shared_ids(keras.saving.serialize_keras_object(layer))
        write(HERE / "layers" / f"merges.{layer.name}.json", entry)


def output_fixtures():
    rng = np.random.default_rng(9)

    def data(*shape):
        return rng.normal(size=shape).astype(np.float32)

    cases = {
        "add_two": (layers.Add(), [data(2, 3), data(2, 3)]),
        "add_three": (layers.Add(), [data(2, 2, 3), data(2, 2, 3), data(2, 2, 3)]),
        "add_broadcast": (layers.Add(), [data(2, 4, 3), data(2, 1, 3)]),
        "add_rank_broadcast": (layers.Add(), [data(2, 4, 3), data(2, 3)]),
        "subtract": (layers.Subtract(), [data(2, 5), data(2, 5)]),
        "subtract_broadcast": (layers.Subtract(), [data(2, 3, 4), data(2, 3, 1)]),
        "multiply_three": (layers.Multiply(), [data(3, 4), data(3, 4), data(3, 4)]),
        "multiply_broadcast": (layers.Multiply(), [data(2, 2, 3), data(2, 1, 3)]),
        "average_three": (layers.Average(), [data(2, 4), data(2, 4), data(2, 4)]),
        "average_broadcast": (layers.Average(), [data(2, 3, 2), data(2, 2)]),
        "maximum_three": (layers.Maximum(), [data(2, 5), data(2, 5), data(2, 5)]),
        "maximum_broadcast": (layers.Maximum(), [data(2, 3, 4), data(2, 1, 4)]),
        "concatenate_last": (layers.Concatenate(), [data(2, 3, 2), data(2, 3, 4)]),
        "concatenate_axis1": (layers.Concatenate(axis=1), [data(2, 2, 3), data(2, 1, 3), data(2, 3, 3)]),
        "concatenate_2d": (layers.Concatenate(axis=1), [data(3, 2), data(3, 5)]),
        "dot_vectors": (layers.Dot(axes=1), [data(3, 4), data(3, 4)]),
        "dot_matrices_axes1": (layers.Dot(axes=1), [data(2, 3, 4), data(2, 3, 5)]),
        "dot_matrices_axes2": (layers.Dot(axes=2), [data(2, 3, 4), data(2, 5, 4)]),
        "dot_pair_axes": (layers.Dot(axes=(2, 1)), [data(2, 3, 4), data(2, 4, 5)]),
        "dot_normalized": (layers.Dot(axes=1, normalize=True), [data(3, 4), data(3, 4)]),
        "dot_normalized_matrices": (layers.Dot(axes=(1, 2), normalize=True), [data(2, 3, 4), data(2, 2, 3)]),
        "dot_rank3_rank2": (layers.Dot(axes=(2, 1)), [data(2, 3, 4), data(2, 4)]),
    }
    for name, (layer, inputs) in cases.items():
        output = keras.ops.convert_to_numpy(layer(inputs))
        write(HERE / "outputs" / f"merge_{name}.json", {
            "class_name": layer.__class__.__name__,
            "config": strip_shared_ids(layer.get_config()),
            "inputs": [tensor(x) for x in inputs],
            "output": tensor(output),
        })


def main():
    config_fixtures()
    output_fixtures()
    print(f"keras {keras.__version__}: wrote {HERE / 'layers'}/merges.* and {HERE / 'outputs'}/merge_*")


if __name__ == "__main__":
    main()
