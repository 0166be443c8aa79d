"""numpy peer for bench/dynamics.bench.ts: the trainer's one-pass SGD loop written in numpy, on one
OpenBLAS thread (the caller sets OPENBLAS_NUM_THREADS=1). Per step, as src/dynamics/trainer.ts:
  x ~ N(0, I_d) (n_b x d), z = x W*^T / sqrt(d), y = He_2(z) / sqrt(2)
  lam = x W^T / sqrt(d), s = tanh(lam), ds = 1 - s^2, f = s a / sqrt(p)
  dl/dlam = (f - y) a ds / sqrt(p)        (square loss)
  W -= (lr / sqrt(d)) dl/dlam^T x / n_b
The random numbers differ from spikelab's (numpy's PCG64); the work is the same: n_b d normals,
two GEMMs of 2 n_b p d flops, O(n_b p) pointwise work.

Usage: python3 bench/peers/train_numpy.py d p n_b steps
Prints one JSON object: seconds for `steps` steps (after 2 warm-up steps), steps per second, versions.
"""

import json
import sys
import time

import numpy as np
from peer_common import blas_name


def main(argv):
    d, p, nb, steps = (int(a) for a in argv[:4])
    lr = 0.5
    rng = np.random.default_rng(2024)
    w_star = rng.standard_normal((1, d))
    w_star *= np.sqrt(d) / np.linalg.norm(w_star)
    w = rng.standard_normal((p, d))
    w *= np.sqrt(d) / np.linalg.norm(w, axis=1, keepdims=True)
    a = np.ones(p)
    sd = np.sqrt(d)
    sp = np.sqrt(p)

    def step():
        nonlocal w
        x = rng.standard_normal((nb, d))
        z = (x @ w_star.T)[:, 0] / sd
        y = (z * z - 1.0) / np.sqrt(2.0)
        s = np.tanh(x @ w.T / sd)
        ds = 1.0 - s * s
        f = s @ a / sp
        g = ((f - y)[:, None] * (a / sp)[None, :]) * ds
        w -= (lr / (sd * nb)) * (g.T @ x)

    step()
    step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - t
    print(json.dumps({"d": d, "p": p, "nb": nb, "steps": steps, "seconds": seconds, "stepsPerSecond": steps / seconds,
                      "numpy": np.__version__, "blas": blas_name()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
