import { describe, expect, it } from "vitest";
import {
  allocationStats, blockSampleOperator, DenseOperator, gram, InvalidArgumentError, linearOperator, matvec, Matrix, ResidentMatrix, sampleCovariance, ShapeError,
} from "../../src/index.js";
import { randomMatrix, randomVector } from "../helpers.js";

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("operators", () => {
  it("sampleCovariance applies X^T diag(w) X / n like the formed matrix, single and block", () => {
    const n = 157, d = 61;
    const x = randomMatrix(n, d, 1);
    const w = randomVector(n, 2);
    const op = sampleCovariance(x, { weights: w });
    // formed matrix: X^T diag(w) X / n = (diag(sqrt|w|) X)^T ... use explicit sums
    const formed = new Matrix(d, d);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
      formed.data[a * d + b]! += (w[i]! * x.get(i, a) * x.get(i, b)) / n;
    }
    const v = randomVector(d, 3);
    const y = new Float64Array(d);
    op.apply(v, y);
    const want = matvec(formed, v);
    const scale = Math.max(...want.map(Math.abs));
    expect(maxAbsDiff(y, want)).toBeLessThan(1e-12 * scale);
    // a block of 5 vectors (rows) equals 5 single applications
    const k = 5;
    const block = randomVector(k * d, 4);
    const out = new Float64Array(k * d);
    op.applyBlock(k, block, out);
    for (let j = 0; j < k; j++) {
      const single = new Float64Array(d);
      op.apply(block.subarray(j * d, (j + 1) * d), single);
      expect(maxAbsDiff(out.subarray(j * d, (j + 1) * d), single)).toBeLessThan(1e-12 * scale);
    }
    expect(op.applications).toBe(1 + k + k);
    op.dispose();
  });

  it("without weights it is gram(X) / n", () => {
    const x = randomMatrix(80, 30, 5);
    const op = sampleCovariance(x);
    const g = gram(x, { scale: 1 / 80 });
    const v = randomVector(30, 6);
    const y = new Float64Array(30);
    op.apply(v, y);
    expect(maxAbsDiff(y, matvec(g, v))).toBeLessThan(1e-13 * 10);
    op.dispose();
  });

  it("dense operators: symmetric (upper triangle) and general, single and block", () => {
    const n = 45;
    const a = randomMatrix(n, n, 7);
    const sym = Matrix.fromFunction(n, n, (i, j) => a.get(Math.min(i, j), Math.max(i, j)));
    for (const [m, symmetric] of [[a, false], [sym, true]] as const) {
      const op = new DenseOperator(m, { symmetric });
      const v = randomVector(n, 8);
      const y = new Float64Array(n);
      op.apply(v, y);
      expect(maxAbsDiff(y, matvec(m, v))).toBeLessThan(1e-12);
      const block = randomVector(3 * n, 9);
      const out = new Float64Array(3 * n);
      op.applyBlock(3, block, out);
      for (let j = 0; j < 3; j++) {
        expect(maxAbsDiff(out.subarray(j * n, (j + 1) * n), matvec(m, block.subarray(j * n, (j + 1) * n)))).toBeLessThan(1e-12);
      }
      op.dispose();
    }
  });

  it("the p-index block operator equals sum_i x_i (T_i W^T x_i)^T / n", () => {
    const n = 90, d = 17, p = 3;
    const x = randomMatrix(n, d, 10);
    const t = randomVector(n * p * p, 11);
    const op = blockSampleOperator(x, t, p);
    expect(op.size).toBe(d * p);
    expect(op.symmetric).toBe(false);
    const w = randomVector(d * p, 12); // W is d x p row-major
    const y = new Float64Array(d * p);
    op.apply(w, y);
    const want = new Float64Array(d * p);
    for (let i = 0; i < n; i++) {
      const u = new Float64Array(p);
      for (let b = 0; b < p; b++) for (let j = 0; j < d; j++) u[b]! += w[j * p + b]! * x.get(i, j);
      const v = new Float64Array(p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v[a]! += t[i * p * p + a * p + b]! * u[b]!;
      for (let j = 0; j < d; j++) for (let a = 0; a < p; a++) want[j * p + a]! += (x.get(i, j) * v[a]!) / n;
    }
    expect(maxAbsDiff(y, want)).toBeLessThan(1e-12);
    op.dispose();
  });

  it("the p-index block operator with symmetric 2 x 2 blocks, a scale and a resident X over several row chunks", () => {
    // the TAP kernel's p = 2 path and its chunked row sum, in the row-major W layout
    const n = 2500, d = 7, p = 2, scale = 0.3;
    const x = randomMatrix(n, d, 14);
    const g = randomVector(n * 3, 15);
    const t = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) t.set([g[3 * i]!, g[3 * i + 1]!, g[3 * i + 1]!, g[3 * i + 2]!], 4 * i);
    const before = allocationStats();
    const resident = new ResidentMatrix(x);
    const op = blockSampleOperator(resident, t, p, { scale });
    expect(op.symmetric).toBe(true);
    const w = randomVector(d * p, 16);
    const y = new Float64Array(d * p);
    op.apply(w, y);
    const want = new Float64Array(d * p);
    for (let i = 0; i < n; i++) {
      const u0 = Array.from({ length: d }, (_, j) => w[j * p]! * x.get(i, j)).reduce((s, v) => s + v, 0);
      const u1 = Array.from({ length: d }, (_, j) => w[j * p + 1]! * x.get(i, j)).reduce((s, v) => s + v, 0);
      const v0 = t[4 * i]! * u0 + t[4 * i + 1]! * u1;
      const v1 = t[4 * i + 2]! * u0 + t[4 * i + 3]! * u1;
      for (let j = 0; j < d; j++) {
        want[j * p]! += scale * x.get(i, j) * v0;
        want[j * p + 1]! += scale * x.get(i, j) * v1;
      }
    }
    let size = 0;
    for (const v of want) size = Math.max(size, Math.abs(v));
    expect(maxAbsDiff(y, want)).toBeLessThan(1e-12 * size);
    expect(() => blockSampleOperator(x, t, p, { scale: Number.NaN })).toThrow(/scale must be a finite number/);
    op.dispose();
    resident.dispose();
    expect(allocationStats()).toEqual(before);
  });

  it("rejects bad shapes and frees its memory on dispose", () => {
    const before = allocationStats();
    const op = sampleCovariance(randomMatrix(10, 4, 13));
    expect(allocationStats().blocks).toBeGreaterThan(before.blocks);
    expect(() => op.apply(new Float64Array(3), new Float64Array(4))).toThrow(ShapeError);
    op.dispose();
    op.dispose();
    expect(allocationStats()).toEqual(before);
    expect(() => sampleCovariance(randomMatrix(10, 4, 1), { weights: [1, 2] })).toThrow(/weights has 2 entries, X has 10 rows/);
    expect(() => new DenseOperator(Matrix.zeros(2, 3))).toThrow(/square/);
    expect(() => blockSampleOperator(randomMatrix(4, 2, 1), new Float64Array(5), 2)).toThrow(/n p\^2 = 16/);
    const f = linearOperator(3, (x, y) => y.set(x));
    const y = new Float64Array(3);
    f.apply(Float64Array.from([1, 2, 3]), y);
    expect(Array.from(y)).toEqual([1, 2, 3]);
  });

  it("a DenseOperator declared symmetric applies its upper triangle in single and block products alike", () => {
    const a = Matrix.from([[1, 2], [5, 3]]); // lower entry ignored: the operator is [[1, 2], [2, 3]]
    const op = new DenseOperator(a, { symmetric: true });
    const y = new Float64Array(2);
    op.apply(Float64Array.from([1, 0]), y);
    expect(Array.from(y)).toEqual([1, 2]);
    const block = new Float64Array(4);
    op.applyBlock(2, Float64Array.from([1, 0, 0, 1]), block);
    expect(Array.from(block)).toEqual([1, 2, 2, 3]);
    op.dispose();
  });

  it("symmetry: linearOperator leaves it unknown unless told; DenseOperator measures it (issue #13)", () => {
    expect(linearOperator(3, (x, y) => y.set(x)).symmetric).toBeUndefined();
    expect(linearOperator(3, (x, y) => y.set(x), { symmetric: true }).symmetric).toBe(true);
    expect(linearOperator(3, (x, y) => y.set(x), { symmetric: false }).symmetric).toBe(false);
    expect(() => linearOperator(3, null as never)).toThrow(InvalidArgumentError);
    expect(() => linearOperator(3, (x, y) => y.set(x), { symmetric: 1 as never })).toThrow(/symmetric must be a boolean/);
    expect(() => new DenseOperator(Matrix.identity(2), { symmetric: "no" as never })).toThrow(InvalidArgumentError);
    // max|a_ij - a_ji| <= 1e-10 max|a_ij| (eigh's tolerance): here max|a_ij| = 5, the limit 5e-10
    const a = Matrix.from([[2, 1, 0], [1, 3, 4], [0, 4, 5]]);
    for (const [delta, symmetric] of [[0, true], [4e-10, true], [1e-9, false]] as const) {
      const b = a.clone();
      b.set(2, 1, 4 + delta);
      const op = new DenseOperator(b);
      expect(op.symmetric).toBe(symmetric);
      expect(op.asymmetry).toBe(4 + delta - 4); // exactly the difference of the stored entries
      // a symmetric operator is the upper triangle's matrix (what DSYMV reads), single and block
      // products alike; a nonsymmetric one is b itself
      const y = new Float64Array(3);
      op.apply(Float64Array.from([0, 1, 0]), y);
      const col = [1, 3, symmetric ? 4 : 4 + delta];
      expect(Array.from(y)).toEqual(col);
      const block = new Float64Array(6);
      op.applyBlock(2, Float64Array.from([0, 1, 0, 0, 1, 0]), block);
      expect(Array.from(block)).toEqual([...col, ...col]);
      op.dispose();
    }
  });
});
