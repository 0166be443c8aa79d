/** Measurement helpers shared by the sweep models. */
import { eigsh } from "../../linalg/eigsh.js";
import type { WasmOperator } from "../../linalg/linearOperators.js";
import type { Matrix } from "../../matrix.js";
import type { Measurement } from "../types.js";

/** The density on a grid covering [lo, hi] (200 points). */
export function densityGrid(lo: number, hi: number, density: (x: number) => number): { x: number[]; y: number[] } {
  const x = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  return { x, y: x.map(density) };
}

/**
 * The residual tolerance of a sweep's eigensolves, relative to ||A||, tied to what a sweep can
 * resolve (issue #21): an eigenvalue is off by at most the residual (by residual^2 / gap for a
 * Rayleigh quotient), an eigenvector's angle by residual / gap (Davis-Kahan), while the statistical
 * scale of the top eigenvalue is its Tracy-Widom width n^(-2/3) (2e-3 relative at n = 4000) and
 * that of an overlap n^(-1/2) or more. 1e-6 stays three orders of magnitude below both at every
 * size a sweep runs (n up to 10^5: n^(-2/3) = 5e-4), gaps included: below the threshold, where
 * the top two eigenvalues are bulk-edge neighbours a gap ~ n^(-2/3) apart, the overlap with the
 * planted direction is O(1/d) whatever the angle error.
 */
export const SWEEP_TOL = 1e-6;

/**
 * The two largest eigenpairs of a one-spike model's operator (disposed here): the top one and its
 * squared overlap with the planted direction, the second as the empirical bulk edge. eigsh runs to
 * SWEEP_TOL without its final check from a fresh vector (confirm: false): the two wanted
 * eigenvalues, an outlier and the bulk edge of a continuous spectrum, are simple with probability 1.
 */
export function measureTopPair(op: WasmOperator, planted: Matrix, seed: number): Measurement {
  try {
    const res = eigsh(op, 2, { which: "LA", tol: SWEEP_TOL, seed, confirm: false });
    return {
      top: [res.values[1]!, res.values[0]!],
      overlaps: [squaredOverlap(res.vectors, 1, planted, 0)],
      edge: res.values[0]!,
      seconds: 0,
      applications: res.applications,
    };
  } finally {
    op.dispose();
  }
}

function squaredOverlap(vectors: Matrix, column: number, planted: Matrix, plantedColumn: number): number {
  const n = vectors.rows;
  let s = 0;
  for (let i = 0; i < n; i++) s += vectors.data[i * vectors.cols + column]! * planted.data[i * planted.cols + plantedColumn]!;
  return s * s;
}

/** The dimension d = gamma n of the covariance models (at least 2: a spike and a bulk direction). */
export function covarianceDimension(n: number, gamma: number): number {
  return Math.max(2, Math.round(gamma * n));
}
