// eigs without its verification cycle (confirm: false, issue #21), on the shape of the LAMP sweep's
// problem: two real outliers and the rightmost bulk value of a random nonsymmetric matrix
// G / sqrt(n) + 3 u1 u1^T + 2.2 u2 u2^T (circular law: bulk in the unit disk; Tao's outlier
// theorem: outliers near 3 and 2.2). Reference: the dense eig of the same matrix; residuals
// recomputed here.
import { describe, expect, it } from "vitest";
import { DenseOperator, eig, eigs, InvalidArgumentError, Matrix } from "../../src/index.js";
import { eigenpairResidual, normalSource, randomMatrix } from "../helpers.js";

function withOutliers(n: number, seed: number, thetas: number[]): Matrix {
  const a = randomMatrix(n, n, seed);
  for (let i = 0; i < a.data.length; i++) a.data[i]! /= Math.sqrt(n);
  const g = normalSource(seed + 1);
  const us: Float64Array[] = [];
  for (const theta of thetas) {
    const u = Float64Array.from({ length: n }, g);
    for (const w of us) {
      let d = 0;
      for (let i = 0; i < n; i++) d += u[i]! * w[i]!;
      for (let i = 0; i < n; i++) u[i]! -= d * w[i]!;
    }
    let s = 0;
    for (const x of u) s += x * x;
    for (let i = 0; i < n; i++) u[i]! /= Math.sqrt(s);
    us.push(u);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j]! += theta * u[i]! * u[j]!;
  }
  return a;
}

describe("eigs without the verification cycle (confirm: false)", () => {
  const n = 400;
  const A = withOutliers(n, 5, [3, 2.2]);
  const dense = eig(A, { vectors: false });
  const order = Array.from(dense.re, (_, i) => i).sort((i, j) => dense.re[j]! - dense.re[i]! || dense.im[j]! - dense.im[i]!);
  let anorm = 0;
  for (const x of A.data) anorm += x * x;
  anorm = Math.sqrt(anorm);

  it("stops at the first converged cycle: fewer applications, the same three values as dense eig, residuals within tol", () => {
    // the setup is what the test claims: two outliers, then the bulk's rightmost value inside the unit disk (+ O(n^-1/2))
    expect(dense.re[order[0]!]!).toBeGreaterThan(2.7);
    expect(dense.re[order[1]!]!).toBeGreaterThan(1.9);
    expect(dense.re[order[2]!]!).toBeLessThan(1.3);
    const op = new DenseOperator(A);
    try {
      const full = eigs(op, 3, { which: "LR", tol: 1e-10, seed: 4 });
      const quick = eigs(op, 3, { which: "LR", tol: 1e-10, seed: 4, confirm: false });
      expect(full.converged).toBe(true);
      expect(quick.converged).toBe(true);
      expect(quick.applications).toBeLessThan(full.applications);
      for (let c = 0; c < 3; c++) {
        // bulk eigenvalues of a nonsymmetric matrix are ill-conditioned (condition ~ sqrt(n)): 1e-6 on a 1e-10 residual
        expect(Math.abs(quick.re[c]! - dense.re[order[c]!]!)).toBeLessThan(1e-6);
        expect(Math.abs(quick.im[c]! - dense.im[order[c]!]!)).toBeLessThan(1e-6);
        const { residual } = eigenpairResidual(A, quick.re[c]!, quick.im[c]!, quick.vectors.re.data, quick.vectors.im.data, c, 3);
        expect(residual).toBeLessThan(1e-10 * anorm);
      }
    } finally {
      op.dispose();
    }
  });

  it("confirm must be a boolean", () => {
    expect(() => eigs(Matrix.identity(30), 2, { confirm: "no" as never })).toThrow(InvalidArgumentError);
  });
});
