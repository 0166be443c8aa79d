import { Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  gram, InvalidArgumentError, matmul, matvec, Matrix, NonFiniteError, ShapeError,
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
