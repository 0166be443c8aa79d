"""numpy peer for bench/gramv.bench.ts: y = X^T (X v) for an m x n float64 X, the matvec a
researcher's eigsh LinearOperator on a sample covariance performs (two BLAS dgemv calls, X read
twice).

Usage: python3 bench/peers/numpy_gramv.py M N [--runs=R]
Prints one JSON object: {"m", "n", "samples" (seconds per call, sorted), "median", "best",
"numpy", "blas"}. The caller sets OPENBLAS_NUM_THREADS=1 (one thread, like the WASM kernel).
"""

import json
import sys

import numpy as np
from peer_common import blas_name, parse_args, timed


def main(argv):
    runs, _, sizes = parse_args(argv, runs=50)
    m, n = sizes[:2] if len(sizes) >= 2 else (2000, 1000)
    rng = np.random.default_rng(7)
    x = rng.uniform(-1.0, 1.0, (m, n))
    v = rng.uniform(-1.0, 1.0, n)
    samples = timed(lambda: x.T @ (x @ v), runs, cap=max(runs, 400))
    print(json.dumps({
        "m": m, "n": n, "samples": samples, "median": samples[len(samples) // 2], "best": samples[0],
        "numpy": np.__version__, "blas": blas_name(),
    }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
