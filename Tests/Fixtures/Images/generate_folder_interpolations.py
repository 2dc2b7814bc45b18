"""Writes resize_methods.json: Keras's image_dataset_from_directory on Tests/Fixtures/Images/folder
with every interpolation Keras's Resizing takes and with crop_to_aspect_ratio, down (5 × 3) and up
(21 × 18), RGB, no shuffle.

Run with the Keras venv: Benchmarks/.venv/bin/python Tests/Fixtures/Images/generate_folder_interpolations.py
(generate_images.py writes the folder; this script only reads it). The tests read the JSON and never need Python.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
folder = os.path.join(here, "folder")
cases = []
for interpolation in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5"):
    for size in ((5, 3), (21, 18)):
        for crop in (False, True):
            ds = keras.utils.image_dataset_from_directory(folder, image_size=size, color_mode="rgb", shuffle=False,
                                                          batch_size=8, interpolation=interpolation,
                                                          crop_to_aspect_ratio=crop, verbose=False)
            x, _ = next(iter(ds))
            x = x.numpy().astype("float32")
            cases.append({"interpolation": interpolation, "height": size[0], "width": size[1],
                          "crop_to_aspect_ratio": crop, "shape": list(x.shape),
                          "values": [round(float(v), 4) for v in x.ravel()]})
with open(os.path.join(here, "resize_methods.json"), "w") as f:
    json.dump({"keras_version": keras.__version__, "cases": cases}, f)
    f.write("\n")
print(f"keras {keras.__version__}: wrote {len(cases)} cases")
