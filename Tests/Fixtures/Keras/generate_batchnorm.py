"""Writes the Keras-made fixtures of BatchNormalization.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_batchnorm.py
It writes:
  - layers/batchnorm.<layer name>.json: each BatchNormalization's entry of a saved Sequential's
    `layers` list, as generate_layer_configs.py does (the config fixture tests read every file there);
  - outputs/batchnorm_<case>.json: for a few settings, the layer's config, a small input, the
    weights in Keras order (gamma, beta, moving_mean, moving_variance, set to non-trivial values),
    Keras's output at inference (`training=False`), and its output with `training=True` together
    with the moving statistics that one training call leaves.
The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, saved_config, strip_shared_ids, tensor, write, write_layers  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import initializers, layers, regularizers  # noqa: E402


def config_model():
    keras.utils.clear_session()
    return keras.Sequential([
        keras.Input((4, 4, 3)),
        layers.BatchNormalization(),
        layers.BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5, center=False,
                                  gamma_initializer=initializers.RandomNormal(1.0, 0.02),
                                  gamma_regularizer=regularizers.L2(1e-4)),
        layers.BatchNormalization(axis=-2, scale=False, beta_initializer="ones",
                                  moving_variance_initializer=initializers.Constant(2.0),
                                  beta_regularizer=regularizers.L1(0.01)),
    ], name="batchnorm")


# (name, layer arguments, input shape with batch, mean offset of the input)
CASES = [
    ("channels_last", dict(momentum=0.9), (2, 3, 3, 4), 0.5),
    ("axis1_no_center", dict(axis=1, epsilon=0.01, center=False), (3, 4, 5), -1.0),
    ("dense_no_scale", dict(scale=False, momentum=0.8), (5, 3), 2.0),
    ("defaults", dict(), (4, 2, 3), 10.0),
]


def output_fixture(name, arguments, shape, offset, rng):
    layer = layers.BatchNormalization(**arguments)
    x = (rng.standard_normal(shape) * 1.5 + offset).astype(np.float32)
    layer.build(shape)
    weights = []
    for variable in layer.weights:
        size = variable.shape
        if variable.name == "moving_variance":
            value = rng.uniform(0.5, 2.0, size)
        elif variable.name == "gamma":
            value = rng.uniform(0.5, 1.5, size)
        else:
            value = rng.standard_normal(size) * 0.5
        variable.assign(value.astype(np.float32))
        weights.append(dict(name=variable.name, **tensor(variable.numpy())))
    inference = layer(x, training=False)
    training = layer(x, training=True)
    return {
        "keras_version": keras.__version__,
        "config": layer.get_config(),
        "input": tensor(x),
        "weights": weights,
        "inference_output": tensor(inference),
        "training_output": tensor(training),
        "moving_mean_after_training": tensor(layer.moving_mean.numpy()),
        "moving_variance_after_training": tensor(layer.moving_variance.numpy()),
    }


def main():
    write_layers(saved_config(config_model()), "batchnorm", keep=lambda entry: entry["class_name"] == "BatchNormalization")
    rng = np.random.default_rng(9)
    for name, arguments, shape, offset in CASES:
        keras.utils.clear_session()
        fixture = strip_shared_ids(output_fixture(name, arguments, shape, offset, rng))
        write(HERE / "outputs" / f"batchnorm_{name}.json", fixture)
    print(f"keras {keras.__version__}: wrote {HERE / 'layers'}/batchnorm.* and {HERE / 'outputs'}/batchnorm_*")


if __name__ == "__main__":
    main()
