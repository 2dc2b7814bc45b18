"""Writes the image fixtures of Tests/DLDataTests/Images and their reference pixels (expected.json).

Run with the Keras venv: Benchmarks/.venv/bin/python Tests/Fixtures/Images/generate_images.py
References: Pillow's decoded arrays for 8-bit PNG and JPEG (Pillow's libjpeg-turbo, accurate IDCT;
grayscale JPEG output through libjpeg's own colour conversion with Image.draft('L')); TensorFlow's
decode_png for 16-bit PNG (high byte) and RGB-to-gray; tf.image.resize (bilinear) and Keras's
image_dataset_from_directory for resizing and file order.
"""
import io, json, os, shutil, struct, tempfile, zlib
import numpy as np
from PIL import Image
import tensorflow as tf
import keras
from keras.src.utils import dataset_utils

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(12)
expected = {}

def record(name, array):
    array = np.asarray(array)
    expected[name] = {"shape": list(array.shape), "values": array.ravel().tolist()}

def smooth(h, w, c):
    """A smooth random image (JPEG-friendly) as uint8."""
    y, x = np.mgrid[0:h, 0:w]
    chans = [np.clip(128 + 90 * np.sin(x / (2 + k) + y / (3 + k) + k) + rng.randint(-20, 20, (h, w)), 0, 255) for k in range(c)]
    return np.stack(chans, -1).astype(np.uint8)

def png16(path, array):
    """A 16-bit PNG written by hand (Pillow cannot write 16-bit RGB)."""
    h, w = array.shape[:2]
    c = 1 if array.ndim == 2 else array.shape[2]
    color = {1: 0, 3: 2}[c]
    raw = b"".join(b"\0" + array[r].astype(">u2").tobytes() for r in range(h))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, color, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)
    return data

# PNG, 8-bit: gray, RGB, RGBA; 16-bit: gray, RGB.
gray = rng.randint(0, 256, (5, 7), dtype=np.uint8)
rgb = rng.randint(0, 256, (6, 4, 3), dtype=np.uint8)
rgba = rng.randint(0, 256, (3, 5, 4), dtype=np.uint8)
for name, array in [("gray8.png", gray), ("rgb8.png", rgb), ("rgba8.png", rgba)]:
    Image.fromarray(array).save(os.path.join(here, name))
    record(name, np.asarray(Image.open(os.path.join(here, name))).reshape(array.shape[0], array.shape[1], -1))
gray16 = rng.randint(0, 65536, (4, 6)).astype(np.uint16)
gray16[0, :6] = [0, 255, 256, 32767, 32768, 65535]
rgb16 = rng.randint(0, 65536, (3, 5, 3)).astype(np.uint16)
for name, array in [("gray16.png", gray16), ("rgb16.png", rgb16)]:
    data = png16(os.path.join(here, name), array)
    decoded = tf.io.decode_png(data).numpy()
    assert decoded.dtype == np.uint8 and (decoded.reshape(array.shape) == (array >> 8)).all()
    record(name, decoded)

# RGB to gray as TensorFlow's decode_png(channels=1), on many colours.
colors = rng.randint(0, 256, (16, 16, 3), dtype=np.uint8)
Image.fromarray(colors).save(os.path.join(here, "colors.png"))
record("colors.png:gray", tf.io.decode_png(open(os.path.join(here, "colors.png"), "rb").read(), channels=1).numpy())

# JPEG: baseline and progressive, gray and RGB (quality 90, 4:2:0 for colour).
for name, array, progressive in [("gray.jpg", smooth(9, 13, 1)[..., 0], False), ("rgb.jpg", smooth(10, 12, 3), False),
                                  ("gray_progressive.jpg", smooth(8, 11, 1)[..., 0], True),
                                  ("rgb_progressive.jpg", smooth(17, 15, 3), True)]:
    path = os.path.join(here, name)
    Image.fromarray(array).save(path, quality=90, progressive=progressive)
    image = Image.open(path)
    record(name, np.asarray(image).reshape(image.size[1], image.size[0], -1))
    if image.mode == "RGB":
        image = Image.open(path)
        image.draft("L", image.size)
        record(name + ":gray", np.asarray(image).reshape(image.size[1], image.size[0], 1))
    # TensorFlow's decode_jpeg (its default fast IDCT), to state how far it is from libjpeg's accurate one.
    tf_pixels = tf.io.decode_jpeg(open(path, "rb").read()).numpy().astype(int)
    reference = np.array(expected[name]["values"]).reshape(tf_pixels.shape)
    expected[name + ":tfMaxDifference"] = {"shape": [], "values": [int(np.abs(tf_pixels - reference).max())]}

# tf.image.resize (bilinear, half-pixel centers), down and up, of the 8-bit RGB image.
for h, w in [(3, 9), (11, 2), (6, 4)]:
    record(f"rgb8.png:resize{h}x{w}", tf.image.resize(rgb.astype(np.float32), (h, w)).numpy())

# Keras's image_dataset_from_directory on a folder of PNGs, no shuffle: pixels after decode + resize.
folder = os.path.join(here, "folder")
shutil.rmtree(folder, ignore_errors=True)
for cls, files in [("b_class", ["rgb8.png", "gray8.png"]), ("a_class", ["rgba8.png", "colors.png"])]:
    os.makedirs(os.path.join(folder, cls))
    for f in files:
        shutil.copy(os.path.join(here, f), os.path.join(folder, cls, f))
for mode in ["rgb", "grayscale"]:
    ds = keras.utils.image_dataset_from_directory(folder, image_size=(5, 3), color_mode=mode, shuffle=False, batch_size=8)
    x, y = next(iter(ds))
    record(f"folder:{mode}:x", x.numpy())
    record(f"folder:{mode}:y", y.numpy())

# Keras's file order: shuffle with a seed, then split (names only; the test writes the files).
tree = {"zebra": [f"z{i:02d}.png" for i in range(7)], "ant": [f"img_{i}.jpg" for i in range(11)],
        "Moth": ["B.png", "a.png", "C.jpeg", "b.PNG"], "cat": [f"{i}.png" for i in range(1, 13)]}
order = {"tree": tree, "cases": []}
with tempfile.TemporaryDirectory() as tmp:
    for cls, names in tree.items():
        os.makedirs(os.path.join(tmp, cls))
        for n in names:
            open(os.path.join(tmp, cls, n), "wb").close()
    for seed, split in [(1, 0.2), (1337, 0.25), (42, 0.3), (7, None)]:
        paths, labels, classes = dataset_utils.index_directory(tmp, "inferred", formats=(".bmp", ".gif", ".jpeg", ".jpg", ".png"),
                                                               shuffle=True, seed=seed)
        case = {"seed": seed, "classNames": classes}
        if split is None:
            case["all"] = [os.path.relpath(p, tmp) for p in paths]
        else:
            for subset in ["training", "validation"]:
                p, l = dataset_utils.get_training_or_validation_split(paths, labels, split, subset)
                case[subset] = [os.path.relpath(q, tmp) for q in p]
                case[subset + "Labels"] = [int(v) for v in l]
            case["validationSplit"] = split
        order["cases"].append(case)
with open(os.path.join(here, "keras_order.json"), "w") as f:
    json.dump(order, f, indent=1)
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(expected, f)
print({k: v["values"] for k, v in expected.items() if k.endswith("tfMaxDifference")})
