"""Writes classical.json: scikit-learn's results on small fixed problems, which
Tests/DLModelsTests/Classical/ClassicalAgreementTests.swift compares with LinearSVM, LogisticRegression,
KNearestNeighbors and MostFrequentClassifier.

Run from anywhere (it installs nothing; scikit-learn must be in the venv:
`/work/main/Benchmarks/.venv/bin/pip install scikit-learn`):
    /work/main/Benchmarks/.venv/bin/python Tests/Fixtures/KerasFiles/generate_classical.py

Problems: "multiclass" (3 overlapping Gaussian classes in 4 features, 30 training samples, ids 0, 2, 5
so that the ids are not 0..<K) and "binary" (2 overlapping classes in 3 features, 20 samples, ids -1
and 1). Every value is rounded to 2 decimals, so the JSON holds the exact float32 inputs. The linear
models are fitted to convergence (tol 1e-10) so that any exact solver agrees with them; their other
settings are scikit-learn's defaults (C = 1, squared hinge with a penalized intercept for LinearSVC,
L2 multinomial with an unpenalized intercept for LogisticRegression).
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import LinearSVC

HERE = pathlib.Path(__file__).resolve().parent


def problem(rng, classes, features, per_class, queries):
    centers = rng.normal(0, 1.5, size=(len(classes), features))
    x = np.concatenate([c + rng.normal(0, 1.2, size=(per_class, features)) for c in centers])
    y = np.repeat(classes, per_class)
    order = rng.permutation(len(y))
    x, y = np.round(x[order], 2).astype(np.float32), y[order].astype(np.float32)
    q = np.round(rng.normal(0, 2, size=(queries, features)), 2).astype(np.float32)
    return x, y, q


def results(x, y, q):
    x64, q64 = x.astype(np.float64), q.astype(np.float64)   # the exact float32 values, solved in float64
    svm = LinearSVC(C=1.0, tol=1e-10, max_iter=1_000_000).fit(x64, y)
    logistic = LogisticRegression(C=1.0, tol=1e-10, max_iter=100_000).fit(x64, y)
    out = {
        "x": x.tolist(), "y": y.tolist(), "queries": q.tolist(),
        "svm": {"coef": svm.coef_.tolist(), "intercept": svm.intercept_.tolist(),
                "decision": np.atleast_2d(svm.decision_function(q64).T).T.reshape(len(q), -1).tolist(),
                "predict": svm.predict(q64).tolist(), "train_predict": svm.predict(x64).tolist()},
        "logistic": {"coef": logistic.coef_.tolist(), "intercept": logistic.intercept_.tolist(),
                     "proba": logistic.predict_proba(q64).tolist(), "predict": logistic.predict(q64).tolist(),
                     "train_predict": logistic.predict(x64).tolist()},
        "dummy": {"predict": DummyClassifier().fit(x, y).predict(q).tolist()},
    }
    for k in (1, 3, 5):
        knn = KNeighborsClassifier(n_neighbors=k).fit(x, y)
        distances, indices = knn.kneighbors(q)
        out[f"knn{k}"] = {"predict": knn.predict(q).tolist(), "distances": distances.tolist(),
                          "indices": indices.tolist()}
    return out


def main():
    rng = np.random.default_rng(10)
    fixture = {
        "sklearn_version": sklearn.__version__,
        "multiclass": results(*problem(rng, [0, 2, 5], 4, 10, 12)),
        "binary": results(*problem(rng, [-1, 1], 3, 10, 8)),
    }
    (HERE / "classical.json").write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {HERE / 'classical.json'}")


if __name__ == "__main__":
    main()
