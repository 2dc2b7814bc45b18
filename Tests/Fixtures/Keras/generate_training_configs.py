"""Writes the Keras-side fixtures for the optimizer, schedule, loss and metric configurations.

Run from anywhere with the benchmarks' virtual environment (Keras 3, TensorFlow backend):

    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_training_configs.py

Each file is a JSON list of `keras.saving.serialize_keras_object(obj)` for a few instances with
non-default settings (and the defaults), exactly as Keras 3 writes them in a model's
`compile_config`; `compile_config.json` is a compiled model's `get_compile_config()` with the
shorthand strings `compile` accepts. The Swift tests read these files and never run Python.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
from keras import losses, metrics, optimizers  # noqa: E402
from keras.optimizers import schedules  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def schedule_objects():
    return [
        schedules.ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.96),
        schedules.ExponentialDecay(0.05, decay_steps=10, decay_rate=0.5, staircase=True, name="stairs"),
        schedules.PiecewiseConstantDecay([100, 200], [1.0, 0.5, 0.1]),
        schedules.CosineDecay(0.1, decay_steps=1000),
        schedules.CosineDecay(0.0, decay_steps=500, alpha=0.01, warmup_target=0.5, warmup_steps=100, name="warm"),
    ]


def optimizer_objects():
    return [
        optimizers.SGD(),
        optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True, clipnorm=1.0),
        optimizers.SGD(learning_rate=schedules.PiecewiseConstantDecay([10], [0.1, 0.01]), weight_decay=0.0005),
        optimizers.Adam(),
        optimizers.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6, clipvalue=0.5, name="my_adam"),
        optimizers.Adam(learning_rate=schedules.ExponentialDecay(0.1, 100, 0.96, staircase=True), amsgrad=True,
                        global_clipnorm=2.0),
        optimizers.AdamW(),
        optimizers.AdamW(learning_rate=0.003, weight_decay=0.01),
        optimizers.RMSprop(),
        optimizers.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, epsilon=1e-6, centered=True),
        optimizers.Adagrad(initial_accumulator_value=0.2, epsilon=1e-6),
        optimizers.Adadelta(learning_rate=1.0, rho=0.9),
        optimizers.Nadam(learning_rate=schedules.CosineDecay(0.01, 1000), beta_2=0.99, weight_decay=0.001),
    ]


def loss_objects():
    return [
        losses.MeanSquaredError(),
        losses.MeanAbsoluteError(),
        losses.BinaryCrossentropy(),
        losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
        losses.CategoricalCrossentropy(label_smoothing=0.2),
        losses.SparseCategoricalCrossentropy(from_logits=True),
        losses.KLDivergence(),
        losses.Hinge(),
        losses.Huber(),
    ]


def metric_objects():
    return [
        metrics.Accuracy(),
        metrics.BinaryAccuracy(threshold=0.7),
        metrics.CategoricalAccuracy(name="cat_acc"),
        metrics.SparseCategoricalAccuracy(),
        metrics.Precision(),
        metrics.Precision(thresholds=0.3, name="precision_at_0.3"),
        metrics.Recall(),
        metrics.F1Score(average="micro", threshold=0.5),
        metrics.MeanSquaredError(),
        metrics.MeanAbsoluteError(name="mae"),
    ]


def compile_config():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    shorthand = model.get_compile_config()
    model.compile(optimizer=optimizers.SGD(learning_rate=0.05, momentum=0.9), loss=losses.MeanSquaredError(),
                  metrics=[metrics.MeanAbsoluteError(), "mse"])
    return [shorthand, model.get_compile_config()]


def write(name, values):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(values, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {path} ({len(values)} entries)")


if __name__ == "__main__":
    serialize = keras.saving.serialize_keras_object
    write("schedules.json", [serialize(s) for s in schedule_objects()])
    write("optimizers.json", [serialize(o) for o in optimizer_objects()])
    write("losses.json", [serialize(l) for l in loss_objects()])
    write("metrics.json", [serialize(m) for m in metric_objects()])
    write("compile_config.json", compile_config())
    print("keras", keras.__version__)
