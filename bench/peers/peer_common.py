"""Shared pieces of the numpy/scipy peers (bench/peers/*.py): the BLAS numpy links, one timing
loop, and the command line of the peers that take sizes and --runs=R. A peer runs as
`python3 bench/peers/<name>.py`, so this folder is on sys.path and `import peer_common` finds it.
"""

import time

import numpy as np


def blas_name():
    """The BLAS numpy was built with, e.g. 'scipy-openblas 0.3.27', or 'unknown'."""
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no dict mode
        return "unknown"


def timed(call, runs, cap=20, warm=True, long_call=None):
    """Seconds per call of call(), sorted: at least `runs` calls, and more until 1 s of calls
    (at most `cap`). warm: one uncounted call first (workspace queries, page faults); with
    long_call, a warm-up call longer than that many seconds is returned as the only sample."""
    if warm:
        t = time.perf_counter()
        call()
        first = time.perf_counter() - t
        if long_call is not None and first > long_call:
            return [first]
    samples = []
    start = time.perf_counter()
    while len(samples) < runs or (time.perf_counter() - start < 1.0 and len(samples) < cap):
        t = time.perf_counter()
        call()
        samples.append(time.perf_counter() - t)
    return sorted(samples)


def parse_args(argv, runs=3):
    """(runs from --runs=R or the default, the set of other --flags, the positional integers)."""
    flags = set()
    sizes = []
    for arg in argv:
        if arg.startswith("--runs="):
            runs = int(arg.split("=", 1)[1])
        elif arg.startswith("--"):
            flags.add(arg)
        else:
            sizes.append(int(arg))
    return runs, flags, sizes


def grid(text):
    """The values of a grid written start:stop:step, as spikelab's CLI reads it (rounded to 1e-10)."""
    lo, hi, step = (float(s) for s in text.split(":"))
    count = int(round((hi - lo) / step)) + 1
    return [round(lo + i * step, 10) for i in range(count)]
