"""Writes the Keras fixtures of the sequence layers: Embedding, SimpleRNN, LSTM, GRU (reset_after
true and false), Bidirectional and TimeDistributed.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_recurrent.py
It writes
  - layers/recurrent.<layer name>.json: each layer's entry of a small Sequential model's `layers`
    list, copied out of the `config.json` of the `.keras` archive Keras saves (as
    generate_layer_configs.py does; `shared_object_id` members removed);
  - outputs/recurrent_<case>.json: one layer on a small seeded input with seeded weights:
    {"keras_version", "layer": the layer's serialized entry, "input": {"shape", "values"},
     "weights": [{"name", "shape", "values"}, ...] in Keras's order, "output": {"shape", "values"},
     and for a layer with return_state "states": [{"shape", "values"}, ...]}.
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
from keras import layers, regularizers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


def config_model():
    keras.utils.clear_session()
    return keras.Sequential([
        keras.Input((6,)),
        layers.Embedding(50, 8, mask_zero=False, embeddings_regularizer=regularizers.L2(0.01)),
        layers.SimpleRNN(6, activation="relu", return_sequences=True, recurrent_regularizer=regularizers.L1(0.001)),
        layers.LSTM(5, return_sequences=True, unit_forget_bias=False, recurrent_activation="hard_sigmoid",
                    kernel_initializer="he_uniform", seed=3),
        layers.GRU(4, return_sequences=True, reset_after=False, go_backwards=True, use_bias=False),
        layers.GRU(4, return_sequences=True, unroll=True),
        layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum"),
        layers.TimeDistributed(layers.Dense(2, activation="relu")),
        layers.Bidirectional(layers.GRU(3)),
    ], name="recurrent")


def strip_shared_ids(value):
    if isinstance(value, dict):
        return {k: strip_shared_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [strip_shared_ids(v) for v in value]
    return value


def write(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")


def array(values):
    values = np.asarray(values, dtype=np.float32)
    return {"shape": list(values.shape), "values": [float(v) for v in values.reshape(-1)]}


OUTPUT_CASES = [
    ("embedding", lambda: layers.Embedding(7, 3), (4,), "ids"),
    ("simple_rnn_last", lambda: layers.SimpleRNN(3), (5, 4), "floats"),
    ("simple_rnn_sequences", lambda: layers.SimpleRNN(3, return_sequences=True, go_backwards=True), (5, 4), "floats"),
    ("simple_rnn_state", lambda: layers.SimpleRNN(3, return_state=True), (5, 4), "floats"),
    ("lstm_last", lambda: layers.LSTM(3), (5, 4), "floats"),
    ("lstm_sequences", lambda: layers.LSTM(3, return_sequences=True), (5, 4), "floats"),
    ("lstm_state", lambda: layers.LSTM(3, return_sequences=True, return_state=True), (5, 4), "floats"),
    ("lstm_backwards", lambda: layers.LSTM(2, go_backwards=True, return_sequences=True, use_bias=False), (4, 3), "floats"),
    ("gru_last", lambda: layers.GRU(3), (5, 4), "floats"),
    ("gru_sequences", lambda: layers.GRU(3, return_sequences=True), (5, 4), "floats"),
    ("gru_state", lambda: layers.GRU(3, return_state=True), (5, 4), "floats"),
    ("gru_before_last", lambda: layers.GRU(3, reset_after=False), (5, 4), "floats"),
    ("gru_before_sequences", lambda: layers.GRU(3, reset_after=False, return_sequences=True), (5, 4), "floats"),
    ("bidirectional_lstm", lambda: layers.Bidirectional(layers.LSTM(3)), (5, 4), "floats"),
    ("bidirectional_gru_sequences", lambda: layers.Bidirectional(layers.GRU(2, return_sequences=True)), (5, 4), "floats"),
    ("bidirectional_sum", lambda: layers.Bidirectional(layers.SimpleRNN(2, return_sequences=True), merge_mode="sum"),
     (4, 3), "floats"),
    ("bidirectional_mul", lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="mul"), (4, 3), "floats"),
    ("bidirectional_ave", lambda: layers.Bidirectional(layers.GRU(2), merge_mode="ave"), (4, 3), "floats"),
    ("time_distributed_dense", lambda: layers.TimeDistributed(layers.Dense(3, activation="tanh")), (5, 4), "floats"),
]


def output_case(index, make, shape, kind):
    keras.utils.clear_session()
    rng = np.random.default_rng(2000 + index)
    layer = make()
    if kind == "ids":
        x = rng.integers(0, 7, size=(3,) + shape).astype(np.float32)
    else:
        x = rng.uniform(-1, 1, size=(3,) + shape).astype(np.float32)
    layer.build((None,) + shape)
    weights = [rng.uniform(-0.6, 0.6, size=w.shape).astype(np.float32) for w in layer.get_weights()]
    layer.set_weights(weights)
    outputs = layer(x)
    states = []
    if isinstance(outputs, (list, tuple)):
        outputs, states = outputs[0], list(outputs[1:])
    case = {
        "keras_version": keras.__version__,
        "layer": strip_shared_ids(keras.saving.serialize_keras_object(layer)),
        "input": array(x),
        "weights": [dict(name=v.name, **array(w)) for v, w in zip(layer.weights, weights)],
        "output": array(outputs),
    }
    if states:
        case["states"] = [array(s) for s in states]
    return case


def main():
    with tempfile.TemporaryDirectory() as tmp:
        model = config_model()
        archive = pathlib.Path(tmp) / f"{model.name}.keras"
        model.save(archive)
        config = strip_shared_ids(json.loads(zipfile.ZipFile(archive).read("config.json")))
        for entry in config["config"]["layers"]:
            write(HERE / "layers" / f"{model.name}.{entry['config']['name']}.json", entry)
    for index, (name, make, shape, kind) in enumerate(OUTPUT_CASES):
        write(HERE / "outputs" / f"recurrent_{name}.json", output_case(index, make, shape, kind))
    print(f"keras {keras.__version__}: wrote {len(OUTPUT_CASES)} cases to {HERE / 'outputs'} and the layers of "
          f"'{model.name}' to {HERE / 'layers'}")


if __name__ == "__main__":
    main()
