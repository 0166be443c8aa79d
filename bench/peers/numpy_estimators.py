"""numpy/scipy peer for bench/estimators.bench.ts: the TAP and LAMP spectral estimators of the
z1 z2 index model on the same data, the way a numpy user would write them.

Input on stdin: X (n x d, row-major little-endian float64, entries N(0, 1/d)) then y (n float64).
Build: the denoiser G(y) = [[a - 1, y], [y, a - 1]] with a = |y| K1(|y|)/K0(|y|) (scipy.special
k1e/k0e, the exponentially scaled Bessel functions) and T(y) = I - E[zz^T | y]^{-1} (2 x 2 inverse).
TAP: scipy.sparse.linalg.eigsh (ARPACK, which='LA') on a LinearOperator w -> vec(X^T [T_i (X W)_i]);
LAMP: scipy.sparse.linalg.eigs (ARPACK, which='LR') on Omega -> X (X^T Gamma) - Gamma,
Gamma_i = G_i omega_i. Same tolerance as spikelab, k = 2 each.

Usage: python3 bench/peers/numpy_estimators.py n d tol rounds < data.bin
Prints one JSON object with seconds per phase, matvec counts and eigenvalues.
The caller sets OPENBLAS_NUM_THREADS=1.
"""

import json
import sys
import time

import numpy as np
import scipy
from scipy.sparse.linalg import LinearOperator, eigs, eigsh
from scipy.special import k0e, k1e


def denoiser(y):
    ay = np.abs(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(ay > 0, ay * k1e(ay) / k0e(ay), 0.0)
    n = y.shape[0]
    second = np.empty((n, 2, 2))
    second[:, 0, 0] = a
    second[:, 1, 1] = a
    second[:, 0, 1] = y
    second[:, 1, 0] = y
    G = second - np.eye(2)
    T = np.eye(2) - np.linalg.inv(second)
    return G, T


def main(argv):
    n, d = int(argv[0]), int(argv[1])
    tol = float(argv[2])
    rounds = int(argv[3])
    raw = sys.stdin.buffer.read()
    x = np.frombuffer(raw, dtype="<f8", count=n * d).reshape(n, d)
    y = np.frombuffer(raw, dtype="<f8", count=n, offset=8 * n * d).copy()
    out = {"build": [], "tap": [], "lamp": [], "scipy": scipy.__version__, "numpy": np.__version__}
    for _ in range(rounds):
        t = time.perf_counter()
        G, T = denoiser(y)
        out["build"].append(time.perf_counter() - t)

        count = [0]

        def tap_matvec(v):
            count[0] += 1
            W = v.reshape(2, d)  # vec(W) = W^T row-major, as spikelab's TapOperator
            U = x @ W.T  # n x 2
            V = np.einsum("nij,nj->ni", T, U)
            return (V.T @ x).ravel()

        op = LinearOperator((2 * d, 2 * d), matvec=tap_matvec, dtype=np.float64)
        t = time.perf_counter()
        wt = eigsh(op, k=2, which="LA", tol=tol, return_eigenvectors=True)[0]
        out["tap"].append(time.perf_counter() - t)
        out["tap_matvecs"] = count[0]
        out["tap_values"] = sorted(wt.tolist(), reverse=True)

        count[0] = 0

        def lamp_matvec(v):
            count[0] += 1
            Om = v.reshape(n, 2)
            Gam = np.einsum("nij,nj->ni", G, Om)
            return (x @ (x.T @ Gam) - Gam).ravel()

        op = LinearOperator((2 * n, 2 * n), matvec=lamp_matvec, dtype=np.float64)
        t = time.perf_counter()
        wl = eigs(op, k=2, which="LR", tol=tol, return_eigenvectors=True)[0]
        out["lamp"].append(time.perf_counter() - t)
        out["lamp_matvecs"] = count[0]
        out["lamp_values"] = sorted(wl.real.tolist(), reverse=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
