"""The numpy/scipy script a researcher would write for spikelab's default LAMP sweep (issue #21):
the index model y = sign(z1 z2), z = W*^T x, x ~ N(0, I_d / d), W* = sqrt(d) times a Haar d x 2
frame, n = round(alpha d) samples, a grid of alpha times a number of seeds; each instance's k = 3
eigenvalues of largest real part of the asymmetric LAMP matrix
L = (I_2 (x) (X X^T - I_n)) G_hat (Maillard et al. 2022; Defilippis et al. 2025) by scipy's eigs
(ARPACK) on a LinearOperator (never forming the 2n x 2n matrix), which = 'LR', tol 1e-8, one
process per core (multiprocessing.Pool), one BLAS thread per process.

The operator is spikelab's (src/estimators/lampOperator.ts): on Omega (n x 2, row-major vec),
Gamma_i = G(y_i) omega_i and L vec(Omega) = vec(X (X^T Gamma) - Gamma). For sign(z1 z2),
E[z z^T | y] = [[1, 2y/pi], [2y/pi, 1]] (src/estimators/multiIndexLinks.ts), so G(y) = E[z z^T | y]
- I = (2y/pi) [[0, 1], [1, 0]]: Gamma_i = (2 y_i / pi) (omega_i2, omega_i1).

Records, as `spikelab lamp` does: the top two real parts (the predicted outliers of multiplicity
p = 2), the third (the instance's bulk edge), and the overlap m^2 = ||W^T W*||_F^2 / (d ||W||_F^2)
of the estimate W = X^T mat(G_hat Re omega_1) (d x 2) with W*; also the operator applications.

Usage: python3 bench/peers/scipy_lamp_sweep.py --d 600 --grid 0.5:5:0.5 --seeds 3 --processes 2 [--tol 1e-8]
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
from scipy.sparse.linalg import LinearOperator, eigs  # noqa: E402
from peer_common import grid  # noqa: E402

P = 2  # sign(z1 z2) has two indices
K = P + 1  # the p outliers and the bulk edge


def instance(task):
    alpha, seed, d, tol = task
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((d, P)))
    w_star = np.sqrt(d) * q * np.sign(np.diag(r))  # Haar frame times sqrt(d)
    n = max(1, round(alpha * d))
    x = rng.standard_normal((n, d)) / np.sqrt(d)
    z = x @ w_star
    y = np.where(z[:, 0] * z[:, 1] >= 0, 1.0, -1.0)
    c = 2.0 * y / np.pi  # G(y_i) = c_i [[0, 1], [1, 0]]

    def gamma(omega):
        om = omega.reshape(n, P)
        return c[:, None] * om[:, ::-1]

    applications = [0]

    def matvec(omega):
        applications[0] += 1
        g = gamma(omega.ravel())
        return (x @ (x.T @ g) - g).ravel()

    op = LinearOperator((n * P, n * P), matvec=matvec, dtype=np.float64)
    w, vecs = eigs(op, k=K, which="LR", tol=tol)
    order = np.argsort(-w.real, kind="stable")
    est = x.T @ gamma(vecs[:, order[0]].real)  # d x 2
    overlap = np.linalg.norm(est.T @ w_star) ** 2 / (d * np.linalg.norm(est) ** 2)
    return {"alpha": alpha, "seed": seed, "n": n, "top": [float(w[order[j]].real) for j in range(P)],
            "edge": float(w[order[P]].real), "overlap": float(overlap), "applications": applications[0]}


def warm(_):
    return instance((1.0, 12345, 100, 1e-8))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, default=600)
    p.add_argument("--grid", default="0.5:5:0.5")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--tol", type=float, default=1e-8)
    a = p.parse_args()
    tasks = [(alpha, 1000 * i + s, a.d, a.tol) for i, alpha in enumerate(grid(a.grid)) for s in range(a.seeds)]
    with Pool(a.processes) as pool:
        pool.map(warm, range(a.processes))
        t = time.perf_counter()
        records = pool.map(instance, tasks, chunksize=1)
        seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "tasks": len(tasks), "d": a.d, "records": records}))


if __name__ == "__main__":
    main()
