/**
 * The test error after one gradient step from the deterministic equivalent of the feature
 * covariance (the route of Dandi, Pesce, Cui, Krzakala, Lu, Loureiro 2024, "A random matrix theory
 * perspective on the spectrum of learned features and asymptotic generalization capabilities",
 * arXiv 2410.18938): the same limit as replica.ts, computed another way, so that the two routes
 * check each other.
 *
 * 1. The resolvent. Ridge on F / sqrt(p) with penalty lambda has the sample-space resolvent
 *    lambda (F F^T / p + lambda)^{-1} = lambda (p/n) (K - z)^{-1}, K = F F^T / n, z = -lambda p / n,
 *    whose deterministic equivalent is diagonal, diag r(kappa_nu) (theory/spikedRf, the equivalent of
 *    the isotropic spiked random-feature model; ../shared/reference/spiked-features.md section 4).
 *    Its diagonal is the leave-one-out factor 1/(1 + V(kappa)) of the replica equations:
 *      iota(kappa) := 1/(1 + V(kappa)) = lambda (p/n) r(kappa; z = -lambda p/n).
 *    The spiked-RF equivalent is written for a unit-variance bulk: sigma~(t) = sigma(cW t), theta = r/cW.
 * 2. The variances: Vhat1 = (n/p) E[mu1^2 iota], Vhat2 = (n/p) E[mu2^2 iota], V1 = <D/S>, V2 = <1/S>
 *    (their consistency with iota, max |mu1^2 V1 + mu2^2 V2 - (1/iota - 1)| over the nodes, is
 *    returned as `consistency`).
 * 3. Given iota, the rest of the equations of replica.ts is linear: (T, m) from a 2 x 2 system, P
 *    explicitly, then (q1, q2) from a 2 x 2 system (q enters B, B enters qhat, qhat enters q).
 * No damped iteration: one Anderson-accelerated solve of the equivalent (spikedRf/andersonSolver.ts)
 * and two 2 x 2 solves. All kappa integrals on the equivalent's Gauss-Hermite nodes (161), the
 * replica route uses composite Gauss-Legendre: agreement to ~1e-8 checks the quadratures too.
 * Valid for both conventions (vartheta enters only step 3). Cost: a few ms.
 */
import { InvalidArgumentError } from "../../errors.js";
import { spikedRfEquivalent } from "../spikedRf/index.js";
import { bulkAverage } from "./bulkSpectrum.js";
import { scalarFunction, shiftedMoments } from "./gaussianAverages.js";
import { kappaTable } from "./kappaFunctions.js";
import { oneStepModel, type OneStepModel, type OneStepTheoryOptions } from "./model.js";
import { predictionAt, type OneStepPrediction } from "./replica.js";

/** The equivalent route's prediction: the replica fields plus the resolvent check. */
export interface OneStepEquivalentPrediction extends OneStepPrediction {
  /** max over the kappa nodes of |mu1^2 V1 + mu2^2 V2 - (1/iota - 1)| (step 2 of the file comment). */
  readonly consistency: number;
}

/** Integer sizes with the requested ratios (only n/d and p/n enter the equivalent). */
const SIZE_SCALE = 2 ** 40;

/**
 * The test and training errors after one step from the deterministic equivalent of the feature
 * covariance (see the file comment). Same options and conventions as oneStepTestError (model.ts).
 */
export function oneStepTestErrorEquivalent(options: OneStepTheoryOptions): OneStepEquivalentPrediction {
  const model = oneStepModel(options, "oneStepTestErrorEquivalent");
  const sigma = scalarFunction(options.activation, "activation");
  const target = scalarFunction(options.target, "target");
  const { r, cW } = model.parameters;
  const unit = (c: number) => shiftedMoments(sigma, cW * c, cW, "activation");
  const d = SIZE_SCALE;
  const n = Math.round(model.alphaD * d);
  const p = Math.round(model.widthRatio * d);
  const eq = spikedRfEquivalent({
    coefficients: {
      mu0: (c) => unit(c)[0],
      mu1: (c) => unit(c)[1],
      muStar2: (c) => {
        const [m0, m1, m2] = unit(c);
        return Math.max(0, m2 - m0 * m0 - m1 * m1);
      },
    },
    n, p, d, theta: r / cW, tol: 1e-13,
  });
  const psi = p / n;
  const z = -model.lambda * psi;
  const point = eq.stieltjes(z);
  const Q = eq.kappa.length;
  const iota = new Float64Array(Q);
  for (let q = 0; q < Q; q++) iota[q] = model.lambda * psi * point.state[2 * q]!;
  const noise = options.noise ?? 0;
  const table = kappaTable(model.parameters, sigma, target, { nodes: eq.kappa, weights: eq.weights }, noise);
  const gh: OneStepModel = { ...model, table };
  const u = linearSolve(gh, iota);
  const prediction = predictionAt(gh, u, point.iterations);
  let consistency = 0;
  for (let q = 0; q < Q; q++) {
    const V = table.mu1[q]! * table.mu1[q]! * u[2]! + table.mu2sq[q]! * u[3]!;
    consistency = Math.max(consistency, Math.abs(V - (1 / iota[q]! - 1)));
  }
  return { ...prediction, consistency };
}

/** Steps 2-3 of the file comment: the order parameters u = (q1, q2, V1, V2, T, P, m) from iota. */
function linearSolve(model: OneStepModel, iota: Float64Array): Float64Array {
  const t = model.table;
  const { alphaP: aP, alphaD: aD, lambda, bulk, vartheta } = model;
  const E = (f: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < t.kappa.length; i++) s += t.weights[i]! * f(i);
    return s;
  };
  const f1 = (i: number) => t.mu1[i]! * t.mu1[i]!;
  const Vhat1 = aP * E((i) => f1(i) * iota[i]!);
  const Vhat2 = aP * E((i) => t.mu2sq[i]! * iota[i]!);
  const S = (D: number) => lambda + Vhat1 * D + Vhat2;
  const V1 = bulkAverage(bulk, (D) => D / S(D));
  const V2 = bulkAverage(bulk, (D) => 1 / S(D));
  const S2 = [bulkAverage(bulk, (D) => (D * D) / S(D) ** 2), bulkAverage(bulk, (D) => D / S(D) ** 2), bulkAverage(bulk, (D) => 1 / S(D) ** 2)];
  // (T, m): T = aD vartheta V2 E[k mu1 (h - mu0 m - mu1 k T) iota], m E[mu0^2 iota] = E[mu0 (h - mu1 k T) iota]
  const g = aD * vartheta * V2;
  const kmu1 = (i: number) => t.kappa[i]! * t.mu1[i]!;
  const a11 = 1 + g * E((i) => kmu1(i) * kmu1(i) * iota[i]!);
  const a12 = g * E((i) => kmu1(i) * t.mu0[i]! * iota[i]!);
  const b1 = g * E((i) => kmu1(i) * t.h[i]! * iota[i]!);
  const a21 = E((i) => t.mu0[i]! * kmu1(i) * iota[i]!);
  const a22 = E((i) => t.mu0[i]! * t.mu0[i]! * iota[i]!);
  const b2 = E((i) => t.mu0[i]! * t.h[i]! * iota[i]!);
  const scale = E((i) => (f1(i) + t.mu2sq[i]!) * iota[i]!);
  let T: number;
  let m: number;
  if (a22 > 1e-28 * Math.max(scale, 1e-300) && a22 > 1e-300) {
    const det = a11 * a22 - a12 * a21;
    T = (b1 * a22 - a12 * b2) / det;
    m = (a11 * b2 - a21 * b1) / det;
  } else {
    m = 0; // no mean direction (mu0 = 0 on every node)
    T = b1 / a11;
  }
  const P = aD * E((i) => t.h1[i]! * t.mu1[i]! * iota[i]!) * V1;
  // (q1, q2): B = B0 + mu1^2 q1 + mu2^2 q2; qhat_a = aP E[f_a B iota^2]; q = M qhat + teacher terms
  const c = (i: number) => t.mu0[i]! * m + t.mu1[i]! * t.kappa[i]! * T;
  const B0 = (i: number) => c(i) * c(i) + t.hh[i]! - 2 * c(i) * t.h[i]! - 2 * t.mu1[i]! * P * t.h1[i]!;
  const i2 = (i: number) => iota[i]! * iota[i]!;
  const r1 = aP * E((i) => f1(i) * B0(i) * i2(i));
  const r2 = aP * E((i) => t.mu2sq[i]! * B0(i) * i2(i));
  const c11 = aP * E((i) => f1(i) * f1(i) * i2(i));
  const c12 = aP * E((i) => f1(i) * t.mu2sq[i]! * i2(i));
  const c22 = aP * E((i) => t.mu2sq[i]! * t.mu2sq[i]! * i2(i));
  const That = aD * E((i) => kmu1(i) * (t.h[i]! - c(i)) * iota[i]!);
  const Phat = aD * E((i) => t.h1[i]! * t.mu1[i]! * iota[i]!);
  const teacher = aP / aD;
  const tq1 = teacher * (That * That * vartheta * S2[1]! + Phat * Phat * S2[0]!);
  const tq2 = teacher * (That * That * vartheta * S2[2]! + Phat * Phat * S2[1]!);
  // q1 = S2[0] qhat1 + S2[1] qhat2 + tq1, q2 = S2[1] qhat1 + S2[2] qhat2 + tq2, qhat = r + C q
  const [M11, M12, M22] = [S2[0]!, S2[1]!, S2[2]!];
  const A11 = 1 - (M11 * c11 + M12 * c12);
  const A12 = -(M11 * c12 + M12 * c22);
  const A21 = -(M12 * c11 + M22 * c12);
  const A22 = 1 - (M12 * c12 + M22 * c22);
  const y1 = M11 * r1 + M12 * r2 + tq1;
  const y2 = M12 * r1 + M22 * r2 + tq2;
  const det = A11 * A22 - A12 * A21;
  if (!(Math.abs(det) > 1e-14)) throw new InvalidArgumentError(`the (q1, q2) system is singular (determinant ${det}): no finite test error at these parameters`);
  const q1 = (y1 * A22 - A12 * y2) / det;
  const q2 = (A11 * y2 - A21 * y1) / det;
  return Float64Array.from([q1, q2, V1, V2, T, P, m]);
}
