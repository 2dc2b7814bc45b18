"""Keras 3's side of the training-parity check of the transfer protocol's small VGG
(Tests/DLModelsTests/EndToEnd/TransferTrainingParityTests.swift).

Run from anywhere (a few seconds):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_transfer_parity.py
It writes, in transfer/:
  parity_initial.weights.h5  the small VGG of transfer_keras.py (Zoo.smallVGG) as Keras initializes it
                             (keras.utils.set_random_seed(7)), Dropout's rate set to 0 so that no mask is drawn;
  parity_trained.weights.h5  the same model after one epoch of the protocol's pretraining on the first
                             STEPS x 128 upright Fashion-MNIST training images in order (shuffle=False):
                             Adam(learning_rate=0.001), sparse categorical cross-entropy, batch 128;
  parity.json                the four Conv2D biases after the first step (Adam's first step moves each weight by
                             about ±learning rate, the sign of its gradient: a gradient of another sign shows as a
                             difference of 2e-3), the epoch's loss and accuracy, and the trained model's loss and
                             accuracy on the same images.
The Swift test loads the initial weights, trains the same way and compares the weights.
"""
import gzip
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent / "transfer"
DATA = "/usr/share/datasets/fashion-mnist"
STEPS, BATCH, LR, SEED = 30, 128, 1e-3, 7


def load(name, offset):
    with gzip.open(os.path.join(DATA, name), "rb") as file:
        return np.frombuffer(file.read(), np.uint8, offset=offset)


def small_vgg(dropout):
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(dropout),
        layers.Dense(10, activation="softmax"),
    ], name="small_vgg")


def main():
    count = STEPS * BATCH
    x = load("train-images-idx3-ubyte.gz", 16)[: count * 784].reshape(-1, 28, 28, 1).astype("float32") / 255
    y = load("train-labels-idx1-ubyte.gz", 8)[:count].astype("int64")
    keras.utils.set_random_seed(SEED)
    model = small_vgg(0.0)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.save_weights(HERE / "parity_initial.weights.h5")
    first_step = {}

    class FirstStep(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 0:
                convs = [layer for layer in self.model.layers if isinstance(layer, layers.Conv2D)]
                first_step["conv_biases"] = [[float(v) for v in np.asarray(c.bias)] for c in convs]

    history = model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[FirstStep()])
    plain = small_vgg(0.0)   # without the optimizer's variables, which a compiled model's file would hold
    plain.set_weights(model.get_weights())
    plain.save_weights(HERE / "parity_trained.weights.h5")
    loss, acc = model.evaluate(x, y, batch_size=256, verbose=0)
    result = {"keras_version": keras.__version__, "steps": STEPS, "batch_size": BATCH, "learning_rate": LR,
              "seed": SEED, "first_step_conv_biases": first_step["conv_biases"], "fit_loss": history.history["loss"][0], "fit_accuracy": history.history["accuracy"][0],
              "trained_loss": loss, "trained_accuracy": acc}
    (HERE / "parity.json").write_text(json.dumps(result) + "\n")
    print({key: value for key, value in result.items() if key != "first_step_conv_biases"})


if __name__ == "__main__":
    main()
