"""Writes the Keras-made fixtures of the model zoo (Zoo.smallVGG, Zoo.resNet, Zoo.autoencoder,
Zoo.convAutoencoder): the same models built in Keras 3, with their parameter counts.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_zoo.py
It writes zoo/<case>.json: Keras's version, the model's total, trainable and non-trainable
parameter counts, its output shape, and each layer of `model.layers` (InputLayer excluded) as
{"class_name", "output_shape" (without the batch dimension), "params"}, in Keras's order.
The tests build the Swift models and compare; they read these files and never need Python.
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


def small_vgg(input_shape, classes):
    return keras.Sequential([
        keras.Input(input_shape),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(classes, activation="softmax"),
    ], name="small_vgg")


def residual_block(x, filters, strides=1):
    y = layers.Conv2D(filters, 3, strides=strides, padding="same")(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    y = layers.BatchNormalization()(y)
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides)(x)
        shortcut = layers.BatchNormalization()(shortcut)
    return layers.Activation("relu")(layers.Add()([y, shortcut]))


def res_net(input_shape, classes, blocks):
    inputs = keras.Input(input_shape)
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    for stage, count in enumerate(blocks):
        for block in range(count):
            x = residual_block(x, 16 << stage, 2 if stage > 0 and block == 0 else 1)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet")


def autoencoder(input_dim, encoding_dim):
    inputs = keras.Input((input_dim,))
    encoded = layers.Dense(encoding_dim, activation="relu")(inputs)
    decoded = layers.Dense(input_dim, activation="sigmoid")(encoded)
    return keras.Model(inputs, decoded, name="autoencoder")


def conv_autoencoder(input_shape):
    # keras.io "Convolutional autoencoder for image denoising"
    inputs = keras.Input(input_shape)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(inputs)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)
    x = layers.Conv2D(input_shape[-1], 3, activation="sigmoid", padding="same")(x)
    if x.shape[1] != input_shape[0] or x.shape[2] != input_shape[1]:
        x = layers.Cropping2D(((0, x.shape[1] - input_shape[0]), (0, x.shape[2] - input_shape[1])))(x)
    return keras.Model(inputs, x, name="conv_autoencoder")


def count(variables):
    return int(sum(int(v.numpy().size) for v in variables))


def describe(model):
    entries = []
    for layer in model.layers:
        if isinstance(layer, layers.InputLayer):
            continue
        entries.append({"class_name": layer.__class__.__name__,
                        "output_shape": [int(d) for d in layer.output.shape[1:]],
                        "params": layer.count_params()})
    return {"keras_version": keras.__version__,
            "total_params": model.count_params(),
            "trainable_params": count(model.trainable_weights),
            "non_trainable_params": count(model.non_trainable_weights),
            "output_shape": [int(d) for d in model.outputs[0].shape[1:]],
            "layers": entries}


CASES = {
    "small_vgg_28x28x1_10": lambda: small_vgg((28, 28, 1), 10),
    "small_vgg_32x32x3_5": lambda: small_vgg((32, 32, 3), 5),
    "resnet_28x28x1_10_2_2": lambda: res_net((28, 28, 1), 10, [2, 2]),
    "resnet_32x32x3_7_1_2_1": lambda: res_net((32, 32, 3), 7, [1, 2, 1]),
    "autoencoder_784_32": lambda: autoencoder(784, 32),
    "autoencoder_64_8": lambda: autoencoder(64, 8),
    "conv_autoencoder_28x28x1": lambda: conv_autoencoder((28, 28, 1)),
    "conv_autoencoder_30x22x3": lambda: conv_autoencoder((30, 22, 3)),
}


def main():
    folder = HERE / "zoo"
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        keras.utils.clear_session()
        value = describe(make())
        (folder / f"{name}.json").write_text(json.dumps(value, indent=1) + "\n")
        print(name, value["total_params"], value["trainable_params"])


if __name__ == "__main__":
    main()
