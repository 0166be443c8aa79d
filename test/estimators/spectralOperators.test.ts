import { describe, expect, it } from "vitest";
import {
  allocationStats, classicalEstimator, Denoiser, InvalidArgumentError, LampOperator, lampEstimator, links, Matrix,
  overlap, ResidentMatrix, sampleIndexModel, ShapeError, subspaceOverlap, TapOperator, tapEstimator, tapVector,
} from "../../src/index.js";
import { randomMatrix, randomVector } from "../helpers.js";

/** n symmetric p x p blocks with entries from a seeded normal source. */
function symmetricBlocks(n: number, p: number, seed: number): Float64Array {
  const g = randomVector(n * p * p, seed);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) g[i * p * p + a * p + b] = g[i * p * p + b * p + a]!;
  return g;
}

/** |<A, B>_F| / (||A|| ||B||) for two matrices of the same shape. */
function cosine(A: Matrix, B: Matrix): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < A.data.length; i++) {
    ab += A.data[i]! * B.data[i]!;
    aa += A.data[i]! ** 2;
    bb += B.data[i]! ** 2;
  }
  return Math.abs(ab) / Math.sqrt(aa * bb);
}

describe("LampOperator", () => {
  // p = 2 has its own kernels (both indices in one sweep); n = 41 and d = 15 leave a remainder row
  // block and an odd column; p = 1 and 3 take the general loops
  for (const [n, d, p] of [[41, 15, 2], [40, 16, 1], [23, 9, 3]] as const)
  it(`applies L = (I_p (x) (X X^T - I)) G_hat as the formed matrix does, both diagonals (n ${n}, d ${d}, p ${p})`, () => {
    const X = randomMatrix(n, d, 1);
    const G = symmetricBlocks(n, p, 2);
    const omega = randomVector(n * p, 3);
    for (const diagonal of ["identity", "zero"] as const) {
      const op = new LampOperator(X, G, p, { diagonal });
      const out = new Float64Array(n * p);
      op.apply(omega, out);
      for (let i = 0; i < n; i++) for (let mu = 0; mu < p; mu++) {
        let want = 0;
        for (let j = 0; j < n; j++) {
          let k = 0;
          for (let t = 0; t < d; t++) k += X.data[i * d + t]! * X.data[j * d + t]!;
          if (i === j) k = diagonal === "identity" ? k - 1 : 0;
          for (let nu = 0; nu < p; nu++) want += k * G[j * p * p + mu * p + nu]! * omega[j * p + nu]!;
        }
        expect(Math.abs(out[i * p + mu]! - want)).toBeLessThan(1e-12 * (1 + Math.abs(want)) * n);
      }
      // transfer: W = X^T mat(G_hat omega), row j = sum_i X_ij G(y_i) omega_i
      const W = op.transfer(omega);
      for (let j = 0; j < d; j++) for (let mu = 0; mu < p; mu++) {
        let want = 0;
        for (let i = 0; i < n; i++) for (let nu = 0; nu < p; nu++) want += X.data[i * d + j]! * G[i * p * p + mu * p + nu]! * omega[i * p + nu]!;
        expect(W.get(j, mu)).toBeCloseTo(want, 11);
      }
      op.dispose();
    }
  });

  it("rejects blocks of the wrong size and a disposed resident X", () => {
    const X = randomMatrix(10, 4, 1);
    expect(() => new LampOperator(X, new Float64Array(10 * 3), 2)).toThrow(ShapeError);
    const R = new ResidentMatrix(X);
    R.dispose();
    expect(() => new TapOperator(R, new Float64Array(10), 1)).toThrow(InvalidArgumentError);
  });
});

describe("TapOperator", () => {
  for (const [n, d, p] of [[30, 12, 3], [31, 13, 2], [17, 11, 1]] as const)
  it(`applies scale sum_i T_i (x) x_i x_i^T on vec(W) = W^T row-major, like the formed matrix (n ${n}, d ${d}, p ${p})`, () => {
    const X = randomMatrix(n, d, 4);
    const T = symmetricBlocks(n, p, 5);
    const W = randomMatrix(d, p, 6);
    const op = new TapOperator(X, T, p, { scale: 0.7 });
    expect(op.symmetric).toBe(true);
    const out = new Float64Array(d * p);
    op.apply(tapVector(W), out);
    const Y = op.toMatrix(out);
    for (let j = 0; j < d; j++) for (let mu = 0; mu < p; mu++) {
      let want = 0; // (sum_i x_i x_i^T W T_i)[j, mu]
      for (let i = 0; i < n; i++) {
        let xw = 0;
        for (let nu = 0; nu < p; nu++) {
          let r = 0;
          for (let k = 0; k < d; k++) r += X.data[i * d + k]! * W.data[k * p + nu]!;
          xw += r * T[i * p * p + nu * p + mu]!;
        }
        want += X.data[i * d + j]! * xw;
      }
      expect(Y.get(j, mu)).toBeCloseTo(0.7 * want, 10);
    }
    op.dispose();
  });

  it("shares one resident copy of X between operators and frees everything", () => {
    const before = allocationStats().blocks;
    const X = randomMatrix(50, 20, 7);
    const R = new ResidentMatrix(X);
    const T = symmetricBlocks(50, 2, 8);
    const a = new TapOperator(R, T, 2);
    const b = new TapOperator(X, T, 2);
    const v = randomVector(40, 9);
    const ya = new Float64Array(40);
    const yb = new Float64Array(40);
    a.apply(v, ya);
    b.apply(v, yb);
    expect(Array.from(ya)).toEqual(Array.from(yb));
    a.dispose();
    b.dispose();
    R.dispose();
    expect(allocationStats().blocks).toBe(before);
  });
});

describe("solvers agree on small problems", () => {
  it("TAP: Lanczos on the operator = dense build + eigh", () => {
    const data = sampleIndexModel(links.signProduct(), { d: 200, alpha: 5, seed: 11 });
    const lz = tapEstimator(data, { k: 2, solver: "lanczos", tol: 1e-10 });
    const dn = tapEstimator(data, { k: 2, solver: "dense" });
    for (let j = 0; j < 2; j++) expect(lz.values[j]!).toBeCloseTo(dn.values[j]!, 8);
    expect(subspaceOverlap(lz.subspace(2), dn.subspace(2))).toBeCloseTo(1, 8);
    expect(lz.applications).toBeGreaterThan(0);
  });

  it("LAMP: Arnoldi on the operator = dense build + eig, eigenvalues and estimates", () => {
    const data = sampleIndexModel(links.signProduct(), { d: 100, alpha: 3, seed: 12 });
    const ar = lampEstimator(data, { k: 2, tol: 1e-11 });
    const dn = lampEstimator(data, { k: 2, solver: "dense" });
    for (let j = 0; j < 2; j++) {
      expect(ar.re[j]!).toBeCloseTo(dn.re[j]!, 8);
      expect(cosine(ar.estimates[j]!, dn.estimates[j]!)).toBeCloseTo(1, 8);
    }
  });

  it("classical LAL (p = 1) is the TAP matrix divided by alpha: same eigenvectors, eigenvalues / alpha", () => {
    const data = sampleIndexModel(links.square(), { d: 300, alpha: 3, seed: 13 });
    const tap = tapEstimator(data, { k: 2 });
    const lal = classicalEstimator(data, { preprocessing: "lal", k: 2 });
    // dense eigh is accurate to ~eps ||A||, and T = 1 - 1/y reaches -1e6 here at y ~ 1e-6
    for (let j = 0; j < 2; j++) {
      expect(lal.values[j]! * data.alpha).toBeCloseTo(tap.values[j]!, 6);
      expect(cosine(lal.estimates[j]!, tap.estimates[j]!)).toBeCloseTo(1, 6);
    }
  });
});

describe("relation between L and T (reference 3.5)", () => {
  it("W_L is the eigenvalue-1 eigenvector of T_gamma = sum_i G (gamma + G)^{-1} (x) x x^T at gamma = the LAMP eigenvalue", () => {
    for (const [link, d, alpha] of [[links.signProduct(), 300, 6], [links.square(), 300, 3]] as const) {
      const data = sampleIndexModel(link, { d, alpha, seed: 21 });
      const lamp = lampEstimator(data, { k: 1, tol: 1e-12 });
      const gamma = lamp.re[0]!;
      expect(gamma).toBeGreaterThan(1);
      const tg = tapEstimator(data, { gamma, k: 3, solver: "dense" });
      const j = Array.from(tg.values).reduce((best, v, i) => (Math.abs(v - 1) < Math.abs(tg.values[best]! - 1) ? i : best), 0);
      expect(tg.values[j]!).toBeCloseTo(1, 8);
      expect(cosine(tg.estimates[j]!, lamp.estimate)).toBeCloseTo(1, 7);
    }
  });
});

describe("multiplicities", () => {
  it("the norm: T = I_p (x) D exactly, so every eigenvalue of T is p-fold", () => {
    const data = sampleIndexModel(links.norm(4), { d: 150, alpha: 8, seed: 31 });
    const tap = tapEstimator(data, { k: 16, solver: "dense" });
    for (let g = 0; g < 4; g++) for (let r = 1; r < 4; r++) expect(tap.values[4 * g + r]!).toBeCloseTo(tap.values[4 * g]!, 9);
    expect(tap.values[0]! - tap.values[4]!).toBeGreaterThan(1e-3); // four distinct values
  });
});

describe("bad input", () => {
  it("gets typed errors naming the problem", () => {
    expect(() => sampleIndexModel(links.square(), { d: 10, alpha: 0 })).toThrow(InvalidArgumentError);
    expect(() => sampleIndexModel(links.square(), { d: 10, alpha: -2 })).toThrow(/alpha/);
    expect(() => sampleIndexModel(links.square(), { d: 10, alpha: NaN })).toThrow(InvalidArgumentError);
    expect(() => sampleIndexModel(links.square(), { d: 2.5, alpha: 1 })).toThrow(InvalidArgumentError);
    expect(() => sampleIndexModel(links.product(), { d: 10, alpha: 1, W: new Matrix(10, 3) })).toThrow(ShapeError);
    const pr = sampleIndexModel(links.square(), { d: 30, alpha: 2, seed: 1 });
    expect(() => tapEstimator(pr, { denoiser: new Denoiser(links.product()) })).toThrow(ShapeError); // p mismatch
    expect(() => tapEstimator({ X: pr.X, y: pr.y.subarray(1), link: pr.link })).toThrow(ShapeError);
    expect(() => tapEstimator({ X: pr.X, y: pr.y })).toThrow(/link/);
    expect(() => classicalEstimator(pr, { preprocessing: "mm" })).not.toThrow(); // alpha = 2 > 1/2
    expect(() => classicalEstimator(sampleIndexModel(links.square(), { d: 30, alpha: 0.4, seed: 1 }), { preprocessing: "mm" })).toThrow(/alpha_c/);
    const ratio = sampleIndexModel(links.ratio(), { d: 30, alpha: 2, seed: 1 });
    expect(() => tapEstimator(ratio)).toThrow(/singular/); // E[zz^T | y] has rank one
    expect(() => lampEstimator(ratio, { solver: "dense" })).not.toThrow(); // LAMP needs only G
    const sp = sampleIndexModel(links.signProduct(), { d: 30, alpha: 2, seed: 1 });
    expect(() => classicalEstimator(sp, { preprocessing: "lal" })).toThrow(ShapeError); // needs p = 1
    expect(() => tapEstimator(sp, { k: 0 })).toThrow(InvalidArgumentError);
    expect(() => overlap(new Matrix(5, 1), new Matrix(6, 1))).toThrow(ShapeError);
  });
});
