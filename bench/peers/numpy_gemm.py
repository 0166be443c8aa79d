"""numpy GEMM peer for bench/gemm.bench.ts: C = A @ B on n x n float64 matrices.

Usage: python3 bench/peers/numpy_gemm.py 256 512 1024 2048
Prints one JSON object per line: {"n", "samples" (seconds per call), "gflops" (median), "best",
"numpy", "blas"}. The caller sets OPENBLAS_NUM_THREADS=1 (one thread, like the WASM kernels)
and unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for this process only.
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


def main(sizes):
    rng = np.random.default_rng(12345)
    for n in sizes:
        a = rng.uniform(-1.0, 1.0, (n, n))
        b = rng.uniform(-1.0, 1.0, (n, n))
        a @ b  # warm-up: thread pool, page faults of the result
        samples = []
        # at least 5 calls and at least 1 s of calls, at most 50 calls
        start = time.perf_counter()
        while len(samples) < 5 or (time.perf_counter() - start < 1.0 and len(samples) < 50):
            t = time.perf_counter()
            a @ b
            samples.append(time.perf_counter() - t)
        samples.sort()
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
