"""The numpy/scipy script a researcher would write for spikelab's default BBP sweep (issue #21):
spiked covariance, n samples of N(0, I + theta v v^T) in d = gamma n dimensions, a grid of theta
times a number of seeds, each instance's top two eigenpairs of X^T X / n by scipy's eigsh (ARPACK)
on a LinearOperator (never forming the d x d matrix), k = 2, which = 'LA', tol 1e-8, one process
per core (multiprocessing.Pool), one BLAS thread per process. Records the top eigenvalue, the
second (the empirical bulk edge) and the squared overlap of the top eigenvector with v.

Usage: python3 bench/peers/scipy_bbp_sweep.py --n 2000 --gamma 0.5 --grid 0.1:2.5:0.1 --seeds 3 --processes 2
Prints one JSON object: {"seconds" (wall, pool started before timing), "tasks", "records": [...]}.
"""

import argparse
import json
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from multiprocessing import Pool  # noqa: E402
from scipy.sparse.linalg import LinearOperator, eigsh  # noqa: E402
from peer_common import grid  # noqa: E402


def instance(task):
    theta, seed, n, d = task
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(d)
    v /= np.linalg.norm(v)
    x = rng.standard_normal((n, d))
    # rows ~ N(0, I + theta v v^T): x <- x + (sqrt(1 + theta) - 1) (x v) v^T
    x += np.outer((np.sqrt(1.0 + theta) - 1.0) * (x @ v), v)
    op = LinearOperator((d, d), matvec=lambda u: x.T @ (x @ u.ravel()) / n, dtype=np.float64)
    w, vecs = eigsh(op, k=2, which="LA", tol=1e-8)
    order = np.argsort(w)[::-1]
    top = vecs[:, order[0]]
    return {"theta": theta, "seed": seed, "top": float(w[order[0]]), "edge": float(w[order[1]]),
            "overlap": float((top @ v) ** 2)}


def warm(_):
    return instance((1.0, 12345, 200, 100))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--gamma", type=float, default=0.5)
    p.add_argument("--grid", default="0.1:2.5:0.1")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--processes", type=int, default=2)
    a = p.parse_args()
    d = max(2, round(a.gamma * a.n))
    tasks = [(theta, 1000 * i + s, a.n, d) for i, theta in enumerate(grid(a.grid)) for s in range(a.seeds)]
    with Pool(a.processes) as pool:
        pool.map(warm, range(a.processes))
        t = time.perf_counter()
        records = pool.map(instance, tasks, chunksize=1)
        seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "tasks": len(tasks), "n": a.n, "d": d, "records": records}))


if __name__ == "__main__":
    main()
