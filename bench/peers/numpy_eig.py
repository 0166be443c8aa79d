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

import numpy as np
from peer_common import blas_name, parse_args, timed


def main(argv):
    runs, _, (n, *_) = parse_args(argv)
    a = np.frombuffer(sys.stdin.buffer.read(), dtype="<f8").reshape(n, n).copy()
    out = {
        "n": n,
        "eig": timed(lambda: np.linalg.eig(a), runs),
        "eigvals": timed(lambda: np.linalg.eigvals(a), runs),
        "numpy": np.__version__,
        "blas": blas_name(),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
