"""scipy.sparse.linalg.eigs peer for bench/eigs.bench.ts: ARPACK's implicitly restarted Arnoldi
(dnaupd/dneupd) on a LinearOperator whose matvec is a dense numpy product with the n x n matrix
read as raw little-endian float64 row-major bytes from stdin, for each (k, which) given.

Usage: python3 bench/peers/scipy_eigs.py n tol k:which [k:which ...] < matrix.bin
Prints one JSON object: {"n", "runs": [{"k", "which", "seconds", "matvecs", "re", "im"}],
"scipy", "numpy"}. The caller sets OPENBLAS_NUM_THREADS=1.
"""

import json
import sys
import time

import numpy as np
import scipy
from scipy.sparse.linalg import LinearOperator, eigs


def main(argv):
    n = int(argv[0])
    tol = float(argv[1])
    a = np.frombuffer(sys.stdin.buffer.read(), dtype="<f8").reshape(n, n).copy()
    runs = []
    for spec in argv[2:]:
        k, which = spec.split(":")
        k = int(k)
        count = [0]

        def matvec(x):
            count[0] += 1
            return a @ x

        op = LinearOperator((n, n), matvec=matvec, dtype=np.float64)
        v0 = np.ones(n) / np.sqrt(n)
        eigs(op, k=k, which=which, tol=tol, v0=v0)  # warm-up
        count[0] = 0
        t = time.perf_counter()
        w = eigs(op, k=k, which=which, tol=tol, v0=v0, return_eigenvectors=True)[0]
        dt = time.perf_counter() - t
        runs.append({"k": k, "which": which, "seconds": dt, "matvecs": count[0],
                     "re": [float(x) for x in w.real], "im": [float(x) for x in w.imag]})
    print(json.dumps({"n": n, "runs": runs, "scipy": scipy.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main(sys.argv[1:])
