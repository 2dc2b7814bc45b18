"""Writes the Keras-made layer and model configurations the config fixture tests compare with.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_layer_configs.py
It builds a few Sequential models with the layers SwiftDL has, saves each with `model.save(...)`
as a `.keras` archive, and copies out of the archive's `config.json`:
  - models/<model>.json: the whole `config.json` (Keras's full Sequential serialization);
  - layers/<model>.<layer name>.json: each layer's entry of the model's `layers` list
    ({"module", "class_name", "config", "registered_name", "build_config"}).
`shared_object_id` members (Python object ids Keras adds to shared DTypePolicy objects, different on
every run) are removed. The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, saved_config, write, write_layers  # noqa: E402
import keras  # noqa: E402
from keras import initializers, layers, regularizers  # noqa: E402


def models():
    keras.utils.clear_session()
    lenet = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(6, 5, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(16, 5, kernel_initializer=initializers.HeNormal(),
                      bias_regularizer=regularizers.L1(0.001)),
        layers.AveragePooling2D(2),
        layers.Flatten(),
        layers.Dense(120, activation="relu", kernel_regularizer=regularizers.L2(0.01),
                     kernel_initializer="he_normal"),
        layers.Dropout(0.5, seed=42),
        layers.Dense(84),
        layers.LeakyReLU(negative_slope=0.1),
        layers.Dense(10),
        layers.Softmax(),
    ], name="lenet")
    sequence = keras.Sequential([
        keras.Input((16, 3)),
        layers.Conv1D(4, 3, strides=2, padding="same", activation="tanh", use_bias=False),
        layers.ZeroPadding1D((1, 2)),
        layers.Flatten(),
        layers.Reshape((4, 11)),
        layers.Activation("sigmoid"),
        layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.5),
        layers.Dense(5, kernel_initializer=initializers.RandomNormal(0.0, 0.02),
                     bias_initializer=initializers.Constant(0.1),
                     kernel_regularizer=regularizers.L1L2(0.01, 0.001)),
        layers.Dense(3, activation=layers.LeakyReLU(negative_slope=0.25)),
    ], name="sequence")
    images = keras.Sequential([
        keras.Input((8, 8, 3)),
        layers.ZeroPadding2D(((1, 0), (2, 1))),
        layers.Conv2D(4, (3, 2), strides=(2, 1), kernel_initializer="orthogonal", bias_initializer="ones"),
        layers.MaxPooling2D((2, 2), strides=1, padding="same"),
        layers.GlobalMaxPooling2D(keepdims=True),
        layers.Flatten(),
        layers.Dense(2, activation="silu", kernel_initializer="lecun_uniform",
                     bias_initializer=initializers.RandomUniform(-0.1, 0.1)),
        layers.Activation("gelu"),
    ], name="images")
    pooling = keras.Sequential([
        keras.Input((6, 6, 2)),
        layers.AveragePooling2D((3, 3), strides=(3, 3)),
        layers.GlobalAveragePooling2D(),
        layers.Dense(1, activation="sigmoid", kernel_initializer="glorot_normal", bias_initializer="zeros"),
    ], name="pooling")
    return [lenet, sequence, images, pooling]


def main():
    for model in models():
        config = saved_config(model)
        write(HERE / "models" / f"{model.name}.json", config)
        write_layers(config, model.name)
    print(f"keras {keras.__version__}: wrote {HERE / 'models'} and {HERE / 'layers'}")


if __name__ == "__main__":
    main()
