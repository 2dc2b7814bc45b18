"""Writes the TensorFlow- and Keras-made fixtures of the TensorBoard callback.

Run from anywhere (needs tensorflow, keras and tensorboard, as `make bench-peers` installs them):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/TensorBoard/generate_tensorboard.py
It writes:
  - tf_summaries.tfevents: an event file written by TensorFlow's own writer through `tf.summary`
    (the scalars, images and histograms listed in tf_summaries.json), whose records the tests
    re-encode byte for byte;
  - tf_summaries.json: what was written (tag, step, kind, inputs), for the tests to rebuild each event;
  - keras_fit.json: the tags and steps real Keras 3 writes in train/ and validation/ for a small fit
    (the model, data sizes and callback settings named there), with each image tag's sizes.
The tests read these files and never need Python.
"""
import json
import os
import pathlib
import shutil
import tempfile

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from tensorboard.backend.event_processing import event_file_loader  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


def tf_summaries():
    rng = np.random.default_rng(11)
    cases = [
        {"kind": "scalar", "tag": "loss", "step": 3, "value": 0.25},
        {"kind": "scalar", "tag": "epoch_accuracy", "step": 0, "value": 0.8125},
        {"kind": "scalar", "tag": "batch_loss", "step": 300, "value": -1.5e-7},
        # Pixels outside [0, 1] and near the rounding edges, to pin the uint8 conversion.
        {"kind": "image", "tag": "reconstructions", "step": 1,
         "shape": [4, 3, 2, 1],
         "values": [-0.5, 0.0, 0.001, 0.002, 0.5, 0.998, 0.999, 1.0, 1.5, 0.25, 0.75, 0.1,
                    0.3, 0.6, 0.9, 0.2, 0.4, 0.7, 0.05, 0.15, 0.35, 0.45, 0.55, 0.65]},
        {"kind": "image", "tag": "rgb", "step": 2, "shape": [1, 2, 2, 3],
         "values": [round(float(v), 4) for v in rng.uniform(0, 1, 12)]},
        {"kind": "histogram", "tag": "weights/histogram", "step": 2,
         "values": [round(float(v), 4) for v in rng.normal(0, 1, 50)]},
        {"kind": "histogram", "tag": "constant/histogram", "step": 4, "values": [0.5, 0.5, 0.5]},
    ]
    folder = tempfile.mkdtemp()
    writer = tf.summary.create_file_writer(folder)
    with writer.as_default():
        for case in cases:
            if case["kind"] == "scalar":
                tf.summary.scalar(case["tag"], np.float32(case["value"]), step=case["step"])
            elif case["kind"] == "image":
                data = np.array(case["values"], dtype=np.float32).reshape(case["shape"])
                tf.summary.image(case["tag"], data, step=case["step"])
            else:
                tf.summary.histogram(case["tag"], np.array(case["values"], dtype=np.float32), step=case["step"])
    writer.close()
    [name] = os.listdir(folder)
    shutil.copy(os.path.join(folder, name), HERE / "tf_summaries.tfevents")
    shutil.rmtree(folder)
    (HERE / "tf_summaries.json").write_text(json.dumps(cases, indent=1) + "\n")


def keras_fit():
    keras.utils.set_random_seed(0)
    x = np.random.rand(8, 5, 5, 1).astype("float32")
    y = np.random.randint(0, 3, 8)
    model = keras.Sequential([keras.Input((5, 5, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    folder = tempfile.mkdtemp()
    settings = {"histogram_freq": 1, "write_images": True, "write_steps_per_second": True, "update_freq": 2}
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x[:6], y[:6]), verbose=0,
              callbacks=[keras.callbacks.TensorBoard(folder, **settings)])
    runs = {}
    for run in ["train", "validation"]:
        [name] = os.listdir(os.path.join(folder, run))
        events = []
        for event in event_file_loader.LegacyEventFileLoader(os.path.join(folder, run, name)).Load():
            for value in event.summary.value:
                entry = {"tag": value.tag, "step": event.step, "plugin": value.metadata.plugin_data.plugin_name}
                if entry["plugin"] == "images":
                    strings = value.tensor.string_val
                    entry.update(width=int(strings[0]), height=int(strings[1]), count=len(strings) - 2)
                events.append(entry)
        runs[run] = events
    shutil.rmtree(folder)
    fixture = {"model": "Sequential([Input((5, 5, 1)), Conv2D(2, 3), Flatten(), Dense(3, softmax)])",
               "compile": "sgd, sparse_categorical_crossentropy, metrics=[accuracy]",
               "fit": "8 samples, batch_size=4, epochs=2, validation_data: the first 6 samples",
               "callback": settings, "runs": runs}
    (HERE / "keras_fit.json").write_text(json.dumps(fixture, indent=1) + "\n")


if __name__ == "__main__":
    tf_summaries()
    keras_fit()
