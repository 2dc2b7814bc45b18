"""Extracts the model configurations stored inside the committed Keras files, for SwiftDL's configuration tests.

Needs only h5py (no TensorFlow, no Keras); installs nothing. Run it after generate_keras_files.py:

    Benchmarks/.venv/bin/python Tests/Fixtures/KerasFiles/generate_model_configs.py

For each model of generate_keras_files.py, writes keras3/<model>.saved_configs.json and
keras2/<model>.saved_configs.json, one compact JSON object holding what the files themselves store (the tests
read the `model.to_json()` output from <model>.config.json):
  - "h5_model_config": the legacy full-model .h5 file's `model_config` attribute (Keras's legacy serialization:
    layers without `module`, `registered_name` or `build_config`; a custom class under its registered name);
  - "h5_training_config": that file's `training_config` attribute (`optimizer_config`, loss, metrics, ...);
  - "keras_config" and "keras_metadata" (Keras 3 only): the `.keras` archive's config.json and metadata.json.
"""
import json
import pathlib
import zipfile

import h5py

HERE = pathlib.Path(__file__).resolve().parent
MODELS = ["mlp", "lenet5", "small_vgg", "resnet", "conv_autoencoder", "siamese", "lambda_double"]


def attribute_json(file, name):
    value = file.attrs.get(name)
    if value is None:
        return None
    return json.loads(value.decode() if isinstance(value, bytes) else value)


def main():
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


if __name__ == "__main__":
    main()
