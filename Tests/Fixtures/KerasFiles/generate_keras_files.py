"""Writes the Keras model and weights files that SwiftDL's file tests read, and checks SwiftDL's files in Keras.

Needs tensorflow-cpu (Keras 3) and, for the Keras 2 files, tf-keras; installs nothing. Run with the
benchmarks' virtual environment (`make bench-peers`, then `pip install tf-keras`):

    Benchmarks/.venv/bin/python Tests/Fixtures/KerasFiles/generate_keras_files.py [--models NAME ...]
        writes keras3/ (Keras 3) and keras2/ (tf-keras, run in a child process with TF_USE_LEGACY_KERAS=1),
        all models or only those named
    Benchmarks/.venv/bin/python Tests/Fixtures/KerasFiles/generate_keras_files.py --verify DIR
        loads every model file SwiftDL wrote into DIR in Keras 3 and compares its predictions

For each model of MODELS and each Keras version, in keras3/ or keras2/:
  - <model>.keras (Keras 3 only): the `.keras` archive (config.json, metadata.json, model.weights.h5);
  - <model>.h5: the legacy full-model HDF5 file (model_config, training_config, model_weights);
  - <model>.weights.h5 (Keras 3) or <model>_weights.h5 (Keras 2): the weights alone, in each version's own layout;
  - <model>.config.json: `model.to_json()`, indented;
  - <model>.io.json: {"inputs": [{"shape", "data"}], "outputs": [{"shape", "data"}]}: a fixed input batch
    (the same in both versions) and that model's predictions on it, float32 values as JSON numbers.
Weights that Keras initializes to constants (biases, BatchNormalization's gamma, beta and moving statistics) are
replaced by seeded random values, so that a test which loaded them wrongly cannot pass. `mlp` is
trained for a few steps, so its files hold the optimizer's state too. `lambda_double` holds a Python `Lambda`
(which SwiftDL must refuse, or replace by a closure the user registers).

--verify DIR reads DIR/<model>.io.json for the inputs and expected outputs (the format above) and every
DIR/<model>.keras and DIR/<model>.h5 (whole models, with load_model) and DIR/<model>.weights.h5 and
DIR/<model>_weights.h5 (Keras 3's and Keras 2's weights layouts, into this script's architecture of that
model); it prints one line per file and exits with status 1 if any prediction differs by more than 1e-4.
SwiftDL writes such a folder with
    SWIFTDL_KERAS_VERIFY_DIR=DIR swift test -c release --disable-swift-testing --filter KerasVerifyExport
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
SEED = 1234
TOLERANCE = 1e-4


def import_keras(version):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if version == 2:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tensorflow as tf
        import tf_keras as keras
        return keras, tf.abs
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    return keras, keras.ops.abs


def l1_distance_class(keras, absolute):
    """SwiftDL's L1Distance (|a - b|, the Siamese distance), registered as Keras custom objects are."""
    @keras.utils.register_keras_serializable(package="SwiftDL")
    class L1Distance(keras.layers.Layer):
        def call(self, inputs):
            return absolute(inputs[0] - inputs[1])

        def compute_output_shape(self, input_shape):
            return input_shape[0]
    return L1Distance


# MARK: - The models (each mirrors the SwiftDL zoo function named in its comment, at a small size)

def mlp(keras, _):
    return keras.Sequential([
        keras.Input((20,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(5, activation="softmax"),
    ], name="mlp")


def lenet5(keras, _):
    """Zoo.leNet5(inputShape: [28, 28, 1], classes: 10)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(6, 5, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 5, padding="valid", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(120, activation="relu"),
        layers.Dense(84, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ], name="lenet5")


def small_vgg(keras, _):
    """Zoo.smallVGG(inputShape: [8, 8, 1], classes: 10)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ], name="small_vgg")


def residual_block(keras, x, filters, strides):
    """Zoo.residualBlock: Conv-BN-ReLU-Conv-BN, identity or 1x1 projection shortcut with BN, Add, ReLU."""
    layers = keras.layers
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


def resnet(keras, _):
    """Zoo.resNet(inputShape: [8, 8, 1], classes: 3, blocks: [1, 1])."""
    layers = keras.layers
    inputs = keras.Input((8, 8, 1))
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = residual_block(keras, x, 16, 1)
    x = residual_block(keras, x, 32, 2)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(3, activation="softmax")(x), name="resnet")


def conv_autoencoder(keras, _):
    """Zoo.convAutoencoder(inputShape: [8, 8, 1])."""
    layers = keras.layers
    inputs = keras.Input((8, 8, 1))
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
    x = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(inputs, x, name="conv_autoencoder")


def siamese(keras, absolute):
    """Zoo.siameseSmall(inputShape: [12, 12, 1], embedding: 16): a nested twin model shared by two inputs."""
    layers = keras.layers
    image = keras.Input((12, 12, 1), name="image")
    h = layers.Conv2D(32, 5, activation="relu")(image)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(64, 3, activation="relu")(h)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Flatten()(h)
    twin = keras.Model(image, layers.Dense(16, activation="sigmoid")(h), name="twin")
    left, right = keras.Input((12, 12, 1), name="left"), keras.Input((12, 12, 1), name="right")
    distance = l1_distance_class(keras, absolute)(name="l1_distance")([twin(left), twin(right)])
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance), name="siamese_small")


def lambda_double(keras, _):
    """A Python Lambda (x * 2) between two layers: a file with code in it."""
    return keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3),
        keras.layers.Lambda(lambda x: x * 2.0, name="double"),
        keras.layers.Dense(2),
    ], name="lambda_double")


def lstm(keras, _):
    """A many-to-one LSTM classifier (the Fashion-MNIST row-by-row model, small)."""
    return keras.Sequential([
        keras.Input((6, 4)),
        keras.layers.LSTM(8),
        keras.layers.Dense(3, activation="softmax"),
    ], name="lstm")


def stacked_gru(keras, _):
    """Two GRUs (reset_after, Keras 3's default), the first returning sequences."""
    return keras.Sequential([
        keras.Input((6, 4)),
        keras.layers.GRU(6, return_sequences=True, reset_after=True),
        keras.layers.GRU(5, reset_after=True),
        keras.layers.Dense(2, activation="sigmoid"),
    ], name="stacked_gru")


def bidirectional_lstm(keras, _):
    return keras.Sequential([
        keras.Input((5, 3)),
        keras.layers.Bidirectional(keras.layers.LSTM(4)),
        keras.layers.Dense(2),
    ], name="bidirectional_lstm")


def embedding_rnn(keras, _):
    """Token ids through Embedding(mask_zero) and a SimpleRNN; the fixed batch holds padding (0) before and after."""
    return keras.Sequential([
        keras.Input((7,)),
        keras.layers.Embedding(20, 6, mask_zero=True),
        keras.layers.SimpleRNN(5),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name="embedding_rnn")


# name: (builder, loss, trained a few steps)
MODELS = {
    "mlp": (mlp, "sparse_categorical_crossentropy", True),
    "lenet5": (lenet5, "sparse_categorical_crossentropy", False),
    "small_vgg": (small_vgg, "sparse_categorical_crossentropy", False),
    "resnet": (resnet, "sparse_categorical_crossentropy", False),
    "conv_autoencoder": (conv_autoencoder, "binary_crossentropy", False),
    "siamese": (siamese, "binary_crossentropy", False),
    "lambda_double": (lambda_double, "mse", False),
    "lstm": (lstm, "sparse_categorical_crossentropy", True),
    "stacked_gru": (stacked_gru, "binary_crossentropy", False),
    "bidirectional_lstm": (bidirectional_lstm, "mse", False),
    "embedding_rnn": (embedding_rnn, "binary_crossentropy", False),
}

# Models whose input is token ids (whole numbers in [1, vocabulary)), not uniform floats.
TOKEN_MODELS = {"embedding_rnn": 20}


# MARK: - Writing

def input_batch(model, name):
    """The fixed input batch of a model: uniform [0, 1), the same in both Keras versions."""
    import numpy as np
    rng = np.random.RandomState(sum(map(ord, name)))
    batch = 3 if len(model.inputs[0].shape) == 2 else 2
    if name in TOKEN_MODELS:
        # Padding (id 0, masked with mask_zero): row r starts with r zeros, and the last row ends with one.
        ids = rng.randint(1, TOKEN_MODELS[name], size=(batch,) + tuple(model.inputs[0].shape[1:]))
        for row in range(batch):
            ids[row, :row] = 0
        ids[-1, -1] = 0
        return [ids.astype("float32")]
    return [rng.uniform(size=(batch,) + tuple(t.shape[1:])).astype("float32") for t in model.inputs]


def randomize_constants(model):
    """Replaces weights Keras starts as all zeros or all ones by seeded random values (ones stay positive)."""
    import numpy as np
    rng = np.random.RandomState(SEED)
    for variable in model.weights:
        value = np.asarray(variable.numpy())
        if np.all(value == 0):
            variable.assign(rng.normal(0, 0.1, value.shape).astype("float32"))
        elif np.all(value == 1):
            variable.assign(rng.uniform(0.5, 1.5, value.shape).astype("float32"))


def tensor_json(array):
    return {"shape": list(array.shape), "data": [float(v) for v in array.reshape(-1)]}


def train_a_little(keras, model, name, loss):
    import numpy as np
    rng = np.random.RandomState(SEED)
    x = [rng.uniform(size=(16,) + tuple(t.shape[1:])).astype("float32") for t in model.inputs]
    if name in TOKEN_MODELS:
        x = [rng.randint(0, TOKEN_MODELS[name], size=(16,) + tuple(t.shape[1:])).astype("float32") for t in model.inputs]
    classes = model.outputs[0].shape[-1]
    if loss == "sparse_categorical_crossentropy":
        y = rng.randint(0, classes, size=(16,))
    else:
        y = rng.uniform(size=(16,) + tuple(model.outputs[0].shape[1:])).astype("float32")
    model.fit(x if len(x) > 1 else x[0], y, batch_size=8, epochs=1, verbose=0)


def write(version, only=None):
    keras, absolute = import_keras(version)
    import numpy as np
    folder = HERE / f"keras{version}"
    folder.mkdir(exist_ok=True)
    for name, (builder, loss, trained) in MODELS.items():
        if only and name not in only:
            continue
        keras.utils.set_random_seed(SEED)
        model = builder(keras, absolute)
        metrics = ["accuracy"] if "categorical" in loss else []
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss, metrics=metrics)
        randomize_constants(model)
        if trained:
            train_a_little(keras, model, name, loss)
        inputs = input_batch(model, name)
        outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        io = {"inputs": [tensor_json(x) for x in inputs], "outputs": [tensor_json(np.asarray(y)) for y in outputs]}
        (folder / f"{name}.io.json").write_text(json.dumps(io) + "\n")
        (folder / f"{name}.config.json").write_text(json.dumps(json.loads(model.to_json()), indent=1) + "\n")
        if version == 3:
            # The archive first: Keras 3.15's legacy .h5 save pops the optimizer out of the model's
            # compile config, so an archive saved after it would hold no optimizer.
            model.save(folder / f"{name}.keras")
            model.save(folder / f"{name}.h5")
            model.save_weights(folder / f"{name}.weights.h5")
        else:
            model.save(folder / f"{name}.h5")
            model.save_weights(str(folder / f"{name}_weights.h5"))
        print(f"keras{version}/{name}: {model.count_params()} parameters")


# MARK: - Verifying SwiftDL's files in Keras 3

def verify(directory):
    keras, absolute = import_keras(3)
    import numpy as np
    l1_distance_class(keras, absolute)
    directory = pathlib.Path(directory)
    failures = 0
    for io_file in sorted(directory.glob("*.io.json")):
        name = io_file.name[:-len(".io.json")]
        io = json.loads(io_file.read_text())
        inputs = [np.asarray(t["data"], "float32").reshape(t["shape"]) for t in io["inputs"]]
        expected = [np.asarray(t["data"], "float32").reshape(t["shape"]) for t in io["outputs"]]
        candidates = [directory / (name + suffix) for suffix in (".keras", ".h5", ".weights.h5", "_weights.h5")]
        for path in (candidate for candidate in candidates if candidate.exists()):
            if path.name.endswith(".weights.h5") or path.name.endswith("_weights.h5"):
                if name not in MODELS:
                    continue
                model = MODELS[name][0](keras, absolute)
                model.load_weights(path)
            else:
                model = keras.models.load_model(path, compile=False)
            found = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
            found = found if isinstance(found, list) else [found]
            difference = max(float(np.max(np.abs(np.asarray(f) - e))) for f, e in zip(found, expected))
            ok = difference <= TOLERANCE
            failures += 0 if ok else 1
            print(f"{'ok  ' if ok else 'FAIL'} {path.name}: largest difference {difference:.3g}")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keras", type=int, choices=(2, 3), help="write only this Keras version's files")
    parser.add_argument("--verify", metavar="DIR", help="check the model files SwiftDL wrote in DIR in Keras 3")
    parser.add_argument("--models", nargs="+", metavar="NAME", help="write only these models' files")
    args = parser.parse_args()
    if args.verify:
        sys.exit(verify(args.verify))
    if args.keras:
        write(args.keras, args.models)
        return
    write(3, args.models)
    # tf-keras must not share a process with Keras 3: the Keras 2 files come from a child process.
    subprocess.run([sys.executable, __file__, "--keras", "2"] + (["--models"] + args.models if args.models else []), check=True)


if __name__ == "__main__":
    main()
