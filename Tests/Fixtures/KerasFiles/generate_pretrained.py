"""Writes pretrained/fashion_clothing_cnn.keras: a small CNN trained by Keras 3 on five Fashion-MNIST classes.

Notebook 05 (Notebooks/05_transfer_learning.ipynb) loads it for transfer learning, as Keras's transfer-learning
guide does with MNIST digits 0-4 and 5-9: the network learned T-shirt/top, Trouser, Pullover, Dress and Coat
(classes 0-4, labels 0-4); the notebook reuses its features for Sandal, Shirt, Sneaker, Bag and Ankle boot
(classes 5-9).

Needs tensorflow-cpu (Keras 3) and Debian's dataset-fashion-mnist files (or FASHION_MNIST=DIR); installs nothing:

    Benchmarks/.venv/bin/python Tests/Fixtures/KerasFiles/generate_pretrained.py

The model: Input(28, 28, 1) - Conv2D(16, 3, relu) "conv1" - MaxPooling2D "pool1" - Conv2D(32, 3, relu) "conv2" -
MaxPooling2D "pool2" - Flatten "flatten" - Dense(32, relu) "features" - Dense(5, softmax) "classifier",
30,597 parameters, trained 3 epochs with Adam on the 30,000 training images of classes 0-4 (inputs scaled to 0...1),
seeded. It is saved without optimizer state (an uncompiled copy holding the trained weights), so the file stays small.
"""
import gzip
import os
import pathlib

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
DATA = pathlib.Path(os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist"))
SEED = 1234


def read_idx(name):
    """An IDX file (gzip) as a numpy array."""
    with gzip.open(DATA / name) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    keras.utils.set_random_seed(SEED)
    x = read_idx("train-images-idx3-ubyte.gz").astype("float32")[..., None] / 255
    y = read_idx("train-labels-idx1-ubyte.gz").astype("int64")
    tx = read_idx("t10k-images-idx3-ubyte.gz").astype("float32")[..., None] / 255
    ty = read_idx("t10k-labels-idx1-ubyte.gz").astype("int64")
    x, y = x[y < 5], y[y < 5]
    tx, ty = tx[ty < 5], ty[ty < 5]
    model = build(keras)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=64, epochs=3, verbose=2)
    print("test accuracy on classes 0-4:", model.evaluate(tx, ty, verbose=0)[1])
    clean = build(keras)
    clean.set_weights(model.get_weights())
    out = HERE / "pretrained" / "fashion_clothing_cnn.keras"
    out.parent.mkdir(exist_ok=True)
    clean.save(out)
    print("wrote", out, out.stat().st_size, "bytes")


def build(keras):
    """The model, uncompiled."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu", name="conv1"),
        layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(32, 3, activation="relu", name="conv2"),
        layers.MaxPooling2D(name="pool2"),
        layers.Flatten(name="flatten"),
        layers.Dense(32, activation="relu", name="features"),
        layers.Dense(5, activation="softmax", name="classifier"),
    ], name="fashion_clothing_cnn")


if __name__ == "__main__":
    main()
