"""Writes the Keras fixtures of Conv2DTranspose, UpSampling2D and Cropping2D.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_upsampling.py
It writes
  - layers/upsampling.<layer name>.json: each layer's entry of a small Sequential model's `layers`
    list, copied out of the `config.json` of the `.keras` archive Keras saves (as
    generate_layer_configs.py does; `shared_object_id` members removed);
  - outputs/<case>.json: one layer on a small seeded input with seeded weights:
    {"keras_version", "layer": the layer's serialized entry, "input": {"shape", "values"},
     "weights": [{"name", "shape", "values"}, ...] in Keras's order, "output": {"shape", "values"}}.
The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, saved_config, strip_shared_ids, tensor, write, write_layers  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, regularizers  # noqa: E402


def config_model():
    keras.utils.clear_session()
    return keras.Sequential([
        keras.Input((6, 6, 3)),
        layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu", kernel_initializer="he_normal",
                               bias_regularizer=regularizers.L2(0.01)),
        layers.Cropping2D(((1, 2), (0, 3))),
        layers.UpSampling2D(size=(2, 3), interpolation="bilinear"),
        layers.Conv2DTranspose(2, (4, 3), strides=(1, 2), use_bias=False),
        layers.Cropping2D(1),
        layers.UpSampling2D(),
    ], name="upsampling")


# (case name, layer factory, per-sample input shape)
OUTPUT_CASES = [
    ("conv2d_transpose_k3_s1_valid", lambda: layers.Conv2DTranspose(2, 3), (5, 4, 3)),
    ("conv2d_transpose_k3_s1_same", lambda: layers.Conv2DTranspose(3, 3, padding="same"), (5, 4, 2)),
    ("conv2d_transpose_k3_s2_valid", lambda: layers.Conv2DTranspose(2, 3, strides=2), (4, 5, 3)),
    ("conv2d_transpose_k3_s2_same", lambda: layers.Conv2DTranspose(3, 3, strides=2, padding="same"), (4, 5, 2)),
    ("conv2d_transpose_k5_s1_same", lambda: layers.Conv2DTranspose(2, 5, padding="same"), (4, 4, 3)),
    ("conv2d_transpose_k5_s2_same", lambda: layers.Conv2DTranspose(2, 5, strides=2, padding="same"), (3, 4, 2)),
    ("conv2d_transpose_k5_s2_valid", lambda: layers.Conv2DTranspose(2, 5, strides=2), (3, 3, 2)),
    ("conv2d_transpose_k4_s2_same", lambda: layers.Conv2DTranspose(3, 4, strides=2, padding="same"), (3, 4, 2)),
    ("conv2d_transpose_k4_s2_valid", lambda: layers.Conv2DTranspose(2, 4, strides=2), (3, 3, 3)),
    ("conv2d_transpose_k4_s1_same", lambda: layers.Conv2DTranspose(2, 4, padding="same"), (4, 5, 2)),
    ("conv2d_transpose_k2_s3_valid", lambda: layers.Conv2DTranspose(2, 2, strides=3), (3, 2, 2)),
    ("conv2d_transpose_k3x2_s2x1_same_relu",
     lambda: layers.Conv2DTranspose(3, (3, 2), strides=(2, 1), padding="same", activation="relu"), (4, 3, 2)),
    ("conv2d_transpose_k3_s1_same_16", lambda: layers.Conv2DTranspose(16, 3, padding="same"), (6, 6, 16)),
    ("conv2d_transpose_k3_s2_same_sigmoid_nobias",
     lambda: layers.Conv2DTranspose(2, 3, strides=2, padding="same", activation="sigmoid", use_bias=False), (3, 3, 4)),
    ("up_sampling2d_nearest_2", lambda: layers.UpSampling2D(), (3, 4, 2)),
    ("up_sampling2d_nearest_2x3", lambda: layers.UpSampling2D((2, 3)), (3, 4, 2)),
    ("up_sampling2d_bilinear_2", lambda: layers.UpSampling2D(interpolation="bilinear"), (3, 4, 2)),
    ("up_sampling2d_bilinear_2x3", lambda: layers.UpSampling2D((2, 3), interpolation="bilinear"), (4, 3, 3)),
    ("up_sampling2d_bilinear_3x1", lambda: layers.UpSampling2D((3, 1), interpolation="bilinear"), (5, 2, 1)),
    ("cropping2d_symmetric_1", lambda: layers.Cropping2D(1), (5, 6, 2)),
    ("cropping2d_pairs_2x1", lambda: layers.Cropping2D((2, 1)), (6, 5, 2)),
    ("cropping2d_asymmetric", lambda: layers.Cropping2D(((1, 2), (0, 3))), (6, 7, 2)),
]


def output_case(index, name, make, shape):
    keras.utils.clear_session()
    rng = np.random.default_rng(1000 + index)
    layer = make()
    x = rng.uniform(-1, 1, size=(2,) + shape).astype(np.float32)
    layer.build((None,) + shape)
    weights = [rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32) for w in layer.get_weights()]
    layer.set_weights(weights)
    y = np.asarray(layer(x))
    entry = strip_shared_ids(keras.saving.serialize_keras_object(layer))
    return {
        "keras_version": keras.__version__,
        "layer": entry,
        "input": tensor(x),
        "weights": [dict(name=v.name, **tensor(w)) for v, w in zip(layer.weights, weights)],
        "output": tensor(y),
    }


def main():
    model = config_model()
    write_layers(saved_config(model), model.name)
    for index, (name, make, shape) in enumerate(OUTPUT_CASES):
        write(HERE / "outputs" / f"{name}.json", output_case(index, name, make, shape))
    print(f"keras {keras.__version__}: wrote {len(OUTPUT_CASES)} cases to {HERE / 'outputs'} and the layers of "
          f"'{model.name}' to {HERE / 'layers'}")


if __name__ == "__main__":
    main()
