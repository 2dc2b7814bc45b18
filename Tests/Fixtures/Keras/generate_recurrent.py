"""Writes the Keras fixtures of the sequence layers: Embedding, SimpleRNN, LSTM, GRU (reset_after
true and false), Bidirectional and TimeDistributed.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_recurrent.py
It writes
  - layers/recurrent.<layer name>.json: each layer's entry of a small Sequential model's `layers`
    list, copied out of the `config.json` of the `.keras` archive Keras saves (as
    generate_layer_configs.py does; `shared_object_id` members removed);
  - layers/recurrent_dropout.<layer name>.json: the same for layers with dropout, recurrent_dropout and seed;
  - outputs/recurrent_<case>.json: one layer on a small seeded input with seeded weights:
    {"keras_version", "layer": the layer's serialized entry, "input": {"shape", "values"},
     "weights": [{"name", "shape", "values"}, ...] in Keras's order, "output": {"shape", "values"},
     and for a layer with return_state "states": [{"shape", "values"}, ...]}.
  - outputs/recurrent_dropout_<case>.json: the same for a layer with dropout (its "output" is the
    inference one), plus "dropout_masks": {"input": [...], "recurrent": [...]} (0 or 1 / (1 − rate),
    set on Keras's cell before the call, as its DropoutRNNCell caches them) and "training_output",
    Keras's output with training=True and those masks.
  - masking/masked_stack.keras and masking/masked_stack.io.json: a model whose Embedding(mask_zero) mask
    passes through Dense (on sequences), Dropout, BatchNormalization, TimeDistributed, ReLU and Activation
    to an LSTM (Keras's supports_masking), seeded weights (BatchNormalization's statistics included),
    and its predictions on padded ids: {"input": {"shape", "values"}, "output": {"shape", "values"}}.
The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, saved_config, strip_shared_ids, tensor, write, write_layers  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, regularizers  # noqa: E402


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


def dropout_config_model():
    keras.utils.clear_session()
    return keras.Sequential([
        keras.Input((5, 3)),
        layers.SimpleRNN(4, dropout=0.25, recurrent_dropout=0.5, return_sequences=True),
        layers.LSTM(3, dropout=0.2, recurrent_dropout=0.1, seed=7, return_sequences=True),
        layers.GRU(2, recurrent_dropout=0.3, seed=11),
    ], name="recurrent_dropout")


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


DROPOUT_CASES = [
    ("simple_rnn", lambda: layers.SimpleRNN(3, dropout=0.4, recurrent_dropout=0.5, return_sequences=True), 1),
    ("lstm_input_only", lambda: layers.LSTM(3, dropout=0.5, return_sequences=True), 4),
    ("lstm_both", lambda: layers.LSTM(3, dropout=0.3, recurrent_dropout=0.4, return_sequences=True, go_backwards=True), 4),
    ("lstm_recurrent_only", lambda: layers.LSTM(2, recurrent_dropout=0.5), 4),
    ("gru_both", lambda: layers.GRU(3, dropout=0.3, recurrent_dropout=0.4, return_sequences=True), 3),
    ("gru_before_both", lambda: layers.GRU(3, dropout=0.5, recurrent_dropout=0.5, reset_after=False,
                                           return_sequences=True), 3),
]


def dropout_case(index, make, gates):
    """A layer with dropout: Keras's inference output, and its training output with masks set on its cell."""
    keras.utils.clear_session()
    rng = np.random.default_rng(3000 + index)
    layer = make()
    shape = (5, 4)
    x = rng.uniform(-1, 1, size=(3,) + shape).astype(np.float32)
    layer.build((None,) + shape)
    weights = [rng.uniform(-0.6, 0.6, size=w.shape).astype(np.float32) for w in layer.get_weights()]
    layer.set_weights(weights)
    cell = layer.cell
    per_gate = gates if cell.recurrent_dropout > 0 else 1

    def masks(width, rate):
        if rate == 0:
            return []
        return [np.where(rng.uniform(size=(3, width)) < rate, 0, 1 / (1 - rate)).astype(np.float32)
                for _ in range(per_gate)]

    input_masks, recurrent_masks = masks(shape[1], cell.dropout), masks(cell.units, cell.recurrent_dropout)
    listed = getattr(cell, "dropout_mask_count", None) is not None
    cell._dropout_mask = (input_masks if listed else input_masks[0]) if input_masks else None
    cell._recurrent_dropout_mask = (recurrent_masks if listed else recurrent_masks[0]) if recurrent_masks else None
    training_output = layer(x, training=True)
    assert cell._dropout_mask is None, "Keras reset its masks after the call"
    return {
        "keras_version": keras.__version__,
        "layer": strip_shared_ids(keras.saving.serialize_keras_object(layer)),
        "input": tensor(x),
        "weights": [dict(name=v.name, **tensor(w)) for v, w in zip(layer.weights, weights)],
        "output": tensor(layer(x, training=False)),
        "dropout_masks": {"input": [tensor(m) for m in input_masks], "recurrent": [tensor(m) for m in recurrent_masks]},
        "training_output": tensor(training_output),
    }


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
        "input": tensor(x),
        "weights": [dict(name=v.name, **tensor(w)) for v, w in zip(layer.weights, weights)],
        "output": tensor(outputs),
    }
    if states:
        case["states"] = [tensor(s) for s in states]
    return case


def masked_stack():
    keras.utils.clear_session()
    rng = np.random.default_rng(4000)
    model = keras.Sequential([
        keras.Input((7,)),
        layers.Embedding(12, 4, mask_zero=True),
        layers.Dense(5, activation="tanh"),
        layers.Dropout(0.3),
        layers.BatchNormalization(),
        layers.TimeDistributed(layers.Dense(4)),
        layers.ReLU(),
        layers.Activation("sigmoid"),
        layers.LSTM(3),
    ], name="masked_stack")
    for variable in model.weights:
        low = 0.5 if "variance" in variable.path else -0.6
        variable.assign(rng.uniform(low, 0.6 if low < 0 else 1.5, size=variable.shape).astype(np.float32))
    # Padding after, before, in the middle, and none; the first two rows hold the same tokens.
    ids = np.array([[3, 5, 7, 0, 0, 0, 0], [0, 0, 0, 0, 3, 5, 7], [2, 0, 9, 11, 0, 4, 1], [1, 2, 3, 4, 5, 6, 7]],
                   dtype=np.float32)
    folder = HERE / "masking"
    folder.mkdir(exist_ok=True)
    model.save(folder / "masked_stack.keras")
    write(folder / "masked_stack.io.json", {"keras_version": keras.__version__, "input": tensor(ids),
                                            "output": tensor(model.predict(ids, verbose=0))})


def main():
    for make_model in (config_model, dropout_config_model):
        model = make_model()
        write_layers(saved_config(model), model.name)
    for index, (name, make, shape, kind) in enumerate(OUTPUT_CASES):
        write(HERE / "outputs" / f"recurrent_{name}.json", output_case(index, make, shape, kind))
    for index, (name, make, gates) in enumerate(DROPOUT_CASES):
        write(HERE / "outputs" / f"recurrent_dropout_{name}.json", dropout_case(index, make, gates))
    masked_stack()
    print(f"keras {keras.__version__}: wrote {len(OUTPUT_CASES)} cases to {HERE / 'outputs'} and the layers of "
          f"'{model.name}' to {HERE / 'layers'}")


if __name__ == "__main__":
    main()
