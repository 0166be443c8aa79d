"""Generates the tables of assembly/random/ziggurat.ts: the 256-layer ziggurat for the standard
normal density f(x) = exp(-x^2 / 2) (Marsaglia and Tsang, "The Ziggurat Method for Generating
Random Variables", J. Stat. Software 5(8), 2000). Layers of equal area V; r is the start of the
tail; X[0] = V / f(r) is the width of the base strip (rectangle plus tail), X[1] = r, X[256] = 0,
F[i] = f(X[i]). r and V are solved here by bisection so that the top layer ends at x = 0.

Usage: python3 assembly/random/ziggurat_tables.py > /tmp/tables.txt (paste into ziggurat.ts)
"""
import math

N = 256


def f(x):
    return math.exp(-0.5 * x * x)


def tail_area(r):
    return math.sqrt(math.pi / 2) * math.erfc(r / math.sqrt(2))


def top(r):
    """x of the last layer boundary for a given r (0 at the right r; the sign tells the side)."""
    v = r * f(r) + tail_area(r)
    x = r
    for _ in range(N - 2):
        y = v / x + f(x)
        if y >= 1:  # the layers reach the top too soon: r too small
            return 1.0
        x = math.sqrt(-2 * math.log(y))
    return v / x + f(x) - 1.0  # the top layer must end at height f(0) = 1 (< 0: r too large)


lo, hi = 3.0, 4.0
for _ in range(200):
    mid = 0.5 * (lo + hi)
    if top(mid) > 0:
        lo = mid
    else:
        hi = mid
r = 0.5 * (lo + hi)
v = r * f(r) + tail_area(r)
X = [v / f(r), r]
for _ in range(N - 2):
    X.append(math.sqrt(-2 * math.log(v / X[-1] + f(X[-1]))))
X.append(0.0)
F = [f(x) for x in X]
print(f"// r = {r!r}, V = {v!r}")
print("const ZIG_X: StaticArray<f64> = [" + ", ".join(repr(x) for x in X) + "];")
print("const ZIG_F: StaticArray<f64> = [" + ", ".join(repr(x) for x in F) + "];")
