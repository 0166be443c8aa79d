"""numpy nonsymmetric eigensolver peer for bench/eig.bench.ts: numpy.linalg.eig (LAPACK dgeev:
dgebal + dgehrd + dorghr + dhseqr + dtrevc3 + dgebak) and numpy.linalg.eigvals (dgeev without
vectors) on the n x n matrix given as raw little-endian float64 row-major bytes on stdin (so the
peer sees the very matrix spikelab does).

Usage: python3 bench/peers/numpy_eig.py n [--runs=R] < matrix.bin
Prints one JSON object: {"n", "eig" (seconds per call), "eigvals", "numpy", "blas"}. The caller
sets OPENBLAS_NUM_THREADS=1 (one thread, like the WASM kernels).
"""

import json
import sys
import time

import numpy as np


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:
        return "unknown"


def timed(fn, a, runs):
    fn(a)  # warm-up
    samples = []
    start = time.perf_counter()
    while len(samples) < runs or (time.perf_counter() - start < 1.0 and len(samples) < 20):
        t = time.perf_counter()
        fn(a)
        samples.append(time.perf_counter() - t)
    return sorted(samples)


def main(argv):
    n = int([a for a in argv if not a.startswith("--")][0])
    runs = 3
    for arg in argv:
        if arg.startswith("--runs="):
            runs = int(arg.split("=", 1)[1])
    a = np.frombuffer(sys.stdin.buffer.read(), dtype="<f8").reshape(n, n).copy()
    out = {
        "n": n,
        "eig": timed(np.linalg.eig, a, runs),
        "eigvals": timed(np.linalg.eigvals, a, runs),
        "numpy": np.__version__,
        "blas": blas_name(),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
