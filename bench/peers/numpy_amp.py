"""numpy peer for bench/amp.bench.ts: the same multi-index GAMP iteration (Aubin et al. 2018) on the
same data, written the way a numpy user would, for y = z^2 (p = 1, closed-form g_out) and y = z1 z2
(p = 2, g_out by the trapezoid rule on the hyperbola u1 u2 = y in r = log|u1|, vectorised over the
labels with a fixed 2 x 512 points per label over each label's own range).

Input on stdin: X (n x d, row-major little-endian float64) then y (n float64).
Usage: python3 bench/peers/numpy_amp.py n d p iterations damping_percent [--runs=R] < data.bin
Prints one JSON object: seconds per iteration (sorted samples), the last overlap with nothing
planted (self-overlap W^T W / d), numpy and BLAS versions. The caller sets OPENBLAS_NUM_THREADS.
"""

import json
import sys

import numpy as np

from peer_common import blas_name, parse_args, timed


def gout_square(omega, V, y):
    s = np.sqrt(np.maximum(y, 0.0))
    m = s * np.tanh(s * omega[:, 0] / V[0, 0])
    var = s * s - m * m
    g = (m - omega[:, 0]) / V[0, 0]
    dg = var / V[0, 0] ** 2 - 1.0 / V[0, 0]
    return g[:, None], dg.sum().reshape(1, 1)


def gout_product(omega, V, y, K=512):
    Vi = np.linalg.inv(V)
    n = y.shape[0]
    c = np.where(y == 0, 1e-300, y)
    A1 = np.abs(omega[:, 0]) + 9 * np.sqrt(V[0, 0])
    A2 = np.abs(omega[:, 1]) + 9 * np.sqrt(V[1, 1])
    rmax = np.log(A1)
    rmin = np.log(np.abs(c)) - np.log(A2)
    t = np.linspace(0.0, 1.0, K)
    r = rmin[:, None] + (rmax - rmin)[:, None] * t[None, :]
    e = np.exp(r)
    u0 = np.concatenate([e, -e], axis=1)
    u1 = np.concatenate([c[:, None] / e, -c[:, None] / e], axis=1)
    d0 = u0 - omega[:, 0:1]
    d1 = u1 - omega[:, 1:2]
    q = Vi[0, 0] * d0 * d0 + 2 * Vi[0, 1] * d0 * d1 + Vi[1, 1] * d1 * d1
    w = np.exp(-(q - q.min(axis=1, keepdims=True)) / 2)
    Z = w.sum(axis=1)
    m0 = (w * u0).sum(axis=1) / Z
    m1 = (w * u1).sum(axis=1) / Z
    c00 = (w * u0 * u0).sum(axis=1) / Z - m0 * m0
    c01 = (w * u0 * u1).sum(axis=1) / Z - m0 * m1
    c11 = (w * u1 * u1).sum(axis=1) / Z - m1 * m1
    mean = np.stack([m0, m1], axis=1)
    g = (mean - omega) @ Vi
    cov = np.empty((n, 2, 2))
    cov[:, 0, 0] = c00
    cov[:, 0, 1] = c01
    cov[:, 1, 0] = c01
    cov[:, 1, 1] = c11
    dg = Vi @ cov @ Vi - Vi
    return g, dg.sum(axis=0)


def gamp(x, y, p, iterations, rng, damping):
    n, d = x.shape
    w = 0.1 * rng.standard_normal((d, p))
    C = np.eye(p)
    gprev = np.zeros((n, p))
    gout = gout_square if p == 1 else gout_product
    for it in range(iterations):
        V = C
        omega = x @ w - gprev @ V
        g, dsum = gout(omega, V, y)
        if it > 0:
            g = (1 - damping) * g + damping * gprev
        A = -dsum / d
        A = 0.5 * (A + A.T)
        lam, U = np.linalg.eigh(A)
        A = (U * np.maximum(lam, 0)) @ U.T
        B = x.T @ g + w @ A
        Cn = np.linalg.inv(np.eye(p) + A)
        w = (1 - damping) * (B @ Cn) + damping * w
        C = (1 - damping) * Cn + damping * C
        gprev = g
    return w


def main(argv):
    runs, _flags, sizes = parse_args(argv, runs=3)
    n, d, p, iterations, damping_percent = sizes
    damping = damping_percent / 100
    raw = sys.stdin.buffer.read()
    x = np.frombuffer(raw, dtype="<f8", count=n * d).reshape(n, d)
    y = np.frombuffer(raw, dtype="<f8", count=n, offset=8 * n * d).copy()
    result = {}

    def call():
        result["w"] = gamp(x, y, p, iterations, np.random.default_rng(0), damping)

    samples = timed(call, runs, cap=runs, warm=False)
    w = result["w"]
    print(json.dumps({
        "per_iteration": [s / iterations for s in samples],
        "self_overlap": float(np.sum(w * w) / d / p),
        "numpy": np.__version__,
        "blas": blas_name(),
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
