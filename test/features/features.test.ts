import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  activation, allocationStats, eigsh, featureCovariance, featureCovarianceOperator, features, featureSpectrum,
  InvalidArgumentError, Matrix, NonFiniteError, Rng, ShapeError,
} from "../../src/index.js";
import { randomMatrix, randomVector } from "../helpers.js";

/** F = sigma(X W^T) by plain loops with the TS twin of sigma (independent of GEMM and the kernels). */
function refFeatures(X: Matrix, W: Matrix, name: Parameters<typeof activation>[0]): Matrix {
  const act = activation(name);
  return Matrix.fromFunction(X.rows, W.rows, (i, j) => {
    let t = 0;
    for (let k = 0; k < X.cols; k++) t += X.get(i, k) * W.get(j, k);
    return act.value(t);
  });
}

function refGram(F: Matrix, side: "features" | "samples"): Matrix {
  const n = F.rows;
  const m = side === "features" ? F.cols : F.rows;
  return Matrix.fromFunction(m, m, (a, b) => {
    let t = 0;
    if (side === "features") for (let i = 0; i < n; i++) t += F.get(i, a) * F.get(i, b);
    else for (let j = 0; j < F.cols; j++) t += F.get(a, j) * F.get(b, j);
    return t / n;
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function mlEigenvalues(m: Matrix): Float64Array {
  return Float64Array.from(new EigenvalueDecomposition(new MlMatrix(m.toArray()), { assumeSymmetric: true }).realEigenvalues).sort();
}

describe("features F = sigma(X W^T)", () => {
  const X = randomMatrix(23, 11, 1);
  const W = randomMatrix(9, 11, 2);
  for (const name of ["relu", "tanh", "gelu", "linear"] as const) {
    it(`${name}: matches plain loops`, () => {
      const F = features(X, W, name);
      const ref = refFeatures(X, W, name);
      expect(F.rows).toBe(23);
      expect(F.cols).toBe(9);
      expect(maxAbsDiff(F.data, ref.data)).toBeLessThan(1e-13);
    });
  }

  it("runs a user activation in JS on the WASM block", () => {
    const sq = { value: (x: number) => x * x };
    expect(maxAbsDiff(features(X, W, sq).data, refFeatures(X, W, sq).data)).toBeLessThan(1e-12);
  });

  it("rejects mismatched shapes, non-finite data and unknown activations", () => {
    expect(() => features(X, randomMatrix(9, 10, 3), "relu")).toThrow(ShapeError);
    const bad = X.data.slice();
    bad[5] = NaN;
    expect(() => features(new Matrix(23, 11, bad), W, "relu")).toThrow(NonFiniteError);
    expect(() => features(X, W, "softplus" as "relu")).toThrow(InvalidArgumentError);
  });
});

/** `op` applies as the dense `M` (one vector), and its block apply of `blocks` vectors as one apply each. */
function expectAppliesAs(op: { size: number; apply(x: Float64Array, y: Float64Array): void; applyBlock(k: number, x: Float64Array, y: Float64Array): void }, M: Matrix, blocks: number, seed: number): void {
  const m = op.size;
  const v = randomVector(m, seed);
  const y = new Float64Array(m);
  op.apply(v, y);
  const want = Float64Array.from({ length: m }, (_, a) => M.row(a).reduce((t, s, b) => t + s * v[b]!, 0));
  expect(maxAbsDiff(y, want)).toBeLessThan(1e-13);
  const blk = randomVector(blocks * m, seed + 1);
  const out = new Float64Array(blocks * m);
  op.applyBlock(blocks, blk, out);
  for (let j = 0; j < blocks; j++) {
    const single = new Float64Array(m);
    op.apply(blk.subarray(j * m, (j + 1) * m), single);
    expect(maxAbsDiff(out.subarray(j * m, (j + 1) * m), single)).toBeLessThan(1e-13);
  }
}

describe("FeatureCovarianceOperator", () => {
  const n = 40, p = 25, d = 12;
  const X = randomMatrix(n, d, 4);
  const W = randomMatrix(p, d, 5);

  it("forms Sigma = F^T F / n and K = F F^T / n like plain loops, and applies them without forming", () => {
    const before = allocationStats();
    const F = refFeatures(X, W, "tanh");
    const op = featureCovarianceOperator({ X, W, activation: "tanh" });
    expect(op.size).toBe(p);
    expect(maxAbsDiff(op.features().data, F.data)).toBeLessThan(1e-13);
    const S = refGram(F, "features");
    expect(maxAbsDiff(op.covariance().data, S.data)).toBeLessThan(1e-13);
    const K = refGram(F, "samples");
    expect(maxAbsDiff(op.sampleKernel().data, K.data)).toBeLessThan(1e-13);
    // matvec, single and block
    expectAppliesAs(op, S, 3, 6);
    op.dispose();
    // the samples side
    const opn = featureCovarianceOperator({ X, W, activation: "tanh", side: "samples" });
    expect(opn.size).toBe(n);
    expectAppliesAs(opn, K, 2, 8);
    opn.dispose();
    expect(allocationStats()).toEqual(before);
  });

  it("spectrum() gives all p eigenvalues of Sigma, through K with p - n zeros when p > n", () => {
    const F = refFeatures(X, W, "relu");
    const want = mlEigenvalues(refGram(F, "features"));
    const ev = featureSpectrum({ X, W, activation: "relu" });
    expect(ev.length).toBe(p);
    expect(maxAbsDiff(ev, want)).toBeLessThan(1e-12);
    // p > n: 25 features from 10 samples
    const Xs = randomMatrix(10, d, 10);
    const evs = featureSpectrum({ X: Xs, W, activation: "relu" });
    const wants = mlEigenvalues(refGram(refFeatures(Xs, W, "relu"), "features"));
    expect(evs.length).toBe(p);
    expect(Array.from(evs.subarray(0, p - 10))).toEqual(new Array(p - 10).fill(0));
    expect(maxAbsDiff(evs.subarray(p - 10), wants.subarray(p - 10))).toBeLessThan(1e-12);
    expect(Math.max(...Array.from(wants.subarray(0, p - 10), Math.abs))).toBeLessThan(1e-12);
  });

  it("eigsh on the operator finds the top eigenvalue of the formed covariance", () => {
    const op = featureCovarianceOperator({ X, W, activation: "relu" });
    const top = eigsh(op, 2, { which: "LA" }).values;
    const want = mlEigenvalues(op.covariance());
    op.dispose();
    expect(Math.abs(top[1]! - want[p - 1]!)).toBeLessThan(1e-10 * want[p - 1]!);
    expect(Math.abs(top[0]! - want[p - 2]!)).toBeLessThan(1e-10 * want[p - 1]!);
  });

  it("draws x ~ N(0, I) in WASM: the same numbers as Rng.normalMatrix(n, d) from the seed, and records projections", () => {
    const nn = 300_000 / d + 7; // more than one chunk of normals (2^17), an odd row count
    const rows = Math.floor(nn);
    const v = new Rng(3).haarVector(d);
    const op = featureCovarianceOperator({ W, activation: "relu", n: rows, seed: 99, directions: v });
    const Xr = new Rng(99).normalMatrix(rows, d);
    expect(maxAbsDiff(op.features().data, features(Xr, W, "relu").data)).toBe(0);
    const kappa = op.projections!;
    expect(kappa.rows).toBe(rows);
    expect(kappa.cols).toBe(1);
    let worst = 0;
    for (let i = 0; i < rows; i++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += Xr.get(i, j) * v[j]!;
      worst = Math.max(worst, Math.abs(t - kappa.get(i, 0)));
    }
    expect(worst).toBeLessThan(1e-12);
    op.dispose();
    // featureCovariance is the formed version of the same thing
    const S = featureCovariance({ W, activation: "relu", n: rows, seed: 99 });
    expect(maxAbsDiff(S.data, refGram(features(Xr, W, "relu"), "features").data)).toBeLessThan(1e-12);
  });

  it("frees its WASM memory when a user activation fails during construction", () => {
    const before = allocationStats();
    expect(() => featureCovarianceOperator({ X, W, activation: { value: (t) => (t > 0 ? Math.log(-1) : t) } })).toThrow(NonFiniteError);
    expect(allocationStats()).toEqual(before);
  });

  it("rejects missing data, a bad side and bad directions", () => {
    expect(() => featureCovarianceOperator({ W, activation: "relu", n: 10 })).toThrow(InvalidArgumentError);
    expect(() => featureCovarianceOperator({ W, activation: "relu", n: 0, seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => featureCovarianceOperator({ X, W, activation: "relu", side: "rows" as "features" })).toThrow(InvalidArgumentError);
    expect(() => featureCovarianceOperator({ X, W, activation: "relu", directions: new Float64Array(d + 1) })).toThrow(ShapeError);
  });
});

// Issue #13, reproducer 3: finite X and W whose pre-activations <w_i, x_nu> overflow. A bounded
// activation would turn Inf into a plausible 1 (tanh) and Inf - Inf into NaN; both must raise.
describe("overflowed pre-activations and covariances are NonFiniteError (issue #13)", () => {
  const X = Matrix.from([[1, 2], [-1, 0.5], [3, 1]]);
  it("features with huge weights, for a bounded and an unbounded activation", () => {
    const W = Matrix.from([[1e308, 1e308], [1, 1]]); // row 0 of X W^T: 3e308
    for (const act of ["tanh", "relu", "linear"] as const) {
      expect(() => features(X, W, act)).toThrow(NonFiniteError);
      expect(() => features(X, W, act)).toThrow(/^features: the pre-activations X W\^T overflowed \(entry \(0, 0\) = Infinity\); scale X or W down/);
    }
    // Inf - Inf: x = (1, -1), w = (1e308, 1e308) * 2 gives NaN at entry (1, 0) of X2 W^T with a
    // separate multiply and add, Infinity with a fused multiply-add (the relaxed build, Node 22+)
    const X2 = Matrix.from([[1, 0], [2, -2]]);
    expect(() => features(X2, Matrix.from([[1.5e308, 1.5e308]]), "tanh")).toThrow(/entry \(1, 0\) = (NaN|-?Infinity)/);
  });

  it("large but representable pre-activations pass: tanh(+-1e300) = +-1 exactly", () => {
    const W = Matrix.from([[1e300, 0], [0, -1e300]]);
    const F = features(X, W, "tanh");
    expect(Array.from(F.data)).toEqual([1, -1, -1, -1, 1, -1]);
  });

  it("the operator frees its WASM memory when the pre-activations or the projections overflow", () => {
    const before = allocationStats();
    expect(() => featureCovarianceOperator({ X, W: Matrix.from([[1e308, 1e308]]), activation: "erf" })).toThrow(
      /^featureCovarianceOperator: the pre-activations X W\^T overflowed/,
    );
    expect(() => featureCovarianceOperator({ X, W: Matrix.from([[1, 1]]), activation: "erf", directions: Float64Array.from([1e308, 1e308]) }))
      .toThrow(/featureCovarianceOperator: the projections <x_nu, v_j> overflowed \(entry \(0, 0\)/);
    expect(allocationStats()).toEqual(before);
  });

  it("a covariance F^T F / n that overflows (features about 1e200, linear activation)", () => {
    const W = Matrix.from([[1e200, 0], [0, 1e200]]);
    expect(() => featureCovariance({ X, W, activation: "linear" })).toThrow(/^covariance: the Gram matrix of the features overflowed/);
    expect(() => featureSpectrum({ X, W, activation: "linear" })).toThrow(NonFiniteError);
    const op = featureCovarianceOperator({ X, W, activation: "linear", side: "samples" });
    try {
      expect(() => op.sampleKernel()).toThrow(/^sampleKernel: the Gram matrix of the features overflowed/);
    } finally {
      op.dispose();
    }
    // at 1e150 it is representable: Sigma = W X^T X W^T / n = 1e300 X^T X / 3
    const ok = featureCovariance({ X, W: Matrix.from([[1e150, 0], [0, 1e150]]), activation: "linear" });
    expect(ok.get(0, 0) / (1e300 * (1 + 1 + 9) / 3)).toBeCloseTo(1, 14);
    expect(ok.get(0, 1) / (1e300 * (2 - 0.5 + 3) / 3)).toBeCloseTo(1, 14);
  });
});
