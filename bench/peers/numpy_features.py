"""numpy peer for bench/features.bench.ts: the same pipeline on the same sizes, with numpy/scipy on
one OpenBLAS thread. Spiked random features (ReLU, abar = +-1, theta = 1.5, rows of W0 on the unit
sphere, a Haar spike direction v), fresh data X ~ N(0, I_d) (n x d), then
  features    X drawn, then F = relu(X W^T)         (one GEMM + a pointwise max; "draw" alone too)
  covariance  Sigma = F^T F / n                    (GEMM; numpy has no SYRK entry point)
  eigvalsh    all p eigenvalues of Sigma           (LAPACK dsyevd without vectors)
  eigsh       the 5 largest eigenvalues of Sigma as an operator v -> F^T (F v) / n
              (scipy.sparse.linalg.eigsh, ARPACK), skipped without scipy.
The random numbers differ from spikelab's (numpy's PCG64); the distributions are the same.

Usage: python3 bench/peers/numpy_features.py n p d [--no-eigvalsh]
Prints one JSON object: seconds per step, the top 3 eigenvalues, versions. The caller sets
OPENBLAS_NUM_THREADS=1.
"""

import json
import sys
import time

import numpy as np
from peer_common import blas_name


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    n, p, d = (int(a) for a in args[:3])
    do_eig = "--no-eigvalsh" not in argv
    rng = np.random.default_rng(2024)
    w0 = rng.standard_normal((p, d))
    w0 /= np.linalg.norm(w0, axis=1, keepdims=True)
    v = rng.standard_normal(d)
    v /= np.linalg.norm(v)
    abar = rng.choice([1.0, -1.0], size=p)
    w = w0 + 1.5 * np.outer(abar, v)
    out = {"n": n, "p": p, "d": d, "numpy": np.__version__, "blas": blas_name()}

    t = time.perf_counter()
    x = rng.standard_normal((n, d))
    out["draw"] = time.perf_counter() - t
    t = time.perf_counter()
    f = x @ w.T
    np.maximum(f, 0.0, out=f)
    out["features"] = out["draw"] + time.perf_counter() - t  # draw included, as in spikelab's step
    del x
    t = time.perf_counter()
    s = (f.T @ f) / n
    out["covariance"] = time.perf_counter() - t
    if do_eig:
        t = time.perf_counter()
        ev = np.linalg.eigvalsh(s)
        out["eigvalsh"] = time.perf_counter() - t
        out["top"] = [float(x) for x in ev[::-1][:3]]
    del s
    try:
        from scipy.sparse.linalg import LinearOperator, eigsh
        import scipy

        op = LinearOperator((p, p), matvec=lambda u: f.T @ (f @ u) / n, dtype=np.float64)
        t = time.perf_counter()
        vals = eigsh(op, k=5, which="LA", tol=1e-10, return_eigenvectors=False)
        out["eigsh"] = time.perf_counter() - t
        out["eigshTop"] = [float(x) for x in sorted(vals)[::-1][:3]]
        out["scipy"] = scipy.__version__
    except ImportError:
        out["eigsh"] = None
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
