/**
 * Models a sweep can vary: each draws one instance at a value of its swept parameter from a seed,
 * measures its top eigenvalues, eigenvector overlaps and empirical edge, and states the theory's
 * prediction for the same parameters (a pure function: src/theory).
 */
import { InvalidArgumentError } from "../errors.js";
import { spikedCovariance } from "../ensembles/covariance.js";
import { spikedWigner } from "../ensembles/wigner.js";
import { eigvalsh } from "../linalg/eigh.js";
import { eigsh } from "../linalg/eigsh.js";
import { DenseOperator, sampleCovariance } from "../linalg/operators.js";
import type { Matrix } from "../matrix.js";
import { marchenkoPasturDensity, marchenkoPasturEdgeScale, marchenkoPasturEdges } from "../theory/marchenkoPastur.js";
import { spikedCovarianceOutliers, spikedWignerOutliers } from "../theory/outliers.js";
import { semicircleDensity, semicircleEdgeScale } from "../theory/semicircle.js";
import type { SpectrumPanel } from "../report/html.js";
import type { Measurement, Params, Prediction } from "./types.js";

export interface SweepModel {
  name: string;
  /** The swept parameter. */
  parameter: string;
  description: string;
  /** Defaults of the fixed parameters (numbers or strings). */
  defaults: Params;
  /** Throws InvalidArgumentError naming a bad fixed parameter. */
  validate?(fixed: Params): void;
  measure(value: number, fixed: Params, seed: number): Measurement;
  predict(value: number, fixed: Params): Prediction;
  /** One instance's whole spectrum (dense eigvalsh) beside the limiting density, for the report. */
  spectrum?(value: number, fixed: Params, seed: number): SpectrumPanel;
}

/** The density on a grid covering [lo, hi] (200 points). */
function densityGrid(lo: number, hi: number, density: (x: number) => number): { x: number[]; y: number[] } {
  const x = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  return { x, y: x.map(density) };
}

function num(fixed: Params, name: string): number {
  const v = Number(fixed[name]);
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`parameter ${name} must be a number, got ${fixed[name]}`);
  return v;
}

function positiveInt(fixed: Params, name: string): number {
  const v = num(fixed, name);
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`parameter ${name} must be a positive integer, got ${fixed[name]}`);
  return v;
}

function squaredOverlap(vectors: Matrix, column: number, planted: Matrix, plantedColumn: number): number {
  const n = vectors.rows;
  let s = 0;
  for (let i = 0; i < n; i++) s += vectors.data[i * vectors.cols + column]! * planted.data[i * planted.cols + plantedColumn]!;
  return s * s;
}

const spikedWignerModel: SweepModel = {
  name: "spiked-wigner",
  parameter: "theta",
  description: "GOE W (semicircle on [-2, 2]) plus theta v v^T; outlier theta + 1/theta above theta = 1",
  defaults: { n: 1000 },
  validate(fixed) {
    positiveInt(fixed, "n");
  },
  measure(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const sample = spikedWigner({ n, spikes: [theta], seed });
    const op = new DenseOperator(sample.matrix, { symmetric: true });
    try {
      const res = eigsh(op, 2, { which: "LA", tol: 1e-9, seed });
      return {
        top: [res.values[1]!, res.values[0]!],
        overlaps: [squaredOverlap(res.vectors, 1, sample.directions, 0)],
        edge: res.values[0]!,
        seconds: 0,
        applications: res.applications,
      };
    } finally {
      op.dispose();
    }
  },
  predict(theta, fixed) {
    const n = positiveInt(fixed, "n");
    const [spike] = spikedWignerOutliers([theta]);
    return {
      outliers: spike!.isOutlier ? [spike!.location] : [],
      overlaps: [spike!.overlap],
      edge: 2,
      threshold: spike!.threshold,
      edgeScale: semicircleEdgeScale(n),
    };
  },
  spectrum(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const values = eigvalsh(spikedWigner({ n, spikes: [theta], seed }).matrix);
    const pred = this.predict(theta, fixed);
    return {
      title: `spectrum of one instance at theta = ${theta} (n = ${n}) vs the semicircle`,
      eigenvalues: Array.from(values),
      density: densityGrid(-2.2, Math.max(2.2, ...pred.outliers.map((o) => o + 0.2)), (x) => semicircleDensity(x)),
      edges: [-2, 2],
      outliers: pred.outliers,
    };
  },
};

const spikedCovarianceModel: SweepModel = {
  name: "spiked-covariance",
  parameter: "theta",
  description: "n samples of N(0, I + theta v v^T) in d = gamma n dimensions; BBP outlier above theta = sqrt(gamma)",
  defaults: { n: 2000, gamma: 0.5 },
  validate(fixed) {
    positiveInt(fixed, "n");
    if (!(num(fixed, "gamma") > 0)) throw new InvalidArgumentError(`parameter gamma must be > 0, got ${fixed["gamma"]}`);
  },
  measure(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const sample = spikedCovariance({ n, d, spikes: [theta], seed, covariance: false });
    const op = sampleCovariance(sample.data);
    try {
      const res = eigsh(op, 2, { which: "LA", tol: 1e-9, seed });
      return {
        top: [res.values[1]!, res.values[0]!],
        overlaps: [squaredOverlap(res.vectors, 1, sample.directions, 0)],
        edge: res.values[0]!,
        seconds: 0,
        applications: res.applications,
      };
    } finally {
      op.dispose();
    }
  },
  predict(theta, fixed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const gamma = d / n;
    const [spike] = spikedCovarianceOutliers([theta], { gamma });
    return {
      outliers: spike!.isOutlier ? [spike!.location] : [],
      overlaps: [spike!.overlap],
      edge: marchenkoPasturEdges({ gamma }).upper,
      threshold: spike!.threshold,
      edgeScale: marchenkoPasturEdgeScale(n, { gamma }),
    };
  },
  spectrum(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const gamma = d / n;
    const sample = spikedCovariance({ n, d, spikes: [theta], seed });
    const values = eigvalsh(sample.covariance!);
    const pred = this.predict(theta, fixed);
    const { lower, upper } = marchenkoPasturEdges({ gamma });
    return {
      title: `spectrum of one instance at theta = ${theta} (n = ${n}, d = ${d}) vs Marchenko-Pastur (gamma = ${gamma})`,
      eigenvalues: Array.from(values),
      density: densityGrid(Math.max(0, lower - 0.1), Math.max(upper, ...pred.outliers) + 0.2, (x) => marchenkoPasturDensity(x, { gamma })),
      edges: [lower, upper],
      outliers: pred.outliers,
    };
  },
};

const models = new Map<string, SweepModel>([
  [spikedWignerModel.name, spikedWignerModel],
  [spikedCovarianceModel.name, spikedCovarianceModel],
]);

/** The registered models. */
export function sweepModels(): SweepModel[] {
  return [...models.values()];
}

export function getModel(name: string): SweepModel {
  const m = models.get(name);
  if (!m) throw new InvalidArgumentError(`unknown model '${name}'; known models: ${[...models.keys()].join(", ")}`);
  return m;
}
