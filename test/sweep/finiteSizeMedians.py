"""
Generator of test/sweep/finiteSizeMedians.json (run: python3 test/sweep/finiteSizeMedians.py; numpy,
about 3 minutes): the 50%-detection threshold of the largest-root test at level 0.05 of the spiked
Wigner and spiked covariance (gamma = d/n = 1/4) models at n = 100..6400, each the median over 40000
draws of the critical spike theta* of one draw, from the tridiagonal models of Dumitriu and Edelman
2002 ("Matrix models for beta ensembles", J. Math. Phys. 43), independent of spikelab's dense sweeps.

With the spike on the first coordinate, the Householder reduction that starts at e1 keeps it, so
  - spiked Wigner W + theta e1 e1^T, W = (G + G^T)/sqrt(2n), has the eigenvalues of T + theta e1 e1^T,
    T tridiagonal with diagonal N(0, 2)/sqrt(n) and off-diagonal chi_{n-1}, ..., chi_1 over sqrt(n);
  - spiked covariance S = X^T X / n, X rows N(0, I + theta e1 e1^T) (n x d), has those of D B^T B D / n,
    B upper bidiagonal with diagonal chi_n, ..., chi_{n-d+1} and superdiagonal chi_{d-1}, ..., chi_1,
    D = diag(sqrt(1 + theta), 1, ..., 1).
The top eigenvalue rises with theta, so the test with critical value c (Tracy-Widom 0.95 quantile
times the edge scale plus the center, src/theory/edgeLaws.ts) detects iff theta > theta*, where
lambda_max(T + s e1 e1^T) = c at s* = 1 / [(c - T)^{-1}]_11 (the secular equation), from the pivots
of c - T bottom up (all positive iff c lies above the spectrum of T; otherwise theta* = -inf). For the
covariance model D B^T B D - c has the inertia of B^T B - c + c (1 - 1/(1 + theta)) e1 e1^T, so
theta* = s* / (c - s*). The standard error of a median is from the order statistics M/2 -+ sqrt(M).
Also written: the detection probability P(theta* < theta) at theta = theta_c + omega k n^(-1/3),
omega = -1..3 (k = 1 for Wigner, theta_c^(1/3) (1 + theta_c)^(2/3) for covariance: the critical
window's units of src/theory/criticalWindow.ts), for test/theory/criticalWindow.test.ts.
"""
import json
import numpy as np

TW1_95 = 0.9793160534695554  # src/theory/tracyWidom: tracyWidom(1).quantile(0.95)


def critical_shift(diag, off2, c):
    n = diag.shape[0]
    pivot = c - diag[n - 1]
    ok = pivot > 0
    for k in range(n - 2, -1, -1):
        pivot = c - diag[k] - off2[k] / pivot
        ok &= pivot > 0
    return np.where(ok, pivot, np.nan)


def wigner(n, draws, rng):
    diag = rng.normal(0, np.sqrt(2), (n, draws)) / np.sqrt(n)
    off2 = rng.chisquare(np.arange(n - 1, 0, -1)[:, None] * np.ones((1, draws))) / n
    s = critical_shift(diag, off2, 2 + TW1_95 * n ** (-2 / 3))
    return np.where(np.isnan(s), -np.inf, s)


def covariance(n, d, draws, rng):
    a2 = rng.chisquare(np.arange(n, n - d, -1)[:, None] * np.ones((1, draws))) / n
    b2 = rng.chisquare(np.arange(d - 1, 0, -1)[:, None] * np.ones((1, draws))) / n
    diag = a2.copy()
    diag[1:] += b2
    off2 = a2[:-1] * b2
    A, B = np.sqrt(n - 0.5), np.sqrt(d - 0.5)
    c = ((A + B) ** 2 + (A + B) * np.cbrt(1 / A + 1 / B) * TW1_95) / n
    s = critical_shift(diag, off2, c)
    return np.where(np.isnan(s), -np.inf, s / (c - s))


OMEGAS = [-1, 0, 1, 2, 3]


def summary(t, n, theta_c):
    m = len(t)
    s = np.sort(t)
    k = int(np.sqrt(m))
    unit = np.cbrt(theta_c) * np.cbrt(1 + theta_c) ** 2 if theta_c != 1 else 1.0
    return {"median": float(np.median(t)), "standardError": float((s[m // 2 + k] - s[m // 2 - k]) / 4),
            "detection": {str(o): float(np.mean(t < theta_c + o * unit * n ** (-1 / 3))) for o in OMEGAS}}


if __name__ == "__main__":
    draws, sizes = 40000, [100, 200, 400, 800, 1600, 3200, 6400]
    out = {"draws": draws, "level": 0.05, "spiked-wigner": {}, "spiked-covariance": {"gamma": 0.25}}
    rng = np.random.default_rng(20261207)
    for n in sizes:
        out["spiked-wigner"][str(n)] = summary(wigner(n, draws, rng), n, 1.0)
        out["spiked-covariance"][str(n)] = summary(covariance(n, n // 4, draws, rng), n, 0.5)
        print(n, out["spiked-wigner"][str(n)], out["spiked-covariance"][str(n)], flush=True)
    with open(__file__.replace(".py", ".json"), "w") as f:
        json.dump(out, f, indent=1)
