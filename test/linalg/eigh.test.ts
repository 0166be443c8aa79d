// Dense symmetric eigensolver (src/linalg/eigh.ts): LAPACK-style accuracy ratios on the matrix
// classes of LAPACK's testing (random, Wishart, clustered, graded, zero, identity, diagonal,
// rank one, Wilkinson W21+, glued Wilkinson, tridiagonal with tiny off-diagonals), eigenvalues
// against closed forms and ml-matrix, index ranges and values-only against the full solve,
// validation errors, convergence failure, and memory ownership.
//
// Ratios (as in LAPACK's dsyt21 / dstt21), ||X||_1 the largest column sum:
//   residual    ||A V - V diag(w)||_1 / (n eps ||A||_1)
//   orthogonality ||V^T V - I||_1 / (n eps)
// both computed here by plain-JS loops and required below 30.
import { describe, expect, it } from "vitest";
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import {
  allocationStats, ConvergenceError, eigenvector, eigh, eighBatch, eigvalsh, eigvalshBatch, gram, InvalidArgumentError, Matrix,
  NonFiniteError, ShapeError, wasmMemoryBytes,
} from "../../src/index.js";
import { norm1, normalSource, orthogonalityRatio, randomMatrix, uniformSource } from "../helpers.js";

const EPS = Number.EPSILON;
const SIZES = [0, 1, 2, 3, 10, 100, 500];

// ---------------------------------------------------------------------------------------------
// Matrix classes. Each returns A (exactly symmetric) and, where known in closed form, its
// eigenvalues ascending.

interface TestMatrix {
  a: Matrix;
  exact?: Float64Array;
}

function symmetricFrom(n: number, f: (i: number, j: number) => number): Matrix {
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = f(i, j);
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  }
  return a;
}

function tridiagonal(d: ArrayLike<number>, e: ArrayLike<number>): Matrix {
  const n = d.length;
  return symmetricFrom(n, (i, j) => (i === j ? d[i]! : j === i + 1 ? e[i]! : 0));
}

function goe(n: number, seed: number): Matrix {
  const g = randomMatrix(n, n, seed).data;
  const s = 1 / Math.sqrt(2 * Math.max(n, 1));
  return symmetricFrom(n, (i, j) => (g[i * n + j]! + g[j * n + i]!) * s);
}

/** A = Q diag(lambda) Q^T with Q a product of 8 random Householder reflectors (plain JS). */
function withSpectrum(lambda: Float64Array, seed: number): TestMatrix {
  const n = lambda.length;
  const a = Matrix.diag(lambda);
  const g = normalSource(seed);
  const d = a.data;
  for (let r = 0; r < 8 && n > 1; r++) {
    const u = Float64Array.from({ length: n }, g);
    const uu = u.reduce((s, x) => s + x * x, 0);
    // A := H A H with H = I - 2 u u^T / (u^T u): A u = p, then A - 2 u q^T - 2 q u^T form
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += d[i * n + j]! * u[j]!;
      p[i] = s / uu;
    }
    const k = p.reduce((s, x, i) => s + x * u[i]!, 0) / uu; // u^T A u / (u^T u)^2
    const q = p.map((x, i) => x - k * u[i]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) d[i * n + j] = d[i * n + j]! - 2 * (u[i]! * q[j]! + q[i]! * u[j]!);
    }
    // exact symmetry against rounding
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) d[i * n + j] = d[j * n + i]!;
  }
  return { a, exact: Float64Array.from(lambda).sort() };
}

function scaled(a: Matrix, s: number): Matrix {
  return new Matrix(a.rows, a.cols, a.data.map((x) => x * s));
}

/** Wilkinson-type W_n^+: d_i = |i - (n - 1)/2|, e_i = 1 (W21+ for n = 21). */
function wilkinson(n: number): Matrix {
  const d = Float64Array.from({ length: n }, (_, i) => Math.abs(i - (n - 1) / 2));
  return tridiagonal(d, new Float64Array(Math.max(n - 1, 0)).fill(1));
}

/** Copies of W21+ glued by off-diagonal entries 1e-14 (truncated to order n). */
function gluedWilkinson(n: number): Matrix {
  const d = Float64Array.from({ length: n }, (_, i) => Math.abs((i % 21) - 10));
  const e = Float64Array.from({ length: Math.max(n - 1, 0) }, (_, i) => ((i + 1) % 21 === 0 ? 1e-14 : 1));
  return tridiagonal(d, e);
}

const CLASSES: Record<string, (n: number) => TestMatrix> = {
  GOE: (n) => ({ a: goe(n, 11 + n) }),
  Wishart: (n) => ({ a: gram(randomMatrix(2 * n + 1, n, 21 + n), { scale: 1 / (2 * n + 1) }) }),
  clustered: (n) => {
    // three clusters of width 1e-12 around -1, 0.5 and 2, plus a few spread values
    const lambda = Float64Array.from({ length: n }, (_, i) =>
      i % 7 === 6 ? 10 * Math.cos(i) : [-1, 0.5, 2][i % 3]! + 1e-12 * i,
    );
    return withSpectrum(lambda, 31 + n);
  },
  "graded 1e-300..1e300": (n) => {
    // a_ij = g_ij s_i s_j with s_i from 1e-150 to 1e150: entries span 1e-300 .. 1e300
    const g = goe(n, 41 + n).data;
    const s = Float64Array.from({ length: n }, (_, i) => 10 ** (n === 1 ? 0 : -150 + (300 * i) / (n - 1)));
    return { a: symmetricFrom(n, (i, j) => g[i * n + j]! * s[i]! * s[j]!) };
  },
  "scaled 1e-300": (n) => ({ a: scaled(goe(n, 51 + n), 1e-300) }),
  "scaled 1e300": (n) => ({ a: scaled(goe(n, 61 + n), 1e300) }),
  zero: (n) => ({ a: new Matrix(n, n), exact: new Float64Array(n) }),
  identity: (n) => ({ a: Matrix.identity(n), exact: new Float64Array(n).fill(1) }),
  diagonal: (n) => {
    const u = uniformSource(71 + n);
    const d = Float64Array.from({ length: n }, () => 4 * u() - 2);
    return { a: Matrix.diag(d), exact: Float64Array.from(d).sort() };
  },
  "rank one": (n) => {
    const g = normalSource(81 + n);
    const u = Float64Array.from({ length: n }, g);
    const exact = new Float64Array(n);
    if (n > 0) exact[n - 1] = u.reduce((s, x) => s + x * x, 0);
    return { a: symmetricFrom(n, (i, j) => u[i]! * u[j]!), exact };
  },
  "Wilkinson W_n+": (n) => ({ a: wilkinson(n) }),
  "glued Wilkinson": (n) => ({ a: gluedWilkinson(n) }),
  "tridiagonal, tiny off-diagonals": (n) => {
    const u = uniformSource(91 + n);
    const d = Float64Array.from({ length: n }, () => u() - 0.5);
    const e = Float64Array.from({ length: Math.max(n - 1, 0) }, (_, i) => (i % 3 === 0 ? 1e-30 : i % 3 === 1 ? 1e-200 * u() : 1e-9 * u()));
    return { a: tridiagonal(d, e) };
  },
};

// ---------------------------------------------------------------------------------------------
// Plain-JS checks.

/** ||A V - V diag(w)||_1 / (n eps ||A||_1); V is n x k. A zero A needs a zero residual. */
function residualRatio(a: Matrix, w: Float64Array, v: Matrix): number {
  const n = a.rows;
  const k = v.cols;
  if (n === 0 || k === 0) return 0;
  const av = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const aip = a.data[i * n + p]!;
      if (aip === 0) continue;
      const vr = p * k;
      const out = i * k;
      for (let j = 0; j < k; j++) av[out + j] = av[out + j]! + aip * v.data[vr + j]!;
    }
  }
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(av[i * k + j]! - v.data[i * k + j]! * w[j]!);
    worst = Math.max(worst, s);
  }
  const an = norm1(a.data, a.rows, a.cols);
  return an === 0 ? (worst === 0 ? 0 : Infinity) : worst / (n * EPS * an);
}

function isAscending(w: Float64Array): boolean {
  for (let i = 1; i < w.length; i++) if (!(w[i - 1]! <= w[i]!)) return false;
  return true;
}

/** max |w - want| / (n eps ||A||_1). */
function valueErrorRatio(w: Float64Array, want: ArrayLike<number>, a: Matrix): number {
  const n = a.rows;
  if (n === 0) return 0;
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(w[i]! - want[i]!));
  const an = norm1(a.data, a.rows, a.cols);
  return an === 0 ? (worst === 0 ? 0 : Infinity) : worst / (n * EPS * an);
}

// ---------------------------------------------------------------------------------------------

describe("eigh: residual and orthogonality below 30 for every matrix class and size", () => {
  for (const [name, make] of Object.entries(CLASSES)) {
    it(`${name}, n in {${SIZES.join(", ")}}`, () => {
      for (const n of SIZES) {
        const { a, exact } = make(n);
        const { values, vectors } = eigh(a);
        expect(values.length).toBe(n);
        expect(vectors!.rows).toBe(n);
        expect(vectors!.cols).toBe(n);
        expect(isAscending(values)).toBe(true);
        const res = residualRatio(a, values, vectors!);
        const orth = orthogonalityRatio(vectors!);
        expect(res, `${name} n = ${n}: residual ratio`).toBeLessThan(30);
        expect(orth, `${name} n = ${n}: orthogonality ratio`).toBeLessThan(30);
        if (exact) expect(valueErrorRatio(values, exact, a), `${name} n = ${n}: eigenvalues`).toBeLessThan(30);
      }
    });
  }

  it("W21+ has its known pairs of nearly equal eigenvalues, resolved orthogonally", () => {
    const a = wilkinson(21);
    const { values, vectors } = eigh(a);
    // the largest pair of W21+ agrees to about 1e-13 relative (Wilkinson, The Algebraic
    // Eigenvalue Problem, 5.45): 10.746194182903393 and 10.746194182903322
    expect(values[20]! - values[19]!).toBeGreaterThan(0);
    expect(values[20]! - values[19]!).toBeLessThan(1e-12);
    expect(values[20]).toBeCloseTo(10.746194182903, 11);
    expect(orthogonalityRatio(vectors!)).toBeLessThan(30);
  });
});

describe("eigh: scaling at the ends of the double range (as LAPACK dsyevd)", () => {
  // lambda_i = c (-1 + 2 i / (n - 1)): the extreme eigenvalues are -+c, up to 1.79e308. Without
  // dsyevd's scaling the reduction's intermediate products overflow for the last c.
  const n = 60;
  const unit = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const { a: base } = withSpectrum(unit, 77);
  for (const c of [2 ** 1000, 2 ** 1022, 1.99 * 2 ** 1023]) {
    it(`a spectrum reaching ${c.toExponential(2)}: eigenvalues to n eps ||A|| and orthonormal vectors`, () => {
      const a = scaled(base, c);
      const { values, vectors } = eigh(a);
      const w = eigvalsh(a);
      // compare at unit scale (division by a power of two is exact; 1.99 * 2^1023 rounds once)
      const worst = Math.max(...values.map((x, i) => Math.abs(x / c - unit[i]!)));
      const worstValuesOnly = Math.max(...w.map((x, i) => Math.abs(x / c - unit[i]!)));
      const tol = 30 * n * EPS * norm1(base.data, base.rows, base.cols);
      expect(worst).toBeLessThan(tol);
      expect(worstValuesOnly).toBeLessThan(tol);
      expect(residualRatio(base, values.map((x) => x / c), vectors!)).toBeLessThan(30);
      expect(orthogonalityRatio(vectors!)).toBeLessThan(30);
    });
  }

  it("c (I - 2 J / n), c = 1.79e308, J all ones: eigenvalues -c and c (n - 1 times), n = 3, 10, 30", () => {
    // the reduction of this matrix overflows unless it is scaled down first
    const c = 1.99 * 2 ** 1023;
    for (const n of [3, 10, 30]) {
      const b = Matrix.fromFunction(n, n, (i, j) => (i === j ? 1 : 0) - 2 / n);
      const exact = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 1));
      const { values, vectors } = eigh(scaled(b, c));
      const unitValues = values.map((x) => x / c);
      expect(valueErrorRatio(unitValues, exact, b)).toBeLessThan(30);
      expect(valueErrorRatio(eigvalsh(scaled(b, c)).map((x) => x / c), exact, b)).toBeLessThan(30);
      expect(residualRatio(b, unitValues, vectors!)).toBeLessThan(30);
      expect(orthogonalityRatio(vectors!)).toBeLessThan(30);
    }
  });

  it("eigenvalues beyond the largest double are a NonFiniteError, not Infinity (issue #13)", () => {
    // entries below 1.8e308 but the largest eigenvalue is about 1.75 * 1.79e308
    const a = scaled(Matrix.from([[1, 0.75], [0.75, 1]]), 1.99 * 2 ** 1023);
    expect(() => eigvalsh(a)).toThrow(NonFiniteError);
    expect(() => eigh(a)).toThrow(/eigh: eigenvalue 1 of A overflowed.*beyond the largest double/);
    expect(() => eigvalsh(a, { range: { lo: 1, hi: 1 } })).toThrow(NonFiniteError);
    // the batch variants scale back too and must not return Infinity either
    expect(() => eigvalshBatch([Matrix.identity(2), a])).toThrow(/eigvalshBatch: matrix 1: eigenvalue 1 of A overflowed/);
    // the smaller eigenvalue 0.25 * 1.99 * 2^1023 alone is representable
    expect(eigvalsh(a, { range: { lo: 0, hi: 0 } })[0]! / (0.25 * 1.99 * 2 ** 1023)).toBeCloseTo(1, 14);
  });
});

describe("eigh: eigenvalues against closed forms and ml-matrix", () => {
  it("tridiagonal Toeplitz tridiag(b, a, b): a + 2 b cos(k pi / (n + 1)), n = 500 and 37", () => {
    for (const [n, ad, b] of [[500, 2, -1], [37, -0.3, 0.7]] as const) {
      const m = tridiagonal(new Float64Array(n).fill(ad), new Float64Array(n - 1).fill(b));
      const want = Float64Array.from({ length: n }, (_, k) => ad + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort();
      expect(valueErrorRatio(eigvalsh(m), want, m)).toBeLessThan(30);
      expect(valueErrorRatio(eigh(m).values, want, m)).toBeLessThan(30);
    }
  });

  it("GOE and Wishart, n = 150: the same eigenvalues as ml-matrix's EigenvalueDecomposition (tred2 + tql2)", () => {
    const n = 150;
    for (const a of [goe(n, 5), gram(randomMatrix(300, n, 6), { scale: 1 / 300 })]) {
      const evd = new EigenvalueDecomposition(new MlMatrix(a.toArray()), { assumeSymmetric: true });
      const want = Float64Array.from(evd.realEigenvalues).sort();
      expect(valueErrorRatio(eigh(a).values, want, a)).toBeLessThan(30);
      expect(valueErrorRatio(eigvalsh(a), want, a)).toBeLessThan(30);
    }
  });

  it("a 2 x 2 matrix [[a, b], [b, c]] has (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2)", () => {
    const [a, b, c] = [1.5, -0.25, -3];
    const r = Math.hypot((a - c) / 2, b);
    const { values, vectors } = eigh([[a, b], [b, c]]);
    expect(values[0]).toBeCloseTo((a + c) / 2 - r, 14);
    expect(values[1]).toBeCloseTo((a + c) / 2 + r, 14);
    // A v = w v for each column
    for (let j = 0; j < 2; j++) {
      const v = eigenvector({ values, vectors }, j);
      expect(a * v[0]! + b * v[1]! - values[j]! * v[0]!).toBeCloseTo(0, 14);
      expect(b * v[0]! + c * v[1]! - values[j]! * v[1]!).toBeCloseTo(0, 14);
    }
  });
});

describe("eigh: index ranges and values only agree with the full solve", () => {
  it("range lo..hi returns the matching slice of the full spectrum, with vectors that span the same lines", () => {
    for (const n of [1, 3, 10, 200]) {
      const a = goe(n, 200 + n);
      const full = eigh(a);
      const an = norm1(a.data, a.rows, a.cols);
      const ranges: Array<[number, number]> = [[0, 0], [n - 1, n - 1], [0, n - 1], [Math.floor(n / 3), Math.floor((2 * n) / 3)]];
      if (n >= 10) ranges.push([n - 10, n - 1]);
      for (const [lo, hi] of ranges) {
        const part = eigh(a, { range: { lo, hi } });
        const k = hi - lo + 1;
        expect(part.values.length).toBe(k);
        expect(part.vectors!.cols).toBe(k);
        for (let j = 0; j < k; j++) {
          expect(Math.abs(part.values[j]! - full.values[lo + j]!)).toBeLessThan(30 * n * EPS * an);
          // GOE eigenvalues are well separated: the vectors agree up to sign
          const u = eigenvector(part, j);
          const v = eigenvector(full, lo + j);
          const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
          expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-8);
        }
        expect(residualRatio(a, part.values, part.vectors!)).toBeLessThan(30);
        expect(orthogonalityRatio(part.vectors!)).toBeLessThan(30);
        const valuesOnly = eigvalsh(a, { range: { lo, hi } });
        for (let j = 0; j < k; j++) expect(Math.abs(valuesOnly[j]! - full.values[lo + j]!)).toBeLessThan(30 * n * EPS * an);
      }
    }
  });

  it("a range inside a cluster of equal eigenvalues gives an orthonormal basis of the eigenspace", () => {
    const lambda = Float64Array.from({ length: 60 }, (_, i) => (i < 20 ? -1 : i < 45 ? 1 : 3 + i));
    const { a } = withSpectrum(lambda, 9);
    const part = eigh(a, { range: { lo: 18, hi: 47 } });
    expect(residualRatio(a, part.values, part.vectors!)).toBeLessThan(30);
    expect(orthogonalityRatio(part.vectors!)).toBeLessThan(30);
  });

  it("values only (dsterf) equals the values of values + vectors (dstedc) to rounding", () => {
    for (const n of [2, 10, 100, 500]) {
      for (const a of [goe(n, 300 + n), gluedWilkinson(n)]) {
        const w = eigvalsh(a);
        const v = eigh(a, { vectors: false });
        expect(v.vectors).toBeUndefined();
        expect(v.values).toEqual(w);
        expect(valueErrorRatio(w, eigh(a).values, a)).toBeLessThan(30);
      }
    }
  });
});

describe("eigh: input validation", () => {
  it("non-square input is a ShapeError", () => {
    expect(() => eigh(new Matrix(3, 4))).toThrow(ShapeError);
    expect(() => eigvalsh([[1, 2]])).toThrow(ShapeError);
  });

  it("NaN or Infinity is a NonFiniteError naming the entry", () => {
    const a = goe(5, 1);
    a.data[2 * 5 + 3] = Number.NaN;
    expect(() => eigh(a)).toThrow(NonFiniteError);
    expect(() => eigh(a)).toThrow(/\(2, 3\)/);
    const b = goe(5, 1);
    b.data[0 * 5 + 4] = Number.POSITIVE_INFINITY; // upper triangle: still checked by default
    expect(() => eigvalsh(b)).toThrow(NonFiniteError);
    // with check: false only the lower triangle is read, and so only it is checked
    expect(eigvalsh(b, { check: false }).length).toBe(5);
    expect(() => eigvalsh(b, { check: false, lower: false })).toThrow(/\(0, 4\)/);
    const c = goe(5, 1);
    c.data[4 * 5 + 0] = Number.NEGATIVE_INFINITY;
    expect(() => eigvalsh(c, { check: false })).toThrow(NonFiniteError);
    expect(eigvalsh(c, { check: false, lower: false }).length).toBe(5);
  });

  it("asymmetry beyond symmetryTol * max|a| is an InvalidArgumentError; lower: false reads the upper triangle", () => {
    const a = goe(6, 2);
    a.data[1 * 6 + 4] = a.data[1 * 6 + 4]! + 1e-6;
    expect(() => eigh(a)).toThrow(InvalidArgumentError);
    expect(() => eigh(a)).toThrow(/not symmetric.*\(1, 4\)/);
    expect(() => eigh(a, { symmetryTol: 1e-3 })).not.toThrow();
    // lower: false, check: false reads the upper triangle only: the result is that of the upper-symmetrized matrix
    const upper = symmetricFrom(6, (i, j) => a.data[i * 6 + j]!);
    const garbage = a.clone();
    for (let i = 0; i < 6; i++) for (let j = 0; j < i; j++) garbage.data[i * 6 + j] = 1e6 * (i - j);
    const got = eigh(garbage, { check: false, lower: false });
    const want = eigh(upper);
    expect(got.values).toEqual(want.values);
    expect(got.vectors!.data).toEqual(want.vectors!.data);
  });

  it("bad options are InvalidArgumentErrors", () => {
    const a = goe(4, 3);
    expect(() => eigh(a, { range: { lo: 2, hi: 1 } })).toThrow(InvalidArgumentError);
    expect(() => eigh(a, { range: { lo: -1, hi: 1 } })).toThrow(InvalidArgumentError);
    expect(() => eigh(a, { range: { lo: 0, hi: 4 } })).toThrow(/0 <= lo <= hi < n = 4/);
    expect(() => eigh(a, { range: { lo: 0.5, hi: 2 } })).toThrow(InvalidArgumentError);
    expect(() => eigh(a, { symmetryTol: -1 })).toThrow(InvalidArgumentError);
    expect(() => eigh(a, { symmetryTol: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => eigh(a, { vectors: "yes" as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => eigh(new Matrix(0, 0), { range: { lo: 0, hi: 0 } })).toThrow(InvalidArgumentError);
  });

  it("eigenvector(result, j) checks that vectors exist and j is in range", () => {
    const a = goe(4, 4);
    const r = eigh(a);
    expect(eigenvector(r, 3)).toEqual(r.vectors!.column(3));
    expect(() => eigenvector(r, 4)).toThrow(InvalidArgumentError);
    expect(() => eigenvector(r, -1)).toThrow(InvalidArgumentError);
    expect(() => eigenvector(eigh(a, { vectors: false }), 0)).toThrow(/no eigenvectors/);
  });

  it("accepts nested arrays and ml-matrix matrices; n = 0 gives empty results", () => {
    expect(Array.from(eigvalsh([[2, 1], [1, 2]]))).toEqual([expect.closeTo(1, 14), expect.closeTo(3, 14)]);
    expect(eigvalsh(new MlMatrix([[5]]))[0]).toBe(5);
    const empty = eigh(new Matrix(0, 0));
    expect(empty.values.length).toBe(0);
    expect(empty.vectors!.rows).toBe(0);
  });
});

describe("eigh: failure and memory", () => {
  it("a tridiagonal solver that runs out of sweeps is a ConvergenceError, and frees its memory", () => {
    const a = goe(40, 8);
    const before = allocationStats();
    const none = { maxSweepsPerEigenvalue: 0 };
    expect(() => eigvalsh(a, none)).toThrow(ConvergenceError);
    expect(() => eigh(a, none)).toThrow(ConvergenceError);
    expect(() => eigh(a, none)).toThrow(/did not converge/);
    let caught: unknown;
    try {
      eigvalsh(a, none);
    } catch (err) {
      caught = err;
    }
    // the limit spent (0 sweeps per eigenvalue here) and the unordered partial values
    expect((caught as ConvergenceError).iterations).toBe(0);
    expect(((caught as ConvergenceError).partial as { values: Float64Array }).values.length).toBe(40);
    expect(() => eigvalsh(a, { maxSweepsPerEigenvalue: -1 })).toThrow(InvalidArgumentError);
    expect(() => eigh(a, { maxSweepsPerEigenvalue: 2.5 })).toThrow(/maxSweepsPerEigenvalue/);
    expect(allocationStats()).toEqual(before);
    expect(residualRatio(a, eigh(a).values, eigh(a).vectors!)).toBeLessThan(30);
  });

  it("100 repeated calls leave allocationStats() and the WASM memory size unchanged", () => {
    const a = goe(60, 12);
    eigh(a);
    eigvalsh(a);
    eigh(a, { range: { lo: 50, hi: 59 } });
    const stats = allocationStats();
    const bytes = wasmMemoryBytes();
    for (let i = 0; i < 100; i++) {
      eigh(a);
      eigvalsh(a);
      eigh(a, { range: { lo: 50, hi: 59 } });
    }
    expect(allocationStats()).toEqual(stats);
    expect(wasmMemoryBytes()).toBe(bytes);
  });
});

describe("eigh: the triangle read (lower, as numpy UPLO='L' and scipy lower=True)", () => {
  // A matrix whose two triangles are different symmetric matrices: L (from the lower triangle)
  // and U (from the upper one). The reference eigenvalues of each come from ml-matrix's
  // EigenvalueDecomposition (JAMA tred2 + tql2) on the explicitly symmetrized matrix.
  const n = 9;
  const first = goe(n, 31);
  const second = goe(n, 32);
  const mixed = Matrix.fromFunction(n, n, (i, j) => (j <= i ? first.get(i, j) : second.get(i, j)));
  // the diagonal belongs to both triangles
  const lowerPart = symmetricFrom(n, (i, j) => mixed.get(j, i));
  const upperPart = symmetricFrom(n, (i, j) => mixed.get(i, j));
  const reference = (m: Matrix) =>
    Float64Array.from(new EigenvalueDecomposition(new MlMatrix(m.toArray()), { assumeSymmetric: true }).realEigenvalues).sort();
  const close = (got: Float64Array, want: Float64Array) => {
    expect(got.length).toBe(want.length);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-12));
  };

  it("check: false reads the lower triangle by default and the upper one with lower: false", () => {
    close(eigvalsh(mixed, { check: false }), reference(lowerPart));
    close(eigvalsh(mixed, { check: false, lower: true }), reference(lowerPart));
    close(eigvalsh(mixed, { check: false, lower: false }), reference(upperPart));
    // vectors too: residual of the lower-triangle matrix
    const { values, vectors } = eigh(mixed, { check: false });
    expect(residualRatio(lowerPart, values, vectors!)).toBeLessThan(30);
    const up = eigh(mixed, { check: false, lower: false });
    expect(residualRatio(upperPart, up.values, up.vectors!)).toBeLessThan(30);
    // an index range and a values-only range read the same triangle
    close(eigh(mixed, { check: false, range: { lo: 2, hi: 4 } }).values, reference(lowerPart).slice(2, 5));
    close(eigvalsh(mixed, { check: false, lower: false, range: { lo: 7, hi: 8 } }), reference(upperPart).slice(7, 9));
  });

  it("garbage (even NaN) in the unread triangle is ignored with check: false", () => {
    const g = first.clone();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) g.data[i * n + j] = j % 2 ? Number.NaN : 1e300;
    close(eigvalsh(g, { check: false }), reference(first));
  });

  it("a small asymmetry within symmetryTol is resolved in favour of the triangle read", () => {
    const a = first.clone();
    a.data[1 * n + 6] = a.data[1 * n + 6]! + 1e-12; // upper entry (1, 6) only
    const fromUpper = symmetricFrom(n, (i, j) => a.data[i * n + j]!);
    expect(eigvalsh(a)).toEqual(eigvalsh(first));
    expect(eigvalsh(a, { lower: false })).toEqual(eigvalsh(fromUpper, { lower: false }));
  });

  it("the batch variants take the option too", () => {
    close(eigvalshBatch([mixed, mixed], { check: false })[1]!, reference(lowerPart));
    close(eigvalshBatch([mixed], { check: false, lower: false })[0]!, reference(upperPart));
    const [r] = eighBatch([mixed], { check: false });
    expect(residualRatio(lowerPart, r!.values, r!.vectors!)).toBeLessThan(30);
  });

  it("lower must be a boolean", () => {
    expect(() => eigh(mixed, { lower: "yes" as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => eigvalsh(mixed, { lower: 1 as unknown as boolean })).toThrow(/eigvalsh: lower must be a boolean/);
    expect(() => eigvalsh(mixed, null as unknown as {})).toThrow(/eigvalsh: options must be an object/);
  });
});

describe("eigh: index ranges at any scale (found by test/fuzz/dense.fuzz.test.ts, issue #13)", () => {
  it("ties at the ends of a range: dstebz's W needs n entries, not hi - lo + 1 (was a WASM trap)", () => {
    const d = [1.36, -1.3599999, -1.36, -1.36, 1.3600001, -1.36, -1.36, 1.3600002, -1.36];
    const sorted = Float64Array.from(d).sort();
    const before = allocationStats();
    for (const [lo, hi] of [[2, 6], [0, 4], [5, 5], [0, 8]] as const) {
      for (const vectors of [false, true]) {
        const r = eigh(Matrix.diag(d), { range: { lo, hi }, vectors });
        expect(Array.from(r.values)).toEqual(Array.from(sorted.slice(lo, hi + 1)));
      }
    }
    expect(allocationStats()).toEqual(before);
  });

  it("norms near 1e-146: a cluster 1e-11 wide keeps n eps accuracy (bisection splits at e^2 < safmin)", () => {
    const lambda = Float64Array.from({ length: 12 }, (_, i) => -1 + 1e-11 * i);
    for (const s of [1.5e-146, 3e-140, 1e-120, 1e-300]) {
      const { a } = withSpectrum(lambda.map((x) => x * s), 17);
      const got = eigvalsh(a, { range: { lo: 3, hi: 8 } });
      for (let i = 0; i < 6; i++) expect(Math.abs(got[i]! / s - lambda[3 + i]!), `s = ${s}`).toBeLessThan(1e-13);
    }
  });
});
