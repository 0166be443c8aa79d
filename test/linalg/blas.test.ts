import { Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  allocationStats, gram, InvalidArgumentError, matmul, matvec, Matrix, NonFiniteError, ShapeError,
} from "../../src/index.js";
import { productErrorRatio, randomMatrix, randomVector, refMatmul } from "../helpers.js";

describe("matmul", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1], [2, 3, 4], [5, 1, 7], [17, 9, 3], [64, 64, 64], [65, 63, 67], [130, 7, 258], [3, 300, 5],
  ];
  for (const [m, k, n] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`${m}x${k} by ${k}x${n}, transA=${transA} transB=${transB}: within k eps sum|a b| of the triple loop`, () => {
          const a = transA ? randomMatrix(k, m, m * 7 + k) : randomMatrix(m, k, m * 7 + k);
          const b = transB ? randomMatrix(n, k, n * 11 + k) : randomMatrix(k, n, n * 11 + k);
          const c = matmul(a, b, { transA, transB });
          expect(c.shape).toEqual([m, n]);
          const { c: want, absC } = refMatmul(a, b, transA, transB);
          expect(productErrorRatio(c.data, want.data, absC.data, k)).toBeLessThan(1);
        });
      }
    }
  }

  it("agrees with ml-matrix mmul on 200 x 150 by 150 x 120 (relative 1e-13)", () => {
    const a = randomMatrix(200, 150, 5);
    const b = randomMatrix(150, 120, 6);
    const c = matmul(a, b);
    const ref = a.toMlMatrix().mmul(b.toMlMatrix());
    const want = Matrix.fromMlMatrix(ref);
    const scale = want.maxAbs();
    for (let i = 0; i < c.data.length; i++) expect(Math.abs(c.data[i]! - want.data[i]!)).toBeLessThan(1e-13 * scale);
  });

  it("accepts nested arrays and ml-matrix matrices, and scales by alpha", () => {
    const c = matmul([[1, 2], [3, 4]], new MlMatrix([[1, 0], [0, 1]]), { alpha: 2 });
    expect(c.toArray()).toEqual([[2, 4], [6, 8]]);
  });

  it("empty and zero-inner-dimension products", () => {
    expect(matmul(Matrix.zeros(0, 3), Matrix.zeros(3, 4)).shape).toEqual([0, 4]);
    const z = matmul(Matrix.zeros(3, 0), Matrix.zeros(0, 2));
    expect(z.shape).toEqual([3, 2]);
    expect(Array.from(z.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("names the problem on bad input", () => {
    expect(() => matmul(Matrix.zeros(3, 4), Matrix.zeros(5, 2))).toThrow(ShapeError);
    expect(() => matmul(Matrix.zeros(3, 4), Matrix.zeros(5, 2))).toThrow(/inner dimensions differ: op\(A\) is 3 x 4, op\(B\) is 5 x 2/);
    expect(() => matmul(Matrix.zeros(3, 4), Matrix.zeros(3, 4), { transB: true })).not.toThrow();
    const bad = Matrix.zeros(2, 3);
    bad.set(1, 2, NaN);
    expect(() => matmul(Matrix.zeros(2, 2), bad)).toThrow(NonFiniteError);
    expect(() => matmul(Matrix.zeros(2, 2), bad)).toThrow(/B has a non-finite entry \(1, 2\) = NaN/);
    const inf = Matrix.zeros(2, 2);
    inf.set(0, 1, -Infinity);
    expect(() => matmul(inf, Matrix.zeros(2, 2))).toThrow(/A has a non-finite entry \(0, 1\) = -Infinity/);
    expect(() => matmul(Matrix.zeros(2, 2), Matrix.zeros(2, 2), { alpha: NaN })).toThrow(InvalidArgumentError);
    expect(() => matmul(42 as never, Matrix.zeros(2, 2))).toThrow(InvalidArgumentError);
  });
});

describe("gram", () => {
  for (const [n, d] of [[1, 1], [5, 3], [3, 5], [200, 37], [50, 130], [300, 129]] as const) {
    it(`X^T X * scale for X ${n} x ${d}: symmetric, within k eps of the triple loop`, () => {
      const x = randomMatrix(n, d, n + d);
      const scale = 1 / n;
      const g = gram(x, { scale });
      expect(g.shape).toEqual([d, d]);
      expect(g.isSymmetric(0)).toBe(true);
      const { c: want, absC } = refMatmul(x, x, true, false);
      for (let i = 0; i < want.data.length; i++) {
        want.data[i]! *= scale;
        absC.data[i]! *= scale;
      }
      expect(productErrorRatio(g.data, want.data, absC.data, n)).toBeLessThan(1);
    });
  }

  it("agrees with ml-matrix transpose().mmul() and its trace is the squared Frobenius norm", () => {
    const x = randomMatrix(120, 40, 9);
    const g = gram(x);
    const want = Matrix.fromMlMatrix(x.toMlMatrix().transpose().mmul(x.toMlMatrix()));
    const scale = want.maxAbs();
    for (let i = 0; i < g.data.length; i++) expect(Math.abs(g.data[i]! - want.data[i]!)).toBeLessThan(1e-13 * scale);
    let trace = 0;
    for (let i = 0; i < 40; i++) trace += g.get(i, i);
    const fro2 = x.data.reduce((s, v) => s + v * v, 0);
    expect(Math.abs(trace - fro2)).toBeLessThan(1e-12 * fro2);
  });

  it("rejects non-finite data and a non-finite scale", () => {
    const x = Matrix.zeros(4, 2);
    x.set(3, 1, Infinity);
    expect(() => gram(x)).toThrow(/X has a non-finite entry \(3, 1\) = Infinity/);
    expect(() => gram(Matrix.zeros(2, 2), { scale: Infinity })).toThrow(/scale must be a finite number/);
  });
});

describe("matvec", () => {
  for (const [m, n] of [[1, 1], [7, 3], [3, 7], [64, 65], [129, 31]] as const) {
    for (const trans of [false, true]) {
      it(`${m} x ${n}, trans=${trans}`, () => {
        const a = randomMatrix(m, n, m * n);
        const x = randomVector(trans ? m : n, m + n);
        const y = matvec(a, x, { trans });
        const xm = new Matrix(x.length, 1, x);
        const { c: want, absC } = refMatmul(a, xm, trans, false);
        expect(y.length).toBe(trans ? n : m);
        expect(productErrorRatio(y, want.data, absC.data, x.length)).toBeLessThan(1);
      });
    }
  }

  it("checks the length of x and its entries", () => {
    expect(() => matvec(Matrix.zeros(3, 4), new Float64Array(3))).toThrow(/x has 3 entries, op\(A\) is 3 x 4/);
    expect(() => matvec(Matrix.zeros(3, 4), new Float64Array(3), { trans: true })).not.toThrow();
    expect(() => matvec(Matrix.zeros(2, 2), [1, NaN])).toThrow(/x has a non-finite entry 1 = NaN/);
  });
});

// Issue #13, reproducer 3: finite inputs whose product overflows. The expected entries are exact
// closed forms (sums of equal terms), so each test knows which entry overflows and why.
describe("overflowed results are NonFiniteError, never Infinity or NaN (issue #13)", () => {
  const filled = (rows: number, cols: number, v: number) => new Matrix(rows, cols, new Float64Array(rows * cols).fill(v));

  it("matmul of 1e308 entries names the first overflowed entry; all WASM memory is freed", () => {
    const before = allocationStats();
    expect(() => matmul(filled(3, 3, 1e308), filled(3, 3, 1e308))).toThrow(NonFiniteError);
    expect(() => matmul(filled(3, 3, 1e308), filled(3, 3, 1e308))).toThrow(
      /^matmul: the product overflowed \(entry \(0, 0\) = Infinity\); scale the inputs/,
    );
    expect(allocationStats()).toEqual(before);
    // one overflowed entry, (1, 2): 1e300 * 1e10; every other entry of the product is finite
    const a = Matrix.identity(3);
    a.set(1, 1, 1e300);
    const b = Matrix.identity(3);
    b.set(1, 2, 1e10);
    expect(() => matmul(a, b)).toThrow(/entry \(1, 2\) = Infinity/);
    // Inf - Inf inside the sum: 1e308 * 1e308 + 1e308 * (-1e308) is NaN with separate multiply and
    // add (the SIMD build), Infinity with a fused multiply-add (fma(a, b, Inf) = Inf: the relaxed build
    // on Node 22+); either way an overflow
    const c = Matrix.from([[1e308, 1e308]]);
    const d = Matrix.from([[1e308], [-1e308]]);
    expect(() => matmul(c, d)).toThrow(/matmul: the product overflowed \(entry \(0, 0\) = (NaN|-?Infinity)\)/);
    // alpha can be what overflows
    expect(() => matmul(filled(2, 2, 1e200), filled(2, 2, 1e100), { alpha: 1e10 })).toThrow(/scale the inputs \(or alpha\)/);
  });

  it("matmul: large but representable products pass (no false alarm near the threshold)", () => {
    // k = 8 terms of 1e150 * 1e150 = 1e300 each: 8e300, and the transposed operand alike
    const c = matmul(filled(4, 8, 1e150), filled(8, 5, 1e150));
    for (const v of c.data) expect(v / 8e300).toBeCloseTo(1, 14);
    const t = matmul(filled(8, 4, -1e150), filled(5, 8, 1e150), { transA: true, transB: true });
    for (const v of t.data) expect(v / -8e300).toBeCloseTo(1, 14);
  });

  it("gram of 1e160 entries, and a scale that overflows", () => {
    // (X^T X)_ij = 3 * 1e320: beyond 1.8e308
    expect(() => gram(filled(3, 2, 1e160))).toThrow(/^gram: the Gram matrix X\^T X overflowed \(entry \(0, 0\) = Infinity\)/);
    expect(() => gram(filled(3, 2, 1e150), { scale: 1e20 })).toThrow(NonFiniteError);
    // only column 1 is huge: entry (1, 1) overflows, and (0, 1) / (1, 0) = 3 * 1e160 do not
    const x = Matrix.fromFunction(3, 2, (_, j) => (j === 1 ? 1e160 : 1));
    expect(() => gram(x)).toThrow(/entry \(1, 1\) = Infinity/);
    // the scaled covariance of the same data is representable: 1e160^2 * 3 / 1e20
    const g = gram(filled(3, 2, 1e160), { scale: 1e-20 });
    for (const v of g.data) expect(v / 3e300).toBeCloseTo(1, 14);
  });

  it("matvec: A x and A^T x that overflow", () => {
    const a = Matrix.fromFunction(2, 3, (i) => (i === 1 ? 1e308 : 1));
    expect(() => matvec(a, [1, 1, 1])).toThrow(/^matvec: the product A x overflowed \(entry 1 = Infinity\)/);
    expect(() => matvec(a, [1, 2], { trans: true })).toThrow(/the product A\^T x overflowed \(entry 0 = Infinity\)/);
    expect(Array.from(matvec(a, [1, -1, 0.5]))).toEqual([0.5, 0.5e308]);
  });
});

describe("ill-typed options are InvalidArgumentError naming the option (issue #13)", () => {
  const a = Matrix.identity(2);
  it("matmul", () => {
    expect(() => matmul(a, a, { transA: "yes" as unknown as boolean })).toThrow(InvalidArgumentError);
    expect(() => matmul(a, a, { transA: "yes" as unknown as boolean })).toThrow(/matmul: option transA must be true or false, got 'yes'/);
    expect(() => matmul(a, a, { transB: 1 as unknown as boolean })).toThrow(/option transB/);
    expect(() => matmul(a, a, { alpha: "2" as unknown as number })).toThrow(/matmul: alpha must be a finite number/);
    expect(() => matmul(a, a, null as unknown as {})).toThrow(/matmul: options must be an object/);
    expect(() => matmul(a, a, { threads: 1.5 })).toThrow(/matmul: threads/);
  });
  it("gram and matvec", () => {
    expect(() => gram(a, { scale: "1" as unknown as number })).toThrow(/gram: scale must be a finite number/);
    expect(() => gram(a, 3 as unknown as {})).toThrow(/gram: options must be an object/);
    expect(() => matvec(a, [1, 1], { trans: "no" as unknown as boolean })).toThrow(/matvec: option trans must be true or false/);
    expect(() => matvec(a, [1, 1], null as unknown as {})).toThrow(InvalidArgumentError);
  });
});
