"""Writes the Keras-made fixtures of the Siamese zoo models (Zoo.siameseSmall, Zoo.siameseKoch).

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_siamese.py
It writes siamese/parameter_counts.json: for each network built in Keras 3 exactly as the zoo
builds it (a twin functional model named "twin" called on both inputs, the L1 distance as a
Lambda, since Keras has no L1Distance class, and a Dense(1, sigmoid) head), the total parameter
count, the twin's, and the shapes of the weights in Keras's order.
The tests read this file and never need Python. The one-shot end-to-end numbers come from
oneshot_keras.py, beside this script.
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras import layers, initializers, regularizers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent / "siamese"


def siamese(twin, input_shape, head, name):
    left, right = keras.Input(input_shape, name="left"), keras.Input(input_shape, name="right")
    distance = layers.Lambda(lambda t: keras.ops.abs(t[0] - t[1]), name="l1_distance")([twin(left), twin(right)])
    return keras.Model([left, right], head(distance), name=name)


def siamese_small(input_shape=(28, 28, 1), embedding=128):
    image = keras.Input(input_shape, name="image")
    h = layers.Conv2D(32, 5, activation="relu")(image)
    h = layers.MaxPooling2D()(h)
    h = layers.Conv2D(64, 3, activation="relu")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Flatten()(h)
    twin = keras.Model(image, layers.Dense(embedding, activation="sigmoid")(h), name="twin")
    return siamese(twin, input_shape, layers.Dense(1, activation="sigmoid"), "siamese_small"), twin


def siamese_koch(input_shape=(105, 105, 1)):
    conv_kernel = initializers.RandomNormal(0.0, 0.01)
    dense_kernel = initializers.RandomNormal(0.0, 0.2)
    bias = initializers.RandomNormal(0.5, 0.01)

    def conv(filters, size):
        return layers.Conv2D(filters, size, activation="relu", kernel_initializer=conv_kernel,
                             bias_initializer=bias, kernel_regularizer=regularizers.l2(2e-4))

    image = keras.Input(input_shape, name="image")
    h = conv(64, 10)(image)
    h = layers.MaxPooling2D()(h)
    h = conv(128, 7)(h)
    h = layers.MaxPooling2D()(h)
    h = conv(128, 4)(h)
    h = layers.MaxPooling2D()(h)
    h = conv(256, 4)(h)
    h = layers.Flatten()(h)
    h = layers.Dense(4096, activation="sigmoid", kernel_initializer=dense_kernel, bias_initializer=bias,
                     kernel_regularizer=regularizers.l2(1e-3))(h)
    twin = keras.Model(image, h, name="twin")
    head = layers.Dense(1, activation="sigmoid", kernel_initializer=dense_kernel, bias_initializer=bias)
    return siamese(twin, input_shape, head, "siamese_koch"), twin


def describe(model, twin, input_shape):
    return {
        "input_shape": list(input_shape),
        "params": model.count_params(),
        "twin_params": twin.count_params(),
        "twin_output_shape": list(twin.output.shape[1:]),
        "weight_shapes": [list(w.shape) for w in model.weights],
    }


def main():
    HERE.mkdir(exist_ok=True)
    keras.utils.set_random_seed(1)
    small = describe(*siamese_small(), (28, 28, 1))
    small_64 = describe(*siamese_small(embedding=64), (28, 28, 1))
    koch = describe(*siamese_koch(), (105, 105, 1))
    fixtures = {"siamese_small": small, "siamese_small_embedding_64": small_64, "siamese_koch": koch}
    (HERE / "parameter_counts.json").write_text(json.dumps(fixtures, indent=2) + "\n")
    print({k: v["params"] for k, v in fixtures.items()})


if __name__ == "__main__":
    main()
