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

import numpy as np
from peer_common import blas_name, parse_args, timed


def main(argv):
    runs, flags, sizes = parse_args(argv)
    values_only = "--values-only" in flags
    rng = np.random.default_rng(12345)
    for n in sizes:
        g = rng.uniform(-1.0, 1.0, (n, n))
        a = (g + g.T) / 2
        big = n >= 3000
        print(json.dumps({
            "n": n,
            # at least 1 s of calls, at most 30; from n = 3000 one call, no warm-up
            "eigh": [] if values_only else timed(lambda: np.linalg.eigh(a), 1 if big else runs, 30, not big),
            "eigvalsh": timed(lambda: np.linalg.eigvalsh(a), 1 if big else runs, 30, not big),
            "numpy": np.__version__,
            "blas": blas_name(),
        }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
