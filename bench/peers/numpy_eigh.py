"""numpy symmetric eigensolver peer for bench/eigh.bench.ts: numpy.linalg.eigh (LAPACK dsyevd:
dsytrd + dstedc + dormtr) and numpy.linalg.eigvalsh (dsyevd without vectors: dsytrd + dsterf)
on a seeded n x n symmetric matrix with entries uniform in [-1, 1].

Usage: python3 bench/peers/numpy_eigh.py [--values-only] [--runs=R] n [n ...]
Prints one JSON object per size: {"n", "eigh" (seconds per call, or [] with --values-only),
"eigvalsh", "numpy", "blas"}. The caller sets OPENBLAS_NUM_THREADS=1 (one thread, like the WASM
kernels) and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for this process only.
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
    except Exception:  # older numpy: no dict mode
        return "unknown"


def timed(fn, a, runs, warm=True):
    """Seconds per call: at least `runs` calls, and at least 1 s of calls (at most 30)."""
    if warm:
        fn(a)  # warm-up: workspace queries, page faults
    samples = []
    start = time.perf_counter()
    while len(samples) < runs or (time.perf_counter() - start < 1.0 and len(samples) < 30):
        t = time.perf_counter()
        fn(a)
        samples.append(time.perf_counter() - t)
    return sorted(samples)


def main(argv):
    values_only = "--values-only" in argv
    runs = 3
    sizes = []
    for arg in argv:
        if arg.startswith("--runs="):
            runs = int(arg.split("=", 1)[1])
        elif not arg.startswith("--"):
            sizes.append(int(arg))
    rng = np.random.default_rng(12345)
    for n in sizes:
        g = rng.uniform(-1.0, 1.0, (n, n))
        a = (g + g.T) / 2
        big = n >= 3000
        print(json.dumps({
            "n": n,
            "eigh": [] if values_only else timed(np.linalg.eigh, a, 1 if big else runs, not big),
            "eigvalsh": timed(np.linalg.eigvalsh, a, 1 if big else runs, not big),
            "numpy": np.__version__,
            "blas": blas_name(),
        }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
