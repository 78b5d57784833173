"""scikit-learn's MLPClassifier on Fashion-MNIST with its own protocol (bench/sklearn.ts).

Argument: the data directory and the epochs. Standardises the pixels with
StandardScaler fitted on the training set, trains MLPClassifier(100 hidden
ReLU units, Adam 1e-3, batch 200, alpha 1e-4) for exactly that many epochs
(no early stop) and writes one JSON line: fit seconds, test accuracy, dtype,
and the threads OpenBLAS runs a product on (asked of the mapped library).
"""

import ctypes
import gzip
import json
import os
import sys
import time
import warnings


def idx(np, path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(np, directory, name):
    for suffix in (".gz", ""):
        path = os.path.join(directory, name + suffix)
        if os.path.exists(path):
            return idx(np, path)
    raise FileNotFoundError(name)


def main():
    directory, epochs = sys.argv[1], int(sys.argv[2])
    try:
        import numpy as np
        import sklearn
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
        from sklearn.preprocessing import StandardScaler
    except ImportError as e:
        print(json.dumps({"skip": f"scikit-learn: {e.msg} (install python3-sklearn)"}))
        return
    x_train = load(np, directory, "train-images-idx3-ubyte").reshape(-1, 784).astype(np.float64)
    y_train = load(np, directory, "train-labels-idx1-ubyte")
    x_test = load(np, directory, "t10k-images-idx3-ubyte").reshape(-1, 784).astype(np.float64)
    y_test = load(np, directory, "t10k-labels-idx1-ubyte")
    scaler = StandardScaler().fit(x_train)
    x_train = scaler.transform(x_train).astype(np.float32)
    x_test = scaler.transform(x_test).astype(np.float32)
    clf = MLPClassifier(
        hidden_layer_sizes=(100,),
        activation="relu",
        solver="adam",
        alpha=1e-4,
        batch_size=200,
        learning_rate_init=1e-3,
        max_iter=epochs,
        shuffle=True,
        random_state=0,
        tol=0.0,
        n_iter_no_change=epochs + 1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        clf.fit(x_train, y_train)
        seconds = time.perf_counter() - t0
    accuracy = float((clf.predict(x_test) == y_test).mean())
    blas_threads = "?"
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line})
    for path in paths:
        try:
            blas_threads = f"OpenBLAS {ctypes.CDLL(path).openblas_get_num_threads()} per product"
            break
        except (OSError, AttributeError):
            continue
    print(
        json.dumps(
            {
                "library": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
                "seconds": seconds,
                "epochs": clf.n_iter_,
                "accuracy": accuracy,
                "dtype": str(clf.coefs_[0].dtype),
                "threads": f"{blas_threads}, elementwise and Adam 1",
            }
        )
    )


main()
