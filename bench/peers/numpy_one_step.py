"""numpy peer for bench/oneStepSimulation.bench.ts: one simulated point of the test error after one
gradient step, the pipeline of the authors' `Simulations.ipynb` (SPOC-group/OneStepGD_asymptotics,
cells 7-11) on one BLAS thread: W0 rows on the unit sphere, a = 1/sqrt(p); the step on n0 = alpha0 d
samples of y = sin(x_1) with eta_eff = eta p; ridge on n = alpha d fresh samples of tanh(X W1^T) / sqrt(p)
with penalty lambda |w|^2 (np.linalg.inv, as the notebook); the test error on n_test fresh samples.
The random numbers differ from spikelab's (numpy's PCG64); the distributions are the same.

Usage: python3 bench/peers/numpy_one_step.py d alpha0 eta ridge alpha n_test [seed]
Prints one JSON object: seconds of the step, the ridge fit, the test set, the test error, versions.
The caller sets OPENBLAS_NUM_THREADS=1.
"""

import json
import sys
import time

import numpy as np
from peer_common import blas_name


def main(argv):
    d = int(argv[0])
    alpha0, eta, lam, alpha = (float(a) for a in argv[1:5])
    n_test = int(argv[5])
    p = d
    rng = np.random.default_rng(int(argv[6]) if len(argv) > 6 else 2024)
    w0 = rng.standard_normal((p, d))
    w0 /= np.linalg.norm(w0, axis=1, keepdims=True)
    a0 = np.ones(p) / np.sqrt(p)
    out = {"d": d, "numpy": np.__version__, "blas": blas_name()}

    t = time.perf_counter()
    n0 = int(alpha0 * d)
    z = rng.standard_normal((n0, d))
    y = np.sin(z[:, 0])
    pre = z @ w0.T
    resid = y - np.tanh(pre) @ a0 / np.sqrt(p)
    g = z.T @ (np.outer(resid, a0) / np.sqrt(p) * (1 - np.tanh(pre) ** 2)) / n0
    w1 = w0 + eta * p * g.T
    out["step"] = time.perf_counter() - t

    t = time.perf_counter()
    n = int(alpha * d)
    x = rng.standard_normal((n, d))
    ytr = np.sin(x[:, 0])
    f = np.tanh(x @ w1.T) / np.sqrt(p)
    if n >= p:
        w = np.linalg.inv(f.T @ f + lam * np.eye(p)) @ f.T @ ytr
    else:
        w = f.T @ np.linalg.inv(f @ f.T + lam * np.eye(n)) @ ytr
    out["ridge"] = time.perf_counter() - t

    t = time.perf_counter()
    xt = rng.standard_normal((n_test, d))
    out["test_error"] = float(np.mean((np.sin(xt[:, 0]) - np.tanh(xt @ w1.T) @ w / np.sqrt(p)) ** 2))
    out["test"] = time.perf_counter() - t
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
