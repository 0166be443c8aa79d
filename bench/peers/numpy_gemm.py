"""numpy GEMM peer for bench/gemm.bench.ts: C = A @ B on n x n float64 matrices.

Usage: python3 bench/peers/numpy_gemm.py 256 512 1024 2048
Prints one JSON object per line: {"n", "samples" (seconds per call), "gflops" (median), "best",
"numpy", "blas"}. The caller sets OPENBLAS_NUM_THREADS=1 (one thread, like the WASM kernels)
and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for this process only.
"""

import json
import sys

import numpy as np
from peer_common import blas_name, timed


def main(sizes):
    rng = np.random.default_rng(12345)
    for n in sizes:
        a = rng.uniform(-1.0, 1.0, (n, n))
        b = rng.uniform(-1.0, 1.0, (n, n))
        # one warm-up call (thread pool, page faults of the result), then at least 5 calls and
        # at least 1 s of calls, at most 50
        samples = timed(lambda: a @ b, 5, 50)
        med = samples[len(samples) // 2]
        flops = 2.0 * n ** 3
        print(json.dumps({
            "n": n,
            "samples": samples,
            "gflops": flops / med / 1e9,
            "best": flops / samples[0] / 1e9,
            "numpy": np.__version__,
            "blas": blas_name(),
        }), flush=True)


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [256, 512, 1024])
