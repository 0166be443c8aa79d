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

import numpy as np
from peer_common import parse_args, timed
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


def main(argv):
    runs, flags, sizes = parse_args(argv)
    toeplitz = "--toeplitz" in flags
    for n in sizes:
        if toeplitz:
            d = np.full(n, 2.0)
            e = np.full(n - 1, -1.0)
        else:
            d = seeded_values(n, 1000 + n)
            e = seeded_values(n - 1, 2000 + n)
        out = {"n": n}
        # a warm-up call over 2 s counts as the only sample
        out["dstevd"] = timed(lambda: lapack.dstevd(d, e, compute_v=1), runs, long_call=2.0)
        out["dstev"] = timed(lambda: lapack.dstev(d, e, compute_v=1), runs, long_call=2.0)
        info = lapack.dstevd(d, e, compute_v=1)[-1]
        out["info"] = int(info)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
