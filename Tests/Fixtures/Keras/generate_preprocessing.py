"""Writes the Keras fixtures of the preprocessing (augmentation) layers.

Run from anywhere (KERAS_BACKEND may stay tensorflow):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/generate_preprocessing.py
It writes
  - layers/preprocessing.<layer name>.json: each layer's entry of a small Sequential model's `layers`
    list, copied out of the `config.json` of the `.keras` archive Keras saves (as
    generate_layer_configs.py does; `shared_object_id` members removed);
  - preprocessing/affine.json: {"cases": [{"kind", "parameter", "transform", "fill_mode", "interpolation",
    "fill_value", "input", "output"}]}: a fixed rotation (degrees), translation (pixels, [dx, dy]) or zoom
    ([zx, zy]) turned into Keras's 8-number transform by the layers' own helpers, applied by
    `keras.ops.image.affine_transform` with every fill mode and interpolation;
  - preprocessing/resizing.json and preprocessing/center_crop.json: {"cases": [{"height", "width", "input", "output"}]}
    from `layers.Resizing` (bilinear) and `layers.CenterCrop`;
  - preprocessing/resizing_modes.json: {"cases": [{"interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio",
    "fill_value", "height", "width", "input", "output"}]} from `layers.Resizing` with every interpolation Keras
    accepts (tf.image.resize, antialias=False), down and up, and with crop_to_aspect_ratio / pad_to_aspect_ratio;
  - preprocessing/center_crop_resize.json: `layers.CenterCrop` cases where the crop is larger than the
    input along an axis (Keras then calls `smart_resize`: the largest centred crop of the target's aspect
    ratio, resized bilinearly).
The tests read these files and never need Python.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fixture_common import HERE, saved_config, tensor, write, write_layers  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, ops  # noqa: E402


def config_model():
    keras.utils.clear_session()
    return keras.Sequential([
        keras.Input((16, 16, 3)),
        layers.Rescaling(1.0 / 255),
        layers.Rescaling(2.0, offset=-1.0),
        layers.RandomFlip(seed=1),
        layers.RandomFlip("horizontal"),
        layers.RandomFlip("vertical", seed=7),
        layers.RandomRotation(0.1, seed=1),
        layers.RandomRotation((-0.2, 0.3), fill_mode="constant", interpolation="nearest", fill_value=0.5),
        layers.RandomTranslation(0.1, 0.1, seed=1),
        layers.RandomTranslation((-0.2, 0.3), 0.25, fill_mode="wrap"),
        layers.RandomZoom(0.1, seed=1),
        layers.RandomZoom((-0.2, 0.3), 0.1, fill_mode="nearest", interpolation="nearest"),
        layers.RandomContrast(0.1, seed=1),
        layers.RandomContrast((0.2, 0.5), value_range=(0, 1)),
        layers.RandomBrightness(0.1, seed=1),
        layers.RandomBrightness((-0.2, 0.3), value_range=(0, 1)),
        layers.Resizing(12, 10),
        layers.CenterCrop(8, 6),
    ], name="preprocessing")


def affine_cases():
    rng = np.random.default_rng(12)
    x = rng.uniform(0, 1, size=(2, 5, 6, 2)).astype(np.float32)
    height, width = 5, 6
    rotation = layers.RandomRotation(0.1)
    translation = layers.RandomTranslation(0.1, 0.1)
    zoom = layers.RandomZoom(0.1)
    transforms = []
    for degrees in (30.0, -75.0):
        zero, one = np.zeros([1], np.float32), np.ones([1], np.float32)
        m = rotation._compute_affine_matrix(0.5, 0.5, ops.convert_to_tensor([degrees], "float32"), zero, zero, one,
                                            zero, zero, height, width)
        transforms.append(("rotation", [degrees], np.asarray(m)[0]))
    for shift in ([2.5, -1.25], [-7.0, 4.0]):
        m = translation._get_translation_matrix(ops.convert_to_tensor([shift], "float32"))
        transforms.append(("translation", shift, np.asarray(m)[0]))
    for factors in ([1.3, 0.8], [0.6, 1.7]):
        m = zoom._get_zoom_matrix(ops.convert_to_tensor([factors], "float32"), height, width)
        transforms.append(("zoom", factors, np.asarray(m)[0]))
    cases = []
    for kind, parameter, transform in transforms:
        for fill_mode in ("reflect", "wrap", "constant", "nearest"):
            for interpolation in ("bilinear", "nearest"):
                fill_value = 0.25 if fill_mode == "constant" else 0.0
                y = ops.image.affine_transform(x, np.tile(transform[None], (2, 1)), interpolation=interpolation,
                                               fill_mode=fill_mode, fill_value=fill_value)
                cases.append({"kind": kind, "parameter": [float(v) for v in parameter],
                              "transform": [float(v) for v in transform], "fill_mode": fill_mode,
                              "interpolation": interpolation, "fill_value": fill_value,
                              "input": tensor(x), "output": tensor(y)})
    return cases


def shape_cases(make, sizes):
    rng = np.random.default_rng(13)
    cases = []
    for (in_h, in_w), (height, width) in sizes:
        x = rng.uniform(0, 1, size=(2, in_h, in_w, 3)).astype(np.float32)
        y = make(height, width)(x)
        cases.append({"height": height, "width": width, "input": tensor(x), "output": tensor(y)})
    return cases


def resizing_mode_cases():
    rng = np.random.default_rng(14)
    sizes = [((7, 5), (3, 4)), ((3, 4), (7, 9)), ((5, 8), (10, 3)), ((9, 6), (4, 4)), ((4, 4), (4, 4))]
    cases = []
    for interpolation in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"):
        for (in_h, in_w), (height, width) in sizes:
            x = rng.uniform(0, 1, size=(2, in_h, in_w, 3)).astype(np.float32)
            for crop, pad, fill in ((False, False, 0.0), (True, False, 0.0), (False, True, 0.5)):
                if (crop or pad) and interpolation not in ("bilinear", "nearest", "bicubic"):
                    continue
                y = layers.Resizing(height, width, interpolation=interpolation, crop_to_aspect_ratio=crop,
                                    pad_to_aspect_ratio=pad, fill_value=fill)(x)
                cases.append({"interpolation": interpolation, "crop_to_aspect_ratio": crop,
                              "pad_to_aspect_ratio": pad, "fill_value": fill, "height": height, "width": width,
                              "input": tensor(x), "output": tensor(y)})
    return cases


def main():
    model = config_model()
    write_layers(saved_config(model), model.name)
    write(HERE / "preprocessing" / "affine.json", {"keras_version": keras.__version__, "cases": affine_cases()})
    write(HERE / "preprocessing" / "resizing.json", {"keras_version": keras.__version__, "cases": shape_cases(
        lambda h, w: layers.Resizing(h, w), [((7, 5), (3, 4)), ((3, 4), (7, 9)), ((6, 6), (6, 6)), ((5, 8), (10, 3))])})
    write(HERE / "preprocessing" / "center_crop.json", {"keras_version": keras.__version__, "cases": shape_cases(
        lambda h, w: layers.CenterCrop(h, w), [((7, 5), (3, 4)), ((6, 8), (5, 3)), ((4, 4), (4, 4))])})
    write(HERE / "preprocessing" / "resizing_modes.json", {"keras_version": keras.__version__,
                                                           "cases": resizing_mode_cases()})
    write(HERE / "preprocessing" / "center_crop_resize.json", {"keras_version": keras.__version__, "cases": shape_cases(
        lambda h, w: layers.CenterCrop(h, w), [((4, 6), (6, 6)), ((5, 3), (4, 6)), ((3, 3), (7, 5)), ((6, 8), (8, 4))])})
    print(f"keras {keras.__version__}: wrote the layers of '{model.name}' and the preprocessing cases")


if __name__ == "__main__":
    main()
