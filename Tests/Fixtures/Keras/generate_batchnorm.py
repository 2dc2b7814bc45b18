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
import json
import os
import pathlib
import tempfile
import zipfile

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import initializers, layers, regularizers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


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


def strip_shared_ids(value):
    if isinstance(value, dict):
        return {k: strip_shared_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [strip_shared_ids(v) for v in value]
    return value


def write(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")


def tensor(array):
    array = np.asarray(array, dtype=np.float32)
    return {"shape": list(array.shape), "values": [float(v) for v in array.reshape(-1)]}


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
    with tempfile.TemporaryDirectory() as tmp:
        model = config_model()
        archive = pathlib.Path(tmp) / "batchnorm.keras"
        model.save(archive)
        config = strip_shared_ids(json.loads(zipfile.ZipFile(archive).read("config.json")))
        for entry in config["config"]["layers"]:
            if entry["class_name"] == "BatchNormalization":
                write(HERE / "layers" / f"batchnorm.{entry['config']['name']}.json", entry)
    rng = np.random.default_rng(9)
    for name, arguments, shape, offset in CASES:
        keras.utils.clear_session()
        fixture = strip_shared_ids(output_fixture(name, arguments, shape, offset, rng))
        write(HERE / "outputs" / f"batchnorm_{name}.json", fixture)
    print(f"keras {keras.__version__}: wrote {HERE / 'layers'}/batchnorm.* and {HERE / 'outputs'}/batchnorm_*")


if __name__ == "__main__":
    main()
