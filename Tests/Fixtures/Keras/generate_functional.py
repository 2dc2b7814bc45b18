"""Writes the Keras-made fixtures of the functional API tests (several inputs and outputs).

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_functional.py
It writes, under functional/:
  - two_heads.json: a model with one input, a shared hidden layer and two heads, `cls` (softmax,
    3 classes) and `reg` (linear, 1 unit), compiled with sparse categorical cross-entropy and MSE,
    loss weights [1.0, 0.5] and accuracy on `cls`, with its weights (Keras order), a small batch,
    `evaluate(return_dict=True)` before training (values and key order), the history of one epoch
    of `fit` in one batch with SGD(0.1) (key order as Keras records them, values) and the
    weights after that step;
  - two_inputs_summary.txt: `summary()` of a model with two inputs and a shared layer (Keras's
    "Connected to" column), printed at Keras's default width for a non-terminal (76 columns).
The tests read these files and never need Python.
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent / "functional"


def two_heads():
    keras.utils.clear_session()
    keras.utils.set_random_seed(7)
    inputs = keras.Input((4,), name="features")
    hidden = layers.Dense(5, activation="relu", name="hidden")(inputs)
    cls = layers.Dense(3, activation="softmax", name="cls")(hidden)
    reg = layers.Dense(1, name="reg")(hidden)
    model = keras.Model(inputs, [cls, reg], name="two_heads")
    model.compile(optimizer=keras.optimizers.SGD(0.1),
                  loss=["sparse_categorical_crossentropy", "mse"],
                  loss_weights=[1.0, 0.5], metrics=[["accuracy"], []])
    rng = np.random.default_rng(3)
    x = rng.normal(size=(8, 4)).astype("float32")
    y_cls = rng.integers(0, 3, size=(8,)).astype("float32")
    y_reg = rng.normal(size=(8, 1)).astype("float32")
    weights = [w.tolist() for w in model.get_weights()]
    evaluated = model.evaluate(x, [y_cls, y_reg], batch_size=8, verbose=0, return_dict=True)
    history = model.fit(x, [y_cls, y_reg], batch_size=8, epochs=1, shuffle=False, verbose=0)
    return {
        "weight_names": [v.path for v in model.weights],
        "weights": weights,
        "x": x.tolist(), "y_cls": y_cls.tolist(), "y_reg": y_reg.tolist(),
        "evaluate_keys": list(evaluated.keys()),
        "evaluate": {k: float(v) for k, v in evaluated.items()},
        "history_keys": list(history.history.keys()),
        "history": {k: float(v[0]) for k, v in history.history.items()},
        "weights_after_one_step": [w.tolist() for w in model.get_weights()],
    }


def two_inputs_summary():
    keras.utils.clear_session()
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    shared = layers.Dense(5, name="shared")
    added = layers.Add(name="add")([shared(a), shared(b)])
    out = layers.Dense(1, name="out")(added)
    model = keras.Model([a, b], out, name="two_inputs")
    lines = []
    model.summary(line_length=76, print_fn=lambda line, **_: lines.append(line))
    return "\n".join(lines) + "\n"


def main():
    HERE.mkdir(exist_ok=True)
    (HERE / "two_heads.json").write_text(json.dumps(two_heads(), indent=1) + "\n")
    (HERE / "two_inputs_summary.txt").write_text(two_inputs_summary())


if __name__ == "__main__":
    main()
