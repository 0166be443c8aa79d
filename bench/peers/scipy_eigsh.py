"""scipy.sparse.linalg.eigsh peer for bench/eigsh.bench.ts: ARPACK's implicitly restarted Lanczos
(dsaupd/dseupd) on the implicit sample covariance v -> X^T (X v) / n, X read as raw little-endian
float64 row-major bytes (n x d) from stdin; the top k eigenpairs (which = 'LA').

Usage: python3 bench/peers/scipy_eigsh.py n d k tol rounds < X.bin
Prints one JSON object: {"seconds": [...], "matvecs", "values", "scipy", "numpy"}.
The caller sets OPENBLAS_NUM_THREADS=1.
"""

import json
import sys
import time

import numpy as np
import scipy
from scipy.sparse.linalg import LinearOperator, eigsh


def main(argv):
    n, d, k = int(argv[0]), int(argv[1]), int(argv[2])
    tol = float(argv[3])
    rounds = int(argv[4])
    x = np.frombuffer(sys.stdin.buffer.read(), dtype="<f8").reshape(n, d).copy()
    count = [0]

    def matvec(v):
        count[0] += 1
        return x.T @ (x @ v.ravel()) / n

    op = LinearOperator((d, d), matvec=matvec, dtype=np.float64)
    v0 = np.ones(d) / np.sqrt(d)
    seconds = []
    for _ in range(rounds):
        count[0] = 0
        t = time.perf_counter()
        w = eigsh(op, k=k, which="LA", tol=tol, v0=v0, return_eigenvectors=True)[0]
        seconds.append(time.perf_counter() - t)
    print(json.dumps({"seconds": seconds, "matvecs": count[0], "values": sorted(w.tolist()),
                      "scipy": scipy.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main(sys.argv[1:])
