/**
 * The equation of the spiked random-feature deterministic equivalent: its types, the coefficient
 * tables on the kappa nodes and the fixed-point map. Deterministic equivalent (DE) of the feature
 * covariance of the isotropic spiked random-feature model (../shared/reference/spiked-features.md
 * sections 3-5; the equations are that note's own derivation [D], checked against simulation there
 * and again in test/theory/spikedRf.test.ts).
 *
 * Model: W = W0 + theta abar v^T (rows of W0 on the unit sphere, |v| = 1), abar_i in {alpha_k}
 * with probabilities pi_k (K groups; a continuous law is discretized by quadrature), features
 * F = sigma(X W^T) on n fresh samples x ~ N(0, I_d): F[nu, i] = sigma(<w0_i, x_nu> + theta abar_i kappa_nu),
 * kappa = <v, x> ~ N(0, 1). Sigma = F^T F / n (p x p), K = F F^T / n (n x n),
 * g_p(z) = (1/p) tr (Sigma - z)^{-1}, g_n(z) = (1/n) tr (K - z)^{-1}, g_p = (n/p) g_n - (1 - n/p)/z.
 * Stieltjes convention m(z) = integral rho(dl)/(l - z), Im m > 0 above the axis.
 *
 * Conditional Gaussian equivalence: given kappa, F = M0 + F~ with a rank-K mean
 * M0[nu, i] = m_k(kappa_nu) and a linear-plus-noise bulk with variance profile. The coefficient
 * functions are the shifted Hermite coefficients of sigma (features/hermite.ts):
 *   m_k(kappa) = mu0(theta alpha_k kappa), phi_k(kappa) = mu1(theta alpha_k kappa), s_k(kappa) = mu*^2(theta alpha_k kappa).
 *
 * Equations, with r_d = n/d, psi = p/n, psi_k = pi_k psi, E = E_kappa over N(0, 1) (Gauss-Hermite,
 * Q nodes), C = diag(c):
 *   H     = r_d E[phi(kappa) phi(kappa)^T r(kappa)]                       (K x K)
 *   delta_k = (1/r_d) [H (I + C H)^{-1}]_kk + E[s_k(kappa) r(kappa)]
 *   c_k   = psi_k / (1 + delta_k)
 *   M     = C (I + H C)^{-1}
 *   r(kappa) = 1 / (-z + sum_k c_k s_k(kappa) + phi(kappa)^T M phi(kappa))
 * Outputs g_n = E r(kappa); the resolvent (K - z)^{-1} ~ diag(r(kappa_nu)); the diagonal of
 * (Sigma - z)^{-1} on group k ~ -c_k / (z psi_k). The continuous part of the spectrum of Sigma has
 * mass min(1, n/p) (min(1, n/p, d/p) for linear features, which have rank <= d) and the rest is an atom at 0.
 *
 * Solver (andersonSolver.ts, equivalent.ts): Anderson-accelerated damped fixed point on (r, c),
 * from a warm start or by continuation in Im z from far above the spectrum (r = -1/z, c = psi_k
 * there) down to the target in steps of 8x. Each sweep costs O(Q K^2 + K^3) (about 15 us at
 * Q = 161, K = 2); 20-200 sweeps per point, more at an edge. Real z outside the support are solved
 * at z + i 1e-10 (1 + |z|) and return real values. Order-p outliers (section 5.1): orderPOutliers.ts.
 */
import { InvalidArgumentError } from "../../errors.js";
import { complexInverse } from "../../numerics/complexGaussJordan.js";
import { gaussHermite } from "../../numerics/gaussHermite.js";
import type { Complex } from "../complex.js";
import type { SecondLayerLaw, SecondLayerSpec } from "../secondLayer.js";
import type { OutlierPrediction } from "../outlierRecord.js";

/**
 * The shifted Gaussian coefficients of an activation (features/hermite.ts `shiftedCoefficients`
 * builds them): mu0(c) = E sigma(z + c), mu1(c) = E[z sigma(z + c)], mu*^2(c) = E sigma(z + c)^2 - mu0(c)^2 - mu1(c)^2.
 */
export interface ShiftedCoefficients {
  mu0(c: number): number;
  mu1(c: number): number;
  muStar2(c: number): number;
  readonly activation?: string;
}

export interface SpikedRfOptions {
  coefficients: ShiftedCoefficients;
  /** Samples n, features p, input dimension d (only the ratios n/d and p/n enter, and p in the outliers). */
  n: number;
  p: number;
  d: number;
  /** Spike strength theta >= 0 (0: plain random features). */
  theta: number;
  /** Law of abar (default 'ones'). */
  secondLayer?: SecondLayerSpec;
  /** Quadrature nodes for the continuous 'gaussian' second layer (default 16). */
  secondLayerNodes?: number;
  /** Gauss-Hermite nodes in kappa (default 161). */
  kappaNodes?: number;
  /** Convergence: |G(u) - u|_inf <= tol (1 + |u|_inf). Default 1e-11. */
  tol?: number;
  /** Iteration limit per point (default 20000). */
  maxIter?: number;
  /** @deprecated since 0.2.0: use `maxIter` (an InvalidArgumentError when both are given and differ). */
  maxIterations?: number;
}

/** The solution at one z: transforms, per-group quantities, and the state (for warm starts). */
export interface SpikedRfPoint {
  readonly z: Complex;
  /** g_p(z) = (1/p) tr (Sigma - z)^{-1}, atom included. */
  readonly gp: Complex;
  /** g_n(z) = (1/n) tr (K - z)^{-1}. */
  readonly gn: Complex;
  /** c_k(z). */
  readonly c: Complex[];
  /** Diagonal of (Sigma - z)^{-1} on group k: -c_k / (z psi_k). */
  readonly resolventDiagonal: Complex[];
  readonly iterations: number;
  /** The fixed-point state (r on the kappa nodes, then c), re and im interleaved: pass as `warm`. */
  readonly state: Float64Array;
}

/**
 * One order-p mode as the outlier record (outlierRecord.ts): `location` the root of
 * det(I + n T(z) C(z)) = 0 above the bulk, or null when this mode stays in the bulk; no overlap
 * formula (overlap 0 below, null above: spikedRfModes.ts srfSpanOverlap gives the overlap with the
 * span of the groups) and no threshold (null: spikedRfModes.ts srfThreshold gives the first mode's).
 */
export interface SpikedRfOutlier extends OutlierPrediction {
  /** Leading order p eig_j(Pi^{1/2} A Pi^{1/2}) (descending). */
  readonly leading: number;
  /** @deprecated since 0.2.0: use `location` (the same value). */
  readonly corrected: number | null;
}

/**
 * The coefficient functions tabulated on the Gauss-Hermite nodes in kappa, and the ratios: what the
 * fixed-point map reads. Arrays are group-major (index k Q + q).
 */
export interface SpikedRfTables {
  /** Nodes in kappa (Q) and groups of the second layer (K). */
  readonly Q: number;
  readonly K: number;
  /** n/d. */
  readonly rd: number;
  /** psi_k = pi_k p/n. */
  readonly psiK: Float64Array;
  /** Gauss-Hermite nodes and weights in kappa. */
  readonly kappa: Float64Array;
  readonly weights: Float64Array;
  /** m_k, phi_k, s_k on the nodes. */
  readonly m0: Float64Array;
  readonly phi: Float64Array;
  readonly s: Float64Array;
  /** Largest bulk variance phi_k^2 + s_k over the nodes that carry weight (a scale for the support). */
  readonly bulkScale: number;
  /** True when mu*^2 vanishes on every node (linear features, rank <= d). */
  readonly linear: boolean;
}

/**
 * Tabulates m_k, phi_k, s_k at shift theta alpha_k kappa_q on the Q-node Gauss-Hermite rule (3 Q K
 * coefficient evaluations). Throws InvalidArgumentError when a coefficient is not finite or
 * mu*^2 < 0.
 */
export function tabulateCoefficients(co: ShiftedCoefficients, theta: number, law: SecondLayerLaw, Q: number, rd: number, psi: number): SpikedRfTables {
  const rule = gaussHermite(Q);
  const K = law.values.length;
  const m0 = new Float64Array(K * Q);
  const phi = new Float64Array(K * Q);
  const s = new Float64Array(K * Q);
  let scale = 0;
  let linear = true;
  for (let k = 0; k < K; k++) {
    for (let q = 0; q < Q; q++) {
      const shift = theta * law.values[k]! * rule.nodes[q]!;
      const m = co.mu0(shift);
      const f = co.mu1(shift);
      const v = co.muStar2(shift);
      if (!Number.isFinite(m) || !Number.isFinite(f) || !Number.isFinite(v) || v < 0) {
        throw new InvalidArgumentError(`coefficients at shift ${shift}: mu0 = ${m}, mu1 = ${f}, mu*^2 = ${v} (need finite values, mu*^2 >= 0)`);
      }
      m0[k * Q + q] = m;
      phi[k * Q + q] = f;
      s[k * Q + q] = v;
      if (v > 1e-14) linear = false;
      if (rule.weights[q]! > 1e-10) scale = Math.max(scale, f * f + v);
    }
  }
  const psiK = Float64Array.from(law.probs, (pk) => pk * psi);
  return { Q, K, rd, psiK, kappa: rule.nodes, weights: rule.weights, m0, phi, s, bulkScale: scale, linear };
}

/** A cold start of the fixed point at z = zr + i zi: r = -1/z, c = psi_k. */
export function coldState(tab: SpikedRfTables, zr: number, zi: number): Float64Array {
  const { Q, K } = tab;
  const u = new Float64Array(2 * (Q + K));
  const den = zr * zr + zi * zi;
  for (let q = 0; q < Q; q++) {
    u[2 * q] = -zr / den;
    u[2 * q + 1] = zi / den;
  }
  for (let k = 0; k < K; k++) u[2 * (Q + k)] = tab.psiK[k]!;
  return u;
}

/** Scratch for `fixedPointMap`: K x K blocks (H, I + C H, I + H C, M), c, and the inverse's 2 K^2 workspace. */
export interface MapWorkspace {
  hr: Float64Array; hi: Float64Array; ar: Float64Array; ai: Float64Array; br: Float64Array; bi: Float64Array;
  tr: Float64Array; ti: Float64Array; cr: Float64Array; ci: Float64Array; gr: Float64Array; gi: Float64Array;
}

export function mapWorkspace(K: number): MapWorkspace {
  const kk = () => new Float64Array(K * K);
  return {
    hr: kk(), hi: kk(), ar: kk(), ai: kk(), br: kk(), bi: kk(), tr: kk(), ti: kk(),
    cr: new Float64Array(K), ci: new Float64Array(K),
    gr: new Float64Array(2 * K * K), gi: new Float64Array(2 * K * K),
  };
}

/**
 * One application of the fixed-point map G (the equations of the file comment) at z = zr + i zi:
 * out := G(u) for the state u = (r on the kappa nodes, then c), re and im interleaved. Returns
 * false if a K x K inverse failed (a zero pivot). Cost O(Q K^2 + K^3), no allocation: the
 * workspace comes from `mapWorkspace`, once per solve.
 */
export function fixedPointMap(tab: SpikedRfTables, zr: number, zi: number, u: Float64Array, out: Float64Array, ws: MapWorkspace): boolean {
  const { Q, K, rd, weights: w, phi, s, psiK } = tab;
  const { hr, hi, ar, ai, br, bi, tr, ti, cr, ci } = ws;
  // H = rd E[phi phi^T r]
  hr.fill(0);
  hi.fill(0);
  for (let q = 0; q < Q; q++) {
    const wr = w[q]! * u[2 * q]!;
    const wi = w[q]! * u[2 * q + 1]!;
    for (let k = 0; k < K; k++) {
      const fk = phi[k * Q + q]!;
      if (fk === 0) continue;
      for (let l = k; l < K; l++) {
        const f = fk * phi[l * Q + q]!;
        hr[k * K + l]! += f * wr;
        hi[k * K + l]! += f * wi;
      }
    }
  }
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      hr[k * K + l]! *= rd;
      hi[k * K + l]! *= rd;
      hr[l * K + k] = hr[k * K + l]!;
      hi[l * K + k] = hi[k * K + l]!;
    }
  }
  // A = I + C H, inverted; delta_k = (1/rd) [H A^{-1}]_kk + E[s_k r]
  for (let k = 0; k < K; k++) {
    const ckr = u[2 * (Q + k)]!;
    const cki = u[2 * (Q + k) + 1]!;
    for (let l = 0; l < K; l++) {
      ar[k * K + l] = (k === l ? 1 : 0) + ckr * hr[k * K + l]! - cki * hi[k * K + l]!;
      ai[k * K + l] = ckr * hi[k * K + l]! + cki * hr[k * K + l]!;
    }
  }
  if (!complexInverse(K, ar, ai, ws.gr, ws.gi)) return false;
  for (let k = 0; k < K; k++) {
    let dr = 0;
    let di = 0;
    for (let l = 0; l < K; l++) {
      const xr = hr[k * K + l]!;
      const xi = hi[k * K + l]!;
      const yr = ar[l * K + k]!;
      const yi = ai[l * K + k]!;
      dr += xr * yr - xi * yi;
      di += xr * yi + xi * yr;
    }
    dr /= rd;
    di /= rd;
    for (let q = 0; q < Q; q++) {
      const f = w[q]! * s[k * Q + q]!;
      dr += f * u[2 * q]!;
      di += f * u[2 * q + 1]!;
    }
    // c_k = psi_k / (1 + delta_k)
    const er = 1 + dr;
    const den = er * er + di * di;
    cr[k] = (psiK[k]! * er) / den;
    ci[k] = (-psiK[k]! * di) / den;
  }
  // M = C (I + H C)^{-1}: B = I + H C (new c), M_kl = c_k (B^{-1})_kl
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      br[k * K + l] = (k === l ? 1 : 0) + hr[k * K + l]! * cr[l]! - hi[k * K + l]! * ci[l]!;
      bi[k * K + l] = hr[k * K + l]! * ci[l]! + hi[k * K + l]! * cr[l]!;
    }
  }
  if (!complexInverse(K, br, bi, ws.gr, ws.gi)) return false;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const xr = br[k * K + l]!;
      const xi = bi[k * K + l]!;
      tr[k * K + l] = cr[k]! * xr - ci[k]! * xi;
      ti[k * K + l] = cr[k]! * xi + ci[k]! * xr;
    }
  }
  // r(kappa) = 1 / (-z + sum_k c_k s_k + phi^T M phi)
  for (let q = 0; q < Q; q++) {
    let dr = -zr;
    let di = -zi;
    for (let k = 0; k < K; k++) {
      const sk = s[k * Q + q]!;
      dr += cr[k]! * sk;
      di += ci[k]! * sk;
      const fk = phi[k * Q + q]!;
      if (fk === 0) continue;
      for (let l = 0; l < K; l++) {
        const f = fk * phi[l * Q + q]!;
        dr += f * tr[k * K + l]!;
        di += f * ti[k * K + l]!;
      }
    }
    const den = dr * dr + di * di;
    out[2 * q] = dr / den;
    out[2 * q + 1] = -di / den;
  }
  for (let k = 0; k < K; k++) {
    out[2 * (Q + k)] = cr[k]!;
    out[2 * (Q + k) + 1] = ci[k]!;
  }
  return true;
}

/**
 * A solve of the equivalent at z = zr + i zi (zi > 0), from the warm state when given, with at most
 * `limit` sweeps per stage: what the support scan and the outlier equation call.
 */
export type SolveAt = (zr: number, zi: number, warm?: Float64Array, limit?: number) => SpikedRfPoint;
