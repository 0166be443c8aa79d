/**
 * The order-p outliers of the spiked random-feature feature covariance (spiked-features.md 5.1):
 * with A_kl = E[m_k m_l] and Pi = diag(pi), the top K eigenvalues of Sigma are p eig(Pi^{1/2} A Pi^{1/2})
 * to leading order; the finite-n location solves det(I_K + n T(z) C(z)) = 0 with
 * T_kl(z) = E[m_k m_l r(kappa; z)] at real z above the bulk. With C > 0 the j-th largest outlier is
 * where the j-th smallest eigenvalue of n C^{1/2} T C^{1/2} (increasing in z) crosses -1, found by
 * Brent's method (numerics/brent.ts). The realized version averages over the n realized projections
 * kappa_nu instead of E_kappa (the plug-in of section 5.1).
 */
import { ConvergenceError, InvalidArgumentError } from "../../errors.js";
import { jacobiEigh } from "../../numerics/jacobi.js";
import { brentRoot } from "../../numerics/brent.js";
import { complexInverse } from "../../numerics/complexGaussJordan.js";
import { checkFiniteList } from "../law.js";
import type { SecondLayerLaw } from "../secondLayer.js";
import type { ShiftedCoefficients, SolveAt, SpikedRfOutlier, SpikedRfTables } from "./equation.js";

/** What the outlier equation reads from an equivalent. */
export interface OutlierInputs {
  readonly tab: SpikedRfTables;
  readonly n: number;
  readonly p: number;
  readonly theta: number;
  readonly law: SecondLayerLaw;
  readonly coefficients: ShiftedCoefficients;
  readonly solveAt: SolveAt;
  /** The upper bulk edge (computed on demand: it costs a support scan). */
  upperEdge(): number;
}

/**
 * The K order-p outliers of Sigma, descending: leading order and finite-n root (see the file
 * comment; the options and costs are documented on SpikedRfEquivalent.outliers, which calls this).
 */
export function orderPOutliers(eq: OutlierInputs, options: { kappa?: ArrayLike<number>; upperEdge?: number } = {}): SpikedRfOutlier[] {
  const { tab, p, n, law, coefficients } = eq;
  const { K, Q } = tab;
  // leading order: p eig(Pi^{1/2} A Pi^{1/2}) (population A) or p eig of the realized Gram
  let realized: { m: Float64Array; phi: Float64Array; s: Float64Array; count: number } | null = null;
  if (options.kappa !== undefined) {
    const kap = checkFiniteList(options.kappa, "kappa");
    if (kap.length < 1) throw new InvalidArgumentError("kappa must list the realized projections of the samples");
    const N = kap.length;
    const m = new Float64Array(K * N);
    const phi = new Float64Array(K * N);
    const s = new Float64Array(K * N);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) {
        const shift = eq.theta * law.values[k]! * kap[j]!;
        m[k * N + j] = coefficients.mu0(shift);
        phi[k * N + j] = coefficients.mu1(shift);
        s[k * N + j] = coefficients.muStar2(shift);
      }
    }
    realized = { m, phi, s, count: N };
  }
  const B = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      let t = 0;
      if (realized) {
        const N = realized.count;
        for (let j = 0; j < N; j++) t += realized.m[k * N + j]! * realized.m[l * N + j]!;
        t /= N;
      } else {
        for (let q = 0; q < Q; q++) t += tab.weights[q]! * tab.m0[k * Q + q]! * tab.m0[l * Q + q]!;
      }
      const v = t * Math.sqrt(law.probs[k]! * law.probs[l]!);
      B[k * K + l] = v;
      B[l * K + k] = v;
    }
  }
  const leadingAsc = jacobiEigh(B, K).values;
  const leading = Array.from(leadingAsc, (v) => p * v).reverse();

  const edge = options.upperEdge ?? eq.upperEdge();
  // e(z): the eigenvalues of n C^{1/2} T(z) C^{1/2}, ascending
  let warm: Float64Array | undefined;
  const eigAt = (z: number): Float64Array => {
    const pt = eq.solveAt(z, 1e-10 * (1 + Math.abs(z)), warm);
    warm = pt.state;
    const u = pt.state;
    const c = pt.c.map((x) => x.re);
    c.forEach((ck, k) => {
      if (!(ck > 0)) throw new ConvergenceError(`spiked-RF outliers: c_${k}(${z}) = ${ck} is not positive above the bulk`, 0, NaN);
    });
    // r at the realized kappa: from c and M of the solution (M = C (I + H C)^{-1})
    const T = new Float64Array(K * K);
    if (realized) {
      const Mre = realM(tab, u, c);
      const N = realized.count;
      for (let j = 0; j < N; j++) {
        let den = -z;
        for (let k = 0; k < K; k++) {
          den += c[k]! * realized.s[k * N + j]!;
          for (let l = 0; l < K; l++) den += realized.phi[k * N + j]! * Mre[k * K + l]! * realized.phi[l * N + j]!;
        }
        const r = 1 / den;
        for (let k = 0; k < K; k++) for (let l = k; l < K; l++) T[k * K + l]! += (realized.m[k * N + j]! * realized.m[l * N + j]! * r) / N;
      }
    } else {
      for (let q = 0; q < Q; q++) {
        const r = u[2 * q]!;
        for (let k = 0; k < K; k++) for (let l = k; l < K; l++) T[k * K + l]! += tab.weights[q]! * tab.m0[k * Q + q]! * tab.m0[l * Q + q]! * r;
      }
    }
    const S = new Float64Array(K * K);
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) {
        const v = n * Math.sqrt(c[k]! * c[l]!) * T[k * K + l]!;
        S[k * K + l] = v;
        S[l * K + k] = v;
      }
    }
    return jacobiEigh(S, K).values;
  };
  const roots: Array<number | null> = leading.map(() => null);
  // modes closer than 1e-4 (relative) to the edge are not resolved from it (the fixed point slows down there)
  const lo0 = edge * (1 + 1e-4) + 1e-9;
  let hi0 = Math.max(2 * leading[0]!, lo0 * 2, lo0 + 1);
  // make sure the top bracket is above every crossing: all eigenvalues > -1 there
  for (let guard = 0; guard < 60; guard++) {
    const e = eigAt(hi0);
    if (e[0]! > -1) break;
    hi0 *= 2;
  }
  const eLo = eigAt(lo0);
  for (let j = 0; j < K; j++) {
    if (!(eLo[j]! < -1)) continue; // this mode does not separate from the bulk
    warm = undefined;
    roots[j] = brentRoot((z) => eigAt(z)[j]! + 1, lo0, hi0, { tol: 1e-12 });
  }
  // the outlier record (no overlap or threshold formula here: see SpikedRfOutlier); `corrected` is
  // the pre-0.2.0 name of `location`, kept for one minor version
  return leading.map((l, j) => {
    const location = roots[j] ?? null;
    return { location, overlap: location === null ? 0 : null, threshold: null, leading: l, corrected: location };
  });
}

/** Real part of M = C (I + H C)^{-1} at a real-z state (H recomputed from r). */
function realM(tab: SpikedRfTables, u: Float64Array, c: number[]): Float64Array {
  const { K, Q, rd } = tab;
  const H = new Float64Array(K * K);
  for (let q = 0; q < Q; q++) {
    const r = tab.weights[q]! * u[2 * q]!;
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) H[k * K + l]! += rd * tab.phi[k * Q + q]! * tab.phi[l * Q + q]! * r;
  }
  const ar = new Float64Array(K * K);
  const ai = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) ar[k * K + l] = (k === l ? 1 : 0) + H[k * K + l]! * c[l]!;
  if (!complexInverse(K, ar, ai, new Float64Array(2 * K * K), new Float64Array(2 * K * K))) {
    throw new ConvergenceError("spiked-RF outliers: I + H C is singular at a real z above the bulk", 0, NaN);
  }
  const M = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) M[k * K + l] = c[k]! * ar[k * K + l]!;
  return M;
}
