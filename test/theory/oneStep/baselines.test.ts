/**
 * The baselines against independent formulas:
 *   - random features (eta = 0) against the Gaussian-covariate ridge formula of src/theory/ridge.ts
 *     (Hastie-Montanari-Rosset-Tibshirani 2022; bisection on kappa over a finite spectrum) fed with
 *     the random-feature moments Omega = mu0^2 1 1^T + mu1^2 W0 W0^T + mu*^2 I, b = mu1 mu1* W0 w*
 *     (Mei-Montanari 2019's linearization), with W0 W0^T's spectrum at p Marchenko-Pastur quantiles
 *     and projections c_j^2 = mu1^2 mu1*^2 lambda_j / d; ReLU constants in closed form. The
 *     discretization at p = 4000 leaves ~1e-4: tolerance 2e-3. The training error against the GCV
 *     identity train = (lambda_r / kappa)^2 test of the same formula;
 *   - the linear baseline against its ridgeless closed form sigma_eps^2 alpha / (alpha - 1), its
 *     large-penalty limit E y^2, and ridge.ts with Omega = I_d.
 */
import { describe, expect, it } from "vitest";
import { linearRidgeTestError, oneStepTestError, randomFeaturesTestError } from "../../../src/theory/oneStep/index.js";
import { ridgeTestErrorSpectral } from "../../../src/theory/ridge.js";
import { marchenkoPasturQuantile } from "../../../src/theory/marchenkoPastur.js";
import { InvalidArgumentError } from "../../../src/errors.js";

const relu = { value: (x: number) => Math.max(x, 0), derivative: (x: number) => (x > 0 ? 1 : 0), kinks: [0] };
const RELU = { mu0: 1 / Math.sqrt(2 * Math.PI), mu1: 0.5, muStar2: 0.25 - 1 / (2 * Math.PI) };

/** Gaussian-covariate ridge with the random-feature moments (see the file comment). */
function gaussianCovariateRf(ratio: number, alpha: number, lambda: number, target: { mu0: number; mu1: number; second: number }) {
  const d = 4000;
  const p = Math.round(ratio * d);
  const n = Math.round(alpha * d);
  const w: number[] = [];
  const c: number[] = [];
  for (let j = 0; j < p; j++) {
    const l = marchenkoPasturQuantile((j + 0.5) / p, { gamma: ratio });
    w.push(RELU.mu1 ** 2 * l + RELU.muStar2);
    c.push(Math.sqrt((RELU.mu1 ** 2 * target.mu1 ** 2 * l) / d));
  }
  // the mean direction 1/sqrt(p): eigenvalue p mu0^2 (+ O(1)), projection sqrt(p) mu0 mu0*
  w[0] = p * RELU.mu0 ** 2 + RELU.mu1 ** 2 + RELU.muStar2;
  c[0] = Math.sqrt(p) * RELU.mu0 * target.mu0;
  const lambdaR = (lambda * p) / n;
  const g = ridgeTestErrorSpectral({ eigenvalues: w, projections: c, secondMoment: target.second, n, lambda: lambdaR });
  return { test: g.testError, train: g.testError * (lambdaR / g.kappa) ** 2 };
}

describe("randomFeaturesTestError against the Gaussian-covariate formula", () => {
  // y = z: mu0* = 0, mu1* = 1, E y^2 = 1; y = |z|: mu0* = sqrt(2/pi), mu1* = 0, E y^2 = 1; y = z + (z^2 - 1): mu1* = 1, E y^2 = 3
  const targets = [
    { name: "z", fn: (z: number) => z, mu0: 0, mu1: 1, second: 1, kinks: [] as number[] },
    { name: "|z| + z", fn: (z: number) => Math.abs(z) + z, mu0: Math.sqrt(2 / Math.PI), mu1: 1, second: 2, kinks: [0] },
    { name: "z + z^2 - 1", fn: (z: number) => z + z * z - 1, mu0: 0, mu1: 1, second: 3, kinks: [] as number[] },
  ];
  const grid: [number, number, number][] = [[1, 1.7, 0.05], [2, 0.5, 0.1], [0.5, 2, 0.01]];
  for (const t of targets) {
    for (const [ratio, alpha, lambda] of grid) {
      it(`ReLU, y = ${t.name}, p/d = ${ratio}, alpha = ${alpha}, lambda = ${lambda}`, () => {
        const ref = gaussianCovariateRf(ratio, alpha, lambda, t);
        const res = randomFeaturesTestError({ activation: relu, target: { value: t.fn, kinks: t.kinks }, ridge: lambda, alpha, widthRatio: ratio });
        expect(Math.abs(res.testError / ref.test - 1)).toBeLessThan(2e-3);
        expect(Math.abs(res.trainError / ref.train - 1)).toBeLessThan(2e-3);
        expect(res.parameters.r).toBe(0);
        expect(Math.abs(res.orderParameters.T)).toBeLessThan(1e-12);
      });
    }
  }

  it("is oneStepTestError at eta = 0, and refuses a step", () => {
    const a = randomFeaturesTestError({ activation: Math.tanh, target: Math.sin, ridge: 0.1, alpha: 1.2 });
    const b = oneStepTestError({ activation: Math.tanh, target: Math.sin, eta: 0, alpha0: 3, ridge: 0.1, alpha: 1.2 });
    expect(a.testError).toBe(b.testError);
    expect(() => randomFeaturesTestError({ activation: Math.tanh, target: Math.sin, ridge: 0.1, alpha: 1.2, eta: 1 } as never)).toThrow(InvalidArgumentError);
  });

  it("the step helps: tanh/sin at alpha0 = 20, eta = 3 beats random features and the linear fit", () => {
    const base = { activation: Math.tanh, target: Math.sin, ridge: 0.1, alpha: 2 };
    const learned = oneStepTestError({ ...base, alpha0: 20, eta: 3 }).testError;
    const rf = randomFeaturesTestError(base).testError;
    const linear = linearRidgeTestError({ target: Math.sin, ridge: 0.1, alpha: 2 }).testError;
    expect(learned).toBeLessThan(0.5 * rf);
    expect(learned).toBeLessThan(0.5 * linear);
  });
});

describe("linearRidgeTestError", () => {
  // sin: mu1* = e^{-1/2}, E sin^2 = (1 - e^{-2}) / 2
  const mu1 = Math.exp(-0.5);
  const second = (1 - Math.exp(-2)) / 2;
  const eps2 = second - mu1 * mu1;

  it("ridgeless limit: sigma_eps^2 alpha / (alpha - 1)", () => {
    for (const alpha of [1.5, 3, 10]) {
      const res = linearRidgeTestError({ target: Math.sin, ridge: 1e-9, alpha });
      expect(res.testError).toBeCloseTo((eps2 * alpha) / (alpha - 1), 6);
    }
  });

  it("infinite penalty: E y^2 (the zero predictor); label noise adds to both", () => {
    expect(linearRidgeTestError({ target: Math.sin, ridge: 1e9, alpha: 2 }).testError).toBeCloseTo(second, 6);
    expect(linearRidgeTestError({ target: Math.sin, ridge: 1e9, alpha: 2, noise: 0.3 }).testError).toBeCloseTo(second + 0.3, 6);
  });

  it("equals ridge.ts with Omega = I_d", () => {
    const d = 500;
    for (const [alpha, lambda] of [[0.6, 0.1], [2, 0.01], [4, 1]] as [number, number][]) {
      const n = alpha * d;
      const w = new Float64Array(d).fill(1);
      const c = new Float64Array(d);
      c[0] = mu1;
      const ref = ridgeTestErrorSpectral({ eigenvalues: w, projections: c, secondMoment: second, n, lambda: (lambda * d) / n });
      const res = linearRidgeTestError({ target: Math.sin, ridge: lambda, alpha });
      expect(res.testError).toBeCloseTo(ref.testError, 10);
      expect(res.trainError).toBeCloseTo(ref.testError * ((lambda * d) / n / ref.kappa) ** 2, 10);
    }
  });
});
