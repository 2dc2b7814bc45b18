"""Extracts the model configurations stored inside the committed Keras files, and writes the configurations of
a few graph shapes that those files lack, for SwiftDL's configuration tests.

Needs h5py, and for the extra graphs tensorflow-cpu and tf-keras; installs nothing. Run it after
generate_keras_files.py:

    Benchmarks/.venv/bin/python Tests/Fixtures/KerasFiles/generate_model_configs.py
        (--extra-only KERAS_VERSION: the extra graphs of one Keras version, in this process)

For each model of generate_keras_files.py, writes keras3/<model>.saved_configs.json and
keras2/<model>.saved_configs.json, one compact JSON object holding what the files themselves store (the tests
read the `model.to_json()` output from <model>.config.json):
  - "h5_model_config": the legacy full-model .h5 file's `model_config` attribute (Keras's legacy serialization:
    layers without `module`, `registered_name` or `build_config`; a custom class under its registered name);
  - "h5_training_config": that file's `training_config` attribute (`optimizer_config`, loss, metrics, ...);
  - "keras_config" and "keras_metadata" (Keras 3 only): the `.keras` archive's config.json and metadata.json.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
MODELS = ["mlp", "lenet5", "small_vgg", "resnet", "conv_autoencoder", "siamese", "lambda_double"]


def attribute_json(file, name):
    value = file.attrs.get(name)
    if value is None:
        return None
    return json.loads(value.decode() if isinstance(value, bytes) else value)


def extra_graphs(keras):
    """Graphs whose node numbering differs between Keras 2 and 3: a nested Sequential and a nested functional
    model, each shared by two inputs, both read by the outputs directly; a merge of their outputs."""
    layers = keras.layers
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu")], name="inner")
    x = keras.Input((4,), name="x")
    twin = keras.Model(x, layers.Dense(3, activation="tanh", name="twin_dense")(x), name="twin")
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    shared = layers.Dense(3, name="shared")
    inner_a, inner_b, twin_a = inner(a), inner(b), twin(a)
    merged = layers.Concatenate(name="merged")([inner_a, inner_b, twin_a, shared(twin(b)), shared(inner_a)])
    head = layers.Dense(2, activation="softmax", name="head")(merged)
    return {"nested_shared": keras.Model([a, b], [head, inner_b, twin_a], name="nested_shared")}


def write_extra(version):
    """Writes keras<version>/extra_<name>.config.json: {"to_json": ..., "parameters": ...}."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if version == 2:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tf_keras as keras
    else:
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        import keras
    for name, model in extra_graphs(keras).items():
        path = HERE / f"keras{version}" / f"extra_{name}.config.json"
        content = {"to_json": json.loads(model.to_json()), "parameters": model.count_params(),
                   "output_shapes": [list(t.shape[1:]) for t in model.outputs]}
        path.write_text(json.dumps(content, separators=(",", ":")) + "\n")
        print(f"{path.relative_to(HERE)}: {model.count_params()} parameters")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra-only", type=int, choices=(2, 3))
    args = parser.parse_args()
    if args.extra_only:
        write_extra(args.extra_only)
        return
    import h5py
    for version in (2, 3):
        folder = HERE / f"keras{version}"
        for name in MODELS:
            configs = {}
            with h5py.File(folder / f"{name}.h5", "r") as file:
                configs["h5_model_config"] = attribute_json(file, "model_config")
                configs["h5_training_config"] = attribute_json(file, "training_config")
            if version == 3:
                with zipfile.ZipFile(folder / f"{name}.keras") as archive:
                    configs["keras_config"] = json.loads(archive.read("config.json"))
                    metadata = json.loads(archive.read("metadata.json"))
                    metadata.pop("date_saved", None)
                    configs["keras_metadata"] = metadata
            path = folder / f"{name}.saved_configs.json"
            path.write_text(json.dumps(configs, separators=(",", ":")) + "\n")
            print(f"{path.relative_to(HERE)}: {path.stat().st_size} bytes")
    # Keras 3 and tf-keras must not share a process.
    for version in (3, 2):
        subprocess.run([sys.executable, __file__, "--extra-only", str(version)], check=True)


if __name__ == "__main__":
    main()
