"""Keras 3's side of the one-shot verification check (Tests/DLModelsTests/EndToEnd/OneShotVerificationTests.swift).

Run from anywhere (it takes a few minutes on 2 cores):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/Keras/oneshot_keras.py
It writes siamese/oneshot_keras.json, which the Swift test prints beside its own numbers.

The protocol, the same on both sides (only the random draws differ):
  1. Fashion-MNIST, pixels / 255, images [N, 28, 28, 1]. Training pairs come from the training split's
     classes 0-5 only; classes 6-9 of the test split are never seen in training.
  2. 30,000 training pairs, alternately same class (label 1: a class drawn uniformly, two different
     images of it) and different classes (label 0: two distinct classes drawn uniformly, an image of
     each), as SwiftDL's SiamesePairs makes them.
  3. The small Siamese network of Zoo.siameseSmall: a twin model named "twin", Conv2D(32, 5, relu) -
     MaxPooling2D - Conv2D(64, 3, relu) - MaxPooling2D - Flatten - Dense(128, sigmoid), called on both
     inputs, the L1 distance |a - b|, Dense(1, sigmoid); Keras's default initializers.
     Adam (learning rate 0.001), binary cross-entropy, batch 128, 2 epochs, shuffled.
  4. 1,000 4-way one-shot episodes from the test split's classes 6-9, as SwiftDL's oneShotTrials
     makes them: 4 distinct classes in random order, one support image of each, and a query: another
     image of the class of a random answer. Each episode is scored three ways on the same images:
     the similarity head (the support image with the highest predicted similarity to the query),
     nearest neighbour in the twin's embedding (smallest L1 distance) and nearest neighbour in pixel
     space (smallest L1 distance between the raw images).
  5. Verification: ROC AUC over 2,000 held-out pairs (classes 6-9 of the test split, made like the
     training pairs) of the head's similarity, of minus the embedding's L1 distance and of minus the
     pixels' L1 distance.
"""
import gzip
import json
import os
import pathlib
import sys
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
    os.environ.setdefault(_name, "2")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent / "siamese"
DATA_DIRS = (os.path.join(os.environ.get("DL_DATASETS", ""), "fashion-mnist"), "/usr/share/datasets/fashion-mnist")
TRAIN_CLASSES, TEST_CLASSES = list(range(6)), list(range(6, 10))
PAIRS, EPOCHS, BATCH_SIZE = 30_000, 2, 128
WAYS, EPISODES, AUC_PAIRS = 4, 1_000, 2_000
SEED = 42


def load(name, offset):
    for directory in DATA_DIRS:
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with gzip.open(path, "rb") as file:
                return np.frombuffer(file.read(), np.uint8, offset=offset)
    sys.exit(f"{name} not found in {DATA_DIRS}: apt-get install dataset-fashion-mnist")


def split(prefix, classes):
    x = load(f"{prefix}-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28, 1).astype("float32") / 255
    y = load(f"{prefix}-labels-idx1-ubyte.gz", 8).astype("int64")
    keep = np.isin(y, classes)
    return x[keep], y[keep]


def make_pairs(y, count, rng):
    """Alternately a same-class pair (label 1) and a different-class pair (label 0), as indices into y."""
    by_class = {c: np.flatnonzero(y == c) for c in np.unique(y)}
    classes = sorted(by_class)
    left, right, labels = np.empty(count, int), np.empty(count, int), np.empty(count, "float32")
    for i in range(count):
        if i % 2 == 0:
            members = by_class[classes[rng.integers(len(classes))]]
            left[i], right[i] = rng.choice(members, 2, replace=False)
            labels[i] = 1
        else:
            first, second = rng.choice(len(classes), 2, replace=False)
            left[i] = rng.choice(by_class[classes[first]])
            right[i] = rng.choice(by_class[classes[second]])
            labels[i] = 0
    return left, right, labels


def make_episodes(y, ways, count, rng):
    """Support indices [count, ways] (one image of each of `ways` distinct classes), query indices and answers."""
    by_class = {c: np.flatnonzero(y == c) for c in np.unique(y)}
    classes = sorted(by_class)
    support, query, answer = np.empty((count, ways), int), np.empty(count, int), np.empty(count, int)
    for e in range(count):
        chosen = rng.choice(classes, ways, replace=False)
        answer[e] = rng.integers(ways)
        for k, c in enumerate(chosen):
            support[e, k] = rng.choice(by_class[c])
        members = by_class[chosen[answer[e]]]
        query[e] = rng.choice(members[members != support[e, answer[e]]])
    return support, query, answer


def siamese_small(input_shape=(28, 28, 1), embedding=128):
    image = keras.Input(input_shape)
    h = layers.Conv2D(32, 5, activation="relu")(image)
    h = layers.MaxPooling2D()(h)
    h = layers.Conv2D(64, 3, activation="relu")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Flatten()(h)
    twin = keras.Model(image, layers.Dense(embedding, activation="sigmoid")(h), name="twin")
    left, right = keras.Input(input_shape, name="left"), keras.Input(input_shape, name="right")
    distance = layers.Lambda(lambda t: keras.ops.abs(t[0] - t[1]), name="l1_distance")([twin(left), twin(right)])
    return keras.Model([left, right], layers.Dense(1, activation="sigmoid")(distance), name="siamese_small"), twin


def roc_auc(scores, labels):
    """The probability that a same pair scores above a different one (ties count half): Mann-Whitney."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def l1(a, b):
    return np.abs(a.reshape(len(a), -1) - b.reshape(len(b), -1)).sum(axis=1)


def main():
    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(SEED)
    x_train, y_train = split("train", TRAIN_CLASSES)
    x_test, y_test = split("t10k", TEST_CLASSES)
    left, right, labels = make_pairs(y_train, PAIRS, rng)
    model, twin = siamese_small()
    model.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy", metrics=["accuracy"])
    start = time.time()
    history = model.fit([x_train[left], x_train[right]], labels, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=2)
    train_s = time.time() - start

    support, query, answer = make_episodes(y_test, WAYS, EPISODES, rng)
    queries, supports = np.repeat(query, WAYS), support.reshape(-1)
    similarity = model.predict([x_test[queries], x_test[supports]], batch_size=256, verbose=0).reshape(EPISODES, WAYS)
    embeddings = twin.predict(x_test, batch_size=256, verbose=0)
    embedding_distance = l1(embeddings[queries], embeddings[supports]).reshape(EPISODES, WAYS)
    pixel_distance = l1(x_test[queries], x_test[supports]).reshape(EPISODES, WAYS)
    accuracy = {
        "head": float(np.mean(similarity.argmax(axis=1) == answer)),
        "embedding": float(np.mean(embedding_distance.argmin(axis=1) == answer)),
        "pixels": float(np.mean(pixel_distance.argmin(axis=1) == answer)),
    }

    a, b, same = make_pairs(y_test, AUC_PAIRS, rng)
    auc = {
        "head": roc_auc(model.predict([x_test[a], x_test[b]], batch_size=256, verbose=0).reshape(-1), same),
        "embedding": roc_auc(-l1(embeddings[a], embeddings[b]), same),
        "pixels": roc_auc(-l1(x_test[a], x_test[b]), same),
    }
    results = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "protocol": {"train_classes": TRAIN_CLASSES, "test_classes": TEST_CLASSES, "pairs": PAIRS,
                     "epochs": EPOCHS, "batch_size": BATCH_SIZE, "ways": WAYS, "episodes": EPISODES,
                     "auc_pairs": AUC_PAIRS, "seed": SEED},
        "train_seconds": round(train_s, 1),
        "history": {k: [float(v) for v in values] for k, values in history.history.items()},
        "one_shot_accuracy": accuracy,
        "verification_auc": auc,
    }
    HERE.mkdir(exist_ok=True)
    (HERE / "oneshot_keras.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
