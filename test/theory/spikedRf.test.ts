import { describe, expect, it } from "vitest";
import {
  ckStieltjes, complex as C, featureCovarianceOperator, gram, hermiteCoefficients, InvalidArgumentError,
  marchenkoPasturStieltjes, matmul, Matrix, ridgeTestError, ridgeTestErrorSpectral, Rng, shiftedCoefficients,
  spikedRandomFeatures, spikedRfEquivalent, type Complex, type SecondLayerSpec,
} from "../../src/index.js";
import { choleskySolve } from "../../src/numerics/cholesky.js";
import { empiricalStieltjes } from "../helpers.js";

const PROBES: Complex[] = [C.of(0.3, 0.05), C.of(1, 0.01), C.of(1.7, 0.2), C.of(-0.4, 0.1), C.of(0.8, 1e-3)];

describe("spiked-RF equivalent: special cases", () => {
  it("theta = 0 reduces to the CK quartic (relu, tanh; n < p and n > p)", () => {
    for (const [name, n, p, d] of [["relu", 3000, 2000, 1500], ["tanh", 1000, 2000, 4000]] as const) {
      const h = hermiteCoefficients(name);
      const de = spikedRfEquivalent({ coefficients: shiftedCoefficients(name), n, p, d, theta: 0 });
      for (const z of PROBES) {
        const want = ckStieltjes(z, { n, p, d, mu1: h.mu1, muStar2: h.muStar2 });
        const got = de.stieltjes(z);
        expect(C.dist(got.gp, want.gp)).toBeLessThan(1e-9);
        expect(C.dist(got.gn, want.gn)).toBeLessThan(1e-9);
      }
    }
  });

  it("mu1 = 0 (pure noise) gives Marchenko-Pastur for (s/n) Xi^T Xi, and the atom 1 - n/p", () => {
    const noise = { mu0: () => 0.3, mu1: () => 0, muStar2: () => 0.6 };
    const de = spikedRfEquivalent({ coefficients: noise, n: 1000, p: 1500, d: 800, theta: 1 });
    expect(de.atom).toBeCloseTo(1 / 3, 15);
    for (const z of PROBES) {
      expect(C.dist(de.stieltjesP(z), marchenkoPasturStieltjes(z, { gamma: 1.5, variance: 0.6 }))).toBeLessThan(1e-10);
    }
  });

  it("linear sigma: the bulk is the cubic for any theta (the spike only adds the rank-K mean)", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("linear"), n: 1200, p: 600, d: 900, theta: 2, secondLayer: "plusminus" });
    for (const z of PROBES) {
      const want = ckStieltjes(z, { n: 1200, p: 600, d: 900, mu1: 1, muStar2: 0 });
      expect(C.dist(de.stieltjesP(z), want.gp)).toBeLessThan(1e-9);
    }
  });

  it("odd sigma with abar = +-1: both groups are the same in law, so K = 2 equals K = 1", () => {
    const co = shiftedCoefficients("tanh");
    const one = spikedRfEquivalent({ coefficients: co, n: 2000, p: 1000, d: 1500, theta: 2 });
    const two = spikedRfEquivalent({ coefficients: co, n: 2000, p: 1000, d: 1500, theta: 2, secondLayer: { values: [1, -1], probs: [0.3, 0.7] } });
    for (const z of PROBES) {
      const a = one.stieltjes(z);
      const b = two.stieltjes(z);
      expect(C.dist(a.gp, b.gp)).toBeLessThan(1e-9);
      // the resolvent diagonal per group is the same too
      expect(C.dist(b.resolventDiagonal[0]!, b.resolventDiagonal[1]!)).toBeLessThan(1e-9);
    }
  });

  it("behaves like a Stieltjes transform: Im g > 0, g ~ -1/z at infinity, conjugate below the axis", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("relu"), n: 2000, p: 3000, d: 1000, theta: 1.5, secondLayer: "plusminus" });
    for (const z of PROBES) {
      expect(de.stieltjesP(z).im).toBeGreaterThan(0);
      expect(de.stieltjesN(z).im).toBeGreaterThan(0);
      expect(C.dist(de.stieltjesP(C.conj(z)), C.conj(de.stieltjesP(z)))).toBeLessThan(1e-14);
    }
    const far = C.of(1e6, 1);
    // the order-p spikes sit near 0.6 p: at |z| = 1e6 the 1/z^2 term is ~1e-9
    expect(C.dist(C.mul(de.stieltjesP(far), far), C.of(-1))).toBeLessThan(1e-3);
  });

  it("continuous abar ~ N(0, 1): 16 and 24 quadrature nodes agree to 1e-3, and the leading spikes are the reference's", () => {
    const co = shiftedCoefficients("relu");
    const a = spikedRfEquivalent({ coefficients: co, n: 3000, p: 1500, d: 1500, theta: 1, secondLayer: "gaussian" });
    const b = spikedRfEquivalent({ coefficients: co, n: 3000, p: 1500, d: 1500, theta: 1, secondLayer: "gaussian", secondLayerNodes: 24 });
    for (const z of PROBES.slice(0, 3)) expect(C.dist(a.stieltjesP(z), b.stieltjesP(z))).toBeLessThan(1e-3);
    // reference section 5.1: "predicted 542, 375, 17.8, 0.17" (p eig(Pi^1/2 A Pi^1/2), K = 24 here)
    const lead = b.outliers({ upperEdge: 3 }).map((o) => o.leading);
    expect(lead[0]! / 542 - 1).toBeCloseTo(0, 2);
    expect(lead[1]! / 375 - 1).toBeCloseTo(0, 2);
    expect(lead[2]! / 17.8 - 1).toBeCloseTo(0, 1);
  });

  it("rejects bad parameters with typed errors", () => {
    const co = shiftedCoefficients("relu");
    expect(() => spikedRfEquivalent({ coefficients: co, n: 10, p: 0, d: 10, theta: 1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRfEquivalent({ coefficients: co, n: 10, p: 10, d: 10, theta: -1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRfEquivalent({ coefficients: {} as never, n: 10, p: 10, d: 10, theta: 1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRfEquivalent({ coefficients: co, n: 10, p: 10, d: 10, theta: 1, secondLayer: "binary" as SecondLayerSpec })).toThrow(InvalidArgumentError);
    const de = spikedRfEquivalent({ coefficients: co, n: 10, p: 20, d: 10, theta: 1 });
    expect(() => de.stieltjes(0)).toThrow(InvalidArgumentError);
    expect(() => de.density([1], { epsilon: -1 })).toThrow(InvalidArgumentError);
  });
});

interface Simulation {
  ev: Float64Array;
  kappa: Float64Array;
  de: ReturnType<typeof spikedRfEquivalent>;
  K: number;
  p: number;
}

/** sRF features on fresh data, and the DE with the realized group fractions. */
function simulate(name: "relu" | "tanh", secondLayer: "ones" | "plusminus", theta: number, seed: number, n = 2000, p = 1000, d = 1000): Simulation {
  const model = spikedRandomFeatures({ d, p, theta, secondLayer, activation: name, seed });
  const op = featureCovarianceOperator({ W: model.spikedW, activation: name, n, seed: seed + 1000, directions: model.spikeDirection });
  const ev = op.spectrum();
  const kappa = op.projections!.column(0);
  op.dispose();
  const K = secondLayer === "plusminus" ? 2 : 1;
  const counts = [0, 0];
  model.groups!.forEach((g) => counts[g]!++);
  const law: SecondLayerSpec = K === 2 ? { values: [1, -1], probs: [counts[0]! / p, counts[1]! / p] } : "ones";
  const de = spikedRfEquivalent({ coefficients: shiftedCoefficients(name), n, p, d, theta, secondLayer: law });
  return { ev, kappa, de, K, p };
}

describe("spiked-RF equivalent against simulation (n = 2000, p = d = 1000, rows on the sphere)", () => {
  const sims = [
    { label: "ReLU, abar = +-1, theta = 1.5, seed 1", s: simulate("relu", "plusminus", 1.5, 1) },
    { label: "ReLU, abar = +-1, theta = 1.5, seed 2", s: simulate("relu", "plusminus", 1.5, 2) },
    { label: "tanh, abar = 1, theta = 2, seed 3", s: simulate("tanh", "ones", 2, 3) },
    { label: "tanh, abar = 1, theta = 2, seed 4", s: simulate("tanh", "ones", 2, 4) },
  ];

  for (const { label, s } of sims) {
    describe(label, () => {
      it("Stieltjes transform at Im z = 0.05 within 2 / (p Im z) = 0.04 (measured 0.01-0.03)", () => {
        // probes at fractions of the upper edge; closer to the (nearly hard) lower edge the finite-n
        // error is larger (tanh at x = 0.15: 0.03-0.07 at p = 1000, halving at p = 2000)
        const edge = s.de.support()[0]![1];
        for (const f of [0.3, 0.55, 0.8, 1.2]) {
          const z = C.of(f * edge, 0.05);
          expect(C.dist(empiricalStieltjes(s.ev, z), s.de.stieltjesP(z))).toBeLessThan(2 / (s.p * z.im));
        }
      });

      it("support edges and histogram: edges within Tracy-Widom-scale windows, bin densities within 0.05", () => {
        const sup = s.de.support();
        expect(sup.length).toBe(1);
        const [lower, upper] = sup[0]!;
        // the largest bulk eigenvalue (the K order-p spikes excluded); measured 0.01-0.045 below the edge
        expect(Math.abs(s.ev[s.p - 1 - s.K]! - upper)).toBeLessThan(0.08);
        expect(Math.abs(s.ev[0]! - lower)).toBeLessThan(0.01);
        const w = 0.1;
        for (let a = 0.1; a + w < upper - 0.1; a += w) {
          const count = s.ev.filter((l) => l >= a && l < a + w).length / s.p / w;
          const xs = Array.from({ length: 10 }, (_, i) => a + ((i + 0.5) * w) / 10);
          const rho = s.de.density(xs).reduce((t, v) => t + v, 0) / 10;
          expect(Math.abs(count - rho)).toBeLessThan(0.05);
        }
      });

      it("order-p spikes: the realized plug-in and its finite-n correction within 4 of the empirical top eigenvalues", () => {
        const edge = s.de.support()[0]![1];
        const out = s.de.outliers({ kappa: s.kappa, upperEdge: edge });
        expect(out.length).toBe(s.K);
        const top = Array.from(s.ev.slice(s.p - s.K)).reverse();
        // O(1) fluctuations remain beyond the plug-in: the O(d^-1/2) overlaps <w0_i, v> shift each neuron's
        // mean by mu1(c) <w0_i, v> kappa, a rank-one term of norm ~ sqrt(p/d) (reference section 12.3).
        // Measured over 8 runs at these sizes: |leading - top| 0.2-2.5, |corrected - top| 0.2-3.1, at top ~ 500-700;
        // the correction moves the root up by ~0.65 (ReLU) and ~0.2 (tanh).
        out.forEach((o, j) => {
          expect(Math.abs(o.leading - top[j]!)).toBeLessThan(4);
          expect(o.corrected).not.toBeNull();
          expect(o.corrected!).toBeGreaterThan(o.leading);
          expect(o.corrected! - o.leading).toBeLessThan(1.5);
          expect(Math.abs(o.corrected! - top[j]!)).toBeLessThan(4);
        });
      });
    });
  }

  it("the continuous part has mass min(1, n/p): integral of the density, n = 1000 < p = 1500", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("relu"), n: 1000, p: 1500, d: 1000, theta: 1.5, secondLayer: "plusminus" });
    expect(de.atom).toBeCloseTo(1 / 3, 15);
    const sup = de.support();
    const [lo, hi] = [sup[0]![0], sup[sup.length - 1]![1]];
    expect(lo).toBeGreaterThan(0.005); // a soft lower edge (0.0112) away from the atom
    // Gauss-Legendre-like midpoint rule on a sqrt-edge density: error ~ h^1.5
    const m = 1500;
    const h = (hi - lo) / m;
    const xs = Array.from({ length: m }, (_, i) => lo + (i + 0.5) * h);
    const mass = de.density(xs).reduce((t, v) => t + v, 0) * h;
    expect(Math.abs(mass - 1000 / 1500)).toBeLessThan(2e-3);
  });
});

/**
 * Solves the SPD system A x = b (p x p, row-major) with the package's Cholesky solve, and checks the
 * answer independently of how it was computed: the residual |A x - b| must be at rounding level
 * relative to the terms of A x.
 */
function choleskySolveChecked(A: Float64Array, p: number, b: Float64Array): Float64Array {
  const x = choleskySolve(A, b, p);
  expect(x).not.toBeNull();
  for (let i = 0; i < p; i++) {
    let r = -b[i]!;
    let scale = Math.abs(b[i]!);
    for (let j = 0; j < p; j++) {
      r += A[i * p + j]! * x![j]!;
      scale += Math.abs(A[i * p + j]! * x![j]!);
    }
    expect(Math.abs(r)).toBeLessThan(1e-12 * scale);
  }
  return x!;
}

function meanAndError(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
}

describe("ridge test error from the generic deterministic equivalent", () => {
  it("Gaussian covariates with a power-law Omega: within 3 standard errors + 2% of 20 simulated fits", () => {
    const p = 300;
    const sigma = 0.3;
    const om = Float64Array.from({ length: p }, (_, i) => Math.pow(i + 1, -1.2));
    const bstar = new Rng(1).normal(p);
    let signal = 0;
    for (let i = 0; i < p; i++) signal += om[i]! * bstar[i]! ** 2;
    for (const [n, lambda] of [[150, 1e-3], [600, 1e-2]] as const) {
      const pred = ridgeTestErrorSpectral({ eigenvalues: om, projections: om.map((w, i) => w * bstar[i]!), secondMoment: signal + sigma ** 2, n, lambda });
      expect(pred.noise).toBeCloseTo(sigma ** 2, 12); // y is linear in phi: only the label noise is unexplained
      const errs: number[] = [];
      for (let s = 0; s < 20; s++) {
        const r = new Rng(100 + s);
        const X = r.normalMatrix(n, p);
        const xi = r.normal(n);
        const y = new Float64Array(n);
        for (let a = 0; a < n; a++) {
          let t = 0;
          for (let i = 0; i < p; i++) {
            X.data[a * p + i]! *= Math.sqrt(om[i]!);
            t += X.data[a * p + i]! * bstar[i]!;
          }
          y[a] = t + sigma * xi[a]!;
        }
        const A = gram(X, { scale: 1 / n }).data;
        for (let i = 0; i < p; i++) A[i * p + i]! += lambda;
        const rhs = matmul(X, new Matrix(n, 1, y), { transA: true, alpha: 1 / n }).data;
        const bh = choleskySolveChecked(A, p, rhs);
        // exact test error of a linear predictor: sigma^2 + (bh - b*)^T Omega (bh - b*)
        let e = sigma ** 2;
        for (let i = 0; i < p; i++) e += om[i]! * (bh[i]! - bstar[i]!) ** 2;
        errs.push(e);
      }
      const [mean, se] = meanAndError(errs);
      // measured: 0.684 vs 0.707 +- 0.014 (n = 150), 0.695 vs 0.700 +- 0.004 (n = 600)
      expect(Math.abs(pred.testError - mean)).toBeLessThan(3 * se + 0.02 * mean);
    }
  });

  it("spiked RF (ReLU, abar = +-1, theta = 1.5, d = 100, p = 200, f* = He1 + He2/2): Monte-Carlo Omega, b vs 6 fits", () => {
    const d = 100, p = 200;
    const model = spikedRandomFeatures({ d, p, theta: 1.5, gamma: 1, secondLayer: "plusminus", activation: "relu", seed: 3 });
    const fstar = (z: number) => z + (z * z - 1) / 2; // E f*^2 = 1.5
    const sample = (n: number, seed: number) => {
      const op = featureCovarianceOperator({ W: model.spikedW, activation: "relu", n, seed, directions: model.targetDirection });
      const F = op.features();
      const y = op.projections!.column(0).map(fstar);
      const S = op.covariance();
      op.dispose();
      return { F, y, S };
    };
    // Omega = E[phi phi^T], b = E[phi y] from 1e5 fresh samples (MC error ~ 3e-3 relative per entry)
    const omega = new Float64Array(p * p);
    const b = new Float64Array(p);
    const chunks = 4, m = 25000;
    for (let c = 0; c < chunks; c++) {
      const { F, y, S } = sample(m, 1000 + c);
      for (let i = 0; i < p * p; i++) omega[i]! += S.data[i]! / chunks;
      for (let a = 0; a < m; a++) for (let i = 0; i < p; i++) b[i]! += (F.data[a * p + i]! * y[a]!) / (m * chunks);
    }
    for (const [n, lambda] of [[400, 0.1], [150, 0.1]] as const) {
      const pred = ridgeTestError({ omega: new Matrix(p, p, omega), b, secondMoment: 1.5, n, lambda });
      const errs: number[] = [];
      for (let s = 0; s < 6; s++) {
        const tr = sample(n, 50 + s);
        const te = sample(4000, 90 + s);
        const A = tr.S.data.slice();
        for (let i = 0; i < p; i++) A[i * p + i]! += lambda;
        const rhs = new Float64Array(p);
        for (let a = 0; a < n; a++) for (let i = 0; i < p; i++) rhs[i]! += (tr.F.data[a * p + i]! * tr.y[a]!) / n;
        const bh = choleskySolveChecked(A, p, rhs);
        let e = 0;
        for (let a = 0; a < 4000; a++) {
          let f = 0;
          for (let i = 0; i < p; i++) f += te.F.data[a * p + i]! * bh[i]!;
          e += (te.y[a]! - f) ** 2;
        }
        errs.push(e / 4000);
      }
      const [mean, se] = meanAndError(errs);
      // measured: 0.466 vs 0.459 +- 0.013 (n = 400), 0.613 vs 0.602 +- 0.021 (n = 150); the reference: 1-3%
      expect(Math.abs(pred.testError - mean)).toBeLessThan(3 * se + 0.02 * mean);
      expect(pred.noise).toBeGreaterThan(0.2); // He2 along w* is only partly in the span of ReLU features
    }
  });

  it("rejects bad inputs", () => {
    expect(() => ridgeTestErrorSpectral({ eigenvalues: [1, 2], projections: [1], secondMoment: 1, n: 10, lambda: 0.1 })).toThrow(InvalidArgumentError);
    expect(() => ridgeTestErrorSpectral({ eigenvalues: [1, -2], projections: [1, 1], secondMoment: 1, n: 10, lambda: 0.1 })).toThrow(InvalidArgumentError);
    expect(() => ridgeTestErrorSpectral({ eigenvalues: [1, 2], projections: [1, 1], secondMoment: 1, n: 10, lambda: -1 })).toThrow(InvalidArgumentError);
    // ridgeless at p = n: the interpolation peak
    expect(() => ridgeTestErrorSpectral({ eigenvalues: [1, 2], projections: [1, 1], secondMoment: 5, n: 2, lambda: 0 })).toThrow(InvalidArgumentError);
  });
});
