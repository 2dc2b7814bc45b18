"""What the Keras fixture generators of this folder share (generate_batchnorm.py, generate_depthwise.py,
generate_layer_configs.py, generate_merges.py, generate_preprocessing.py, generate_recurrent.py,
generate_upsampling.py).

A generator imports it by its own folder's path, before Keras:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    from fixture_common import HERE, saved_config, tensor, write, write_layers  # noqa: E402
Importing it selects the TensorFlow backend (unless KERAS_BACKEND says otherwise) and silences
TensorFlow's C++ log, then imports Keras.
"""
import json
import os
import pathlib
import tempfile
import zipfile

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: F401, E402  (imported here so that the settings above come first)

HERE = pathlib.Path(__file__).resolve().parent


def strip_shared_ids(value):
    """`value` without its `shared_object_id` members (Python object ids Keras adds to shared
    DTypePolicy objects, different on every run), at any depth."""
    if isinstance(value, dict):
        return {k: strip_shared_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [strip_shared_ids(v) for v in value]
    return value


def write(path, value):
    """Writes `value` to `path` as JSON (indent 1, sorted keys, a final newline), making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")


def tensor(values):
    """`values` as float32, in the fixtures' form: {"shape": [...], "values": [flat, row-major]}."""
    values = np.asarray(values, dtype=np.float32)
    return {"shape": list(values.shape), "values": [float(v) for v in values.reshape(-1)]}


def saved_config(model):
    """The `config.json` of `model` saved as a `.keras` archive (Keras's full serialization), without
    `shared_object_id`s."""
    with tempfile.TemporaryDirectory() as folder:
        archive = pathlib.Path(folder) / f"{model.name}.keras"
        model.save(archive)
        with zipfile.ZipFile(archive) as files:
            return strip_shared_ids(json.loads(files.read("config.json")))


def write_layers(config, prefix, keep=lambda entry: True):
    """Writes each entry of `config`'s `layers` list that `keep` accepts to layers/<prefix>.<layer name>.json
    ({"module", "class_name", "config", "registered_name", "build_config"}): the config fixture tests read
    every file there."""
    for entry in config["config"]["layers"]:
        if keep(entry):
            write(HERE / "layers" / f"{prefix}.{entry['config']['name']}.json", entry)
