"""scipy peer for bench/tridiagonal.bench.ts: LAPACK dstevd (divide and conquer, dstedc with
COMPZ = 'I') and dstev (implicit QL/QR with vectors, dsteqr) from scipy.linalg.lapack, on the
same seeded tridiagonal as the bench (d and e uniform in [-1, 1], Mulberry32 as in
bench/common.ts seededValues).

Usage: python3 bench/peers/scipy_tridiagonal.py [--runs=R] [--toeplitz] n [n ...]
(--toeplitz: tridiag(-1, 2, -1) instead of the seeded matrix.)
Prints one JSON object per size: {"n", "dstevd", "dstev" (seconds per call, sorted)}. The caller
sets OPENBLAS_NUM_THREADS=1.
"""

import json
import sys
import time

import numpy as np
from scipy.linalg import lapack


def seeded_values(length, seed):
    a = seed & 0xFFFFFFFF
    out = np.empty(length)
    for i in range(length):
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        out[i] = 2 * (((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296) - 1
    return out


def timed(fn, runs):
    t = time.perf_counter()
    fn()  # warm-up; a call over 2 s counts as the only sample
    first = time.perf_counter() - t
    if first > 2.0:
        return [first]
    samples = []
    start = time.perf_counter()
    while len(samples) < runs or (time.perf_counter() - start < 1.0 and len(samples) < 20):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return sorted(samples)


def main(argv):
    runs = 3
    sizes = []
    toeplitz = False
    for arg in argv:
        if arg.startswith("--runs="):
            runs = int(arg.split("=", 1)[1])
        elif arg == "--toeplitz":
            toeplitz = True
        else:
            sizes.append(int(arg))
    for n in sizes:
        if toeplitz:
            d = np.full(n, 2.0)
            e = np.full(n - 1, -1.0)
        else:
            d = seeded_values(n, 1000 + n)
            e = seeded_values(n - 1, 2000 + n)
        out = {"n": n}
        out["dstevd"] = timed(lambda: lapack.dstevd(d, e, compute_v=1), runs)
        out["dstev"] = timed(lambda: lapack.dstev(d, e, compute_v=1), runs)
        info = lapack.dstevd(d, e, compute_v=1)[-1]
        out["info"] = int(info)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
