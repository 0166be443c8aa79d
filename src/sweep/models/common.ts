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
 * The two largest eigenpairs of a one-spike model's operator (disposed here): the top one and its
 * squared overlap with the planted direction, the second as the empirical bulk edge.
 */
export function measureTopPair(op: WasmOperator, planted: Matrix, seed: number): Measurement {
  try {
    const res = eigsh(op, 2, { which: "LA", tol: 1e-9, seed });
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
