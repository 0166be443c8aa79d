/**
 * Population constants of an index model (reference spectral-estimators.md sections 2 and 5):
 * the operator F(M) = E_y[G(y) M G(y)] on p x p matrices, the critical sample ratio
 * alpha_c = 1 / nu_1(F), its top (PSD) eigenmatrix and the easy subspace it spans, the trivial
 * subspace span{E[z | y]} (alpha_c = 0), the hard directions (G(y) u = 0 for all y, alpha_c =
 * infinity), lambda3 = E[lambda^3] entering the LAMP overlap, and the per-direction laws of the
 * eigenvalues lambda_l(y) of G for jointly diagonalisable links (the input of the theory/
 * predictions).
 *
 * F as a matrix: on vec(M) (row-major, index a p + b), F = E_y[G(y) (x) G(y)] with entries
 * F[(a b), (c d)] = E[G_ac G_bd]; it is symmetric (G is), so its p^2 eigenpairs are real (Jacobi).
 * All averages are sums over the denoiser's label law (closed-form, quadrature or Monte Carlo).
 */
import { InvalidArgumentError } from "../errors.js";
import { jacobiEigh } from "../numerics/jacobi.js";
import { Matrix } from "../matrix.js";
import { Denoiser, type DenoiserLaw, type DenoiserOptions } from "./denoiser.js";
import type { IndexLink } from "./links.js";
import { assertOptions } from "../validate.js";
import { addKronecker, assembleF, denoiserAt, eigenBasis, isPsd, mul, symmetrised, symmetriseInPlace } from "./populationAlgebra.js";

export interface PopulationOptions {
  /** Options of the denoiser built when a link (not a Denoiser) is passed. */
  denoiser?: DenoiserOptions;
  /**
   * Threshold below which an eigenvalue (of F, of E[E[z|y]E[z|y]^T], of E[G^2]) counts as zero,
   * and the relative gap within which F-eigenvalues count as one degenerate value. Default 1e-9 for
   * closed forms and quadrature, 2e-3 for Monte Carlo (whose averages carry ~1/sqrt(N) noise).
   */
  tol?: number;
}

/** A direction l of a jointly diagonalisable G: G(y) = sum_l lambda_l(y) u_l u_l^T. */
export interface EigenDirection {
  /** The unit vector u_l (p entries). */
  readonly direction: Float64Array;
  /** lambda_l at the law's points y_j. */
  readonly lambda: Float64Array;
  /** u_l^T E[z z^T | y_j] u_l = 1 + lambda_l, computed without the cancellation (for T = 1 - 1/e). */
  readonly second: Float64Array;
  /** The law's weights (shared by all directions). */
  readonly weights: Float64Array;
  /** E[lambda_l^2]: the direction's own 1 / alpha_c. */
  readonly nu: number;
}

export interface PopulationConstants {
  readonly link: string;
  readonly p: number;
  readonly method: Denoiser["method"];
  /** The p^2 x p^2 matrix of F on row-major vec(M). */
  readonly F: Matrix;
  /** The p^2 eigenvalues of F, descending. */
  readonly nu: Float64Array;
  /** Eigenvectors of F as the columns of a p^2 x p^2 matrix (column k belongs to nu[k]). */
  readonly nuVectors: Matrix;
  /**
   * The weak-recovery threshold: 0 when the trivial subspace is not empty (E[z | y] != 0), else
   * 1 / nu_1 (Infinity when F = 0, e.g. the parity).
   */
  readonly alphaC: number;
  /** 1 / nu_1 regardless of the trivial subspace (Infinity when nu_1 <= tol). */
  readonly spectralAlphaC: number;
  /** How many F-eigenvalues equal nu_1 (within tol): the number of L outliers at alpha / alpha_c. */
  readonly topMultiplicity: number;
  /** A PSD unit-Frobenius matrix in the top eigenspace of F (p x p). */
  readonly topEigenmatrix: Matrix;
  /** Orthonormal basis (p x r) of the easy subspace: the span of the top eigenspace's ranges. */
  readonly easySubspace: Matrix;
  /** E_y[E[z|y] E[z|y]^T] (p x p). */
  readonly trivialMatrix: Matrix;
  /** Orthonormal basis (p x t) of span{E[z | y]}: learnable at any alpha > 0. */
  readonly trivialSubspace: Matrix;
  /** Orthonormal basis (p x h) of the directions u with G(y) u = 0 for every y. */
  readonly hardSubspace: Matrix;
  /** E[<M1, G M1 G M1 ... >] = Tr E[G M1 G M1^T G] for the unit topEigenmatrix M1 (reference section 6.1). */
  readonly lambda3: number;
  /** Sanity residuals: max |E_y G(y)| and max |E_y E[zz^T|y] - I| (both 0 in exact arithmetic). */
  readonly identities: { readonly meanG: number; readonly meanSecondMinusIdentity: number };
  /**
   * For a jointly diagonalisable G (one orthonormal basis diagonalises G(y) at every law point,
   * off-diagonal mass below 1e-6 of the total): the p directions and the laws of their eigenvalues,
   * sorted by nu descending. Null otherwise.
   */
  readonly directions: readonly EigenDirection[] | null;
  /**
   * Estimated absolute error of spectralAlphaC from the numerical integration: for the preimage
   * engine, from alpha_c at the full resolution and at 1/2, 1/4 of the label bins and 1/3, 1/9 of
   * the nodes per angle of the line rule, by Richardson extrapolation with the observed
   * order of convergence (the two estimates added);
   * 0 for the other methods and when alpha_c is 0 or infinite.
   */
  readonly alphaCError: number;
}

/** Finds a basis diagonalising every G(y_j), or null (see PopulationConstants.directions). */
function jointDirections(law: DenoiserLaw, p: number, link: IndexLink): EigenDirection[] | null {
  const m = law.weights.length;
  const G = (j: number, a: number, b: number) => law.second[j * p * p + a * p + b]! - (a === b ? 1 : 0);
  const candidates: Float64Array[] = [];
  if (link.basis) candidates.push(link.basis);
  const identity = new Float64Array(p * p);
  for (let a = 0; a < p; a++) identity[a * p + a] = 1;
  candidates.push(identity);
  // the eigenbasis of G at the law point with the widest eigenvalue spread (skipping negligible weights)
  let best = -1;
  let bestSpread = 0;
  const block = new Float64Array(p * p);
  for (let j = 0; j < m; j++) {
    if (law.weights[j]! < 1e-8 / m) continue;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) block[a * p + b] = G(j, a, b);
    const { values } = jacobiEigh(block, p);
    const spread = values[p - 1]! - values[0]!;
    const gaps = Array.from({ length: p - 1 }, (_, l) => values[l + 1]! - values[l]!);
    const minGap = p > 1 ? Math.min(...gaps) : 0;
    if (minGap > bestSpread && spread > 0) {
      bestSpread = minGap;
      best = j;
    }
  }
  if (best >= 0) {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) block[a * p + b] = G(best, a, b);
    candidates.push(jacobiEigh(block, p).vectors.data);
  }
  for (const U of candidates) {
    let off = 0;
    let all = 0;
    const lambda = Array.from({ length: p }, () => new Float64Array(m));
    const second = Array.from({ length: p }, () => new Float64Array(m));
    for (let j = 0; j < m; j++) {
      const wj = law.weights[j]!;
      for (let k = 0; k < p; k++) {
        for (let l = k; l < p; l++) {
          let s = 0;
          for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += U[a * p + k]! * G(j, a, b) * U[b * p + l]!;
          if (k === l) {
            lambda[k]![j] = s;
            let e = 0;
            for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) e += U[a * p + k]! * law.second[j * p * p + a * p + b]! * U[b * p + l]!;
            second[k]![j] = e;
            all += wj * s * s;
          } else {
            off += 2 * wj * s * s;
            all += 2 * wj * s * s;
          }
        }
      }
    }
    if (off <= 1e-12 * Math.max(all, 1e-300) || all === 0) {
      const dirs = lambda.map((values, k) => {
        let nu = 0;
        for (let j = 0; j < m; j++) nu += law.weights[j]! * values[j]! ** 2;
        return { direction: Float64Array.from({ length: p }, (_, a) => U[a * p + k]!), lambda: values, second: second[k]!, weights: law.weights, nu };
      });
      return dirs.sort((x, y) => y.nu - x.nu);
    }
  }
  return null;
}

/**
 * The population constants of `model` (a link, or a Denoiser to reuse its law): F, alpha_c, the
 * easy, trivial and hard subspaces, lambda3 and the eigen-direction laws. See the file comment.
 * Cost: one pass over the label law (m points) of O(m p^4), plus p^2 x p^2 Jacobi.
 */
export function populationConstants(model: IndexLink | Denoiser, options: PopulationOptions = {}): PopulationConstants {
  assertOptions(options, "populationConstants");
  const den = model instanceof Denoiser ? model : new Denoiser(model, options.denoiser ?? {});
  const link = den.link;
  const p = den.p;
  if (options.tol !== undefined && (!(options.tol > 0) || !Number.isFinite(options.tol))) throw new InvalidArgumentError(`populationConstants: tol must be a finite number > 0, got ${options.tol}`);
  const law = den.law();
  // the preimage engine's coarse companions: their F against the fine one estimates the error
  const coarse = den.coarseLaws();
  const coarseF = coarse ? coarse.map((l) => assembleF(l, p)) : null;
  let fError = 0;
  if (coarseF) {
    const fineF = assembleF(law, p);
    for (let r = 0; r < fineF.length; r++) fError = Math.max(fError, Math.abs(fineF[r]! - coarseF[0]![r]!));
  }
  const tol = options.tol ?? (den.method === "monte-carlo" ? 2e-3 : Math.max(1e-9, 10 * fError));
  const m = law.weights.length;
  const pp = p * p;
  const F = new Float64Array(pp * pp);
  const meanG = new Float64Array(pp);
  const meanSecond = new Float64Array(pp);
  const trivial = new Float64Array(pp);
  const G2 = new Float64Array(pp);
  const g = new Float64Array(pp);
  for (let j = 0; j < m; j++) {
    const w = law.weights[j]!;
    denoiserAt(law, j, p, g);
    for (let a = 0; a < pp; a++) {
      meanG[a]! += w * g[a]!;
      meanSecond[a]! += w * law.second[j * pp + a]!;
    }
    for (let a = 0; a < p; a++) {
      const fa = law.first[j * p + a]!;
      for (let b = 0; b < p; b++) {
        trivial[a * p + b]! += w * fa * law.first[j * p + b]!;
        let s = 0;
        for (let c = 0; c < p; c++) s += g[a * p + c]! * g[c * p + b]!;
        G2[a * p + b]! += w * s;
      }
    }
    addKronecker(F, g, w, p);
  }
  // exact symmetry of the assembled F (rounding)
  symmetriseInPlace(F, pp);
  let idG = 0;
  let idS = 0;
  for (let a = 0; a < pp; a++) {
    idG = Math.max(idG, Math.abs(meanG[a]!));
    idS = Math.max(idS, Math.abs(meanSecond[a]! - (a % (p + 1) === 0 ? 1 : 0)));
  }

  const eig = jacobiEigh(F, pp);
  const order = Array.from({ length: pp }, (_, k) => pp - 1 - k); // descending
  const nu = Float64Array.from(order, (k) => eig.values[k]!);
  const nuVectors = new Matrix(pp, pp);
  order.forEach((k, c) => {
    for (let r = 0; r < pp; r++) nuVectors.data[r * pp + c] = eig.vectors.data[r * pp + k]!;
  });
  const nu1 = nu[0]!;
  const spectralAlphaC = nu1 > tol ? 1 / nu1 : Infinity;
  let alphaCError = 0;
  if (coarseF && Number.isFinite(spectralAlphaC)) {
    // per error source (label bins: r = 2; angle nodes: r = 3), alpha_c at resolutions 1, 1/r,
    // 1/r^2, differences d1 = a(1/r) - a(1), d2 = a(1/r^2) - a(1/r). Of one sign, they shrink by
    // the observed ratio rho = d1 / d2 per refinement, and the remainder of that geometric series
    // is |d1| rho / (1 - rho) (Richardson with the observed order q = -log_r rho). rho is held in
    // [1/r, 0.9], i.e. the order at most 1: the bins' order falls as they refine (the label
    // density of a product link is log-singular, so the observed order, ~2 between 64 and 256
    // bins, is ~1.5 between 256 and 1024), and a coarsest companion far outside the asymptotic
    // range (|d2| > r^3 |d1|, of either sign) says nothing about the order, only that the fine
    // pair is converged to about |d1| / (r - 1). Otherwise (oscillation) 3 |d1| + |d2|. The two
    // estimates add.
    const alphas = coarseF.map((Fc) => {
      const top = jacobiEigh(Fc, pp).values[pp - 1]!;
      return top > 0 ? 1 / top : Infinity;
    });
    const richardson = (a1: number, a2: number, r: number): number => {
      const d1 = a1 - spectralAlphaC, d2 = a2 - a1;
      if (!Number.isFinite(a1) || !Number.isFinite(a2)) return Infinity;
      if (d1 === 0) return Math.abs(d2);
      if (Math.abs(d2) > r ** 3 * Math.abs(d1)) return Math.abs(d1) / (r - 1);
      if (d1 * d2 > 0 && Math.abs(d2) > Math.abs(d1)) {
        const rho = Math.min(0.9, Math.max(1 / r, d1 / d2));
        return (Math.abs(d1) * rho) / (1 - rho);
      }
      return 3 * Math.abs(d1) + Math.abs(d2);
    };
    alphaCError = richardson(alphas[0]!, alphas[1]!, 2) + richardson(alphas[2]!, alphas[3]!, 3);
  }
  let topMultiplicity = 0;
  if (nu1 > tol) while (topMultiplicity < pp && nu[topMultiplicity]! >= nu1 - Math.max(tol, tol * Math.abs(nu1))) topMultiplicity++;

  // top eigenmatrix: projection of I onto the top eigenspace (PSD in every library case), else the
  // most positive-trace eigenvector; both symmetrised and normalised
  const M1 = new Float64Array(pp);
  const easyGram = new Float64Array(pp);
  if (topMultiplicity > 0) {
    for (let k = 0; k < topMultiplicity; k++) {
      let tr = 0;
      for (let a = 0; a < p; a++) tr += nuVectors.data[(a * p + a) * pp + k]!;
      for (let r = 0; r < pp; r++) M1[r]! += tr * nuVectors.data[r * pp + k]!;
      // range of the symmetric part of each eigenmatrix: accumulate S S^T
      const S = new Float64Array(pp);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) S[a * p + b] = 0.5 * (nuVectors.data[(a * p + b) * pp + k]! + nuVectors.data[(b * p + a) * pp + k]!);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
        let s = 0;
        for (let c = 0; c < p; c++) s += S[a * p + c]! * S[b * p + c]!;
        easyGram[a * p + b]! += s;
      }
    }
    let norm = 0;
    for (let r = 0; r < pp; r++) norm += M1[r]! ** 2;
    if (!(norm > 1e-20) || !isPsd(symmetrised(M1, p), p, 1e-8)) {
      // fall back: the top eigenvector itself, sign chosen for a positive trace
      M1.fill(0);
      let tr = 0;
      for (let a = 0; a < p; a++) tr += nuVectors.data[(a * p + a) * pp]!;
      for (let r = 0; r < pp; r++) M1[r] = (tr < 0 ? -1 : 1) * nuVectors.data[r * pp]!;
    }
    const sym = symmetrised(M1, p);
    M1.set(sym);
    norm = Math.sqrt(M1.reduce((s, v) => s + v * v, 0));
    for (let r = 0; r < pp; r++) M1[r]! /= norm;
  }
  const maxGram = easyGram.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  const easySubspace = topMultiplicity > 0 ? eigenBasis(easyGram, p, (v) => v > 1e-8 * maxGram) : new Matrix(p, 0);

  // lambda3 = Tr E[G M1 G M1 G]
  let lambda3 = 0;
  if (topMultiplicity > 0) {
    const A = new Float64Array(pp);
    const B = new Float64Array(pp);
    for (let j = 0; j < m; j++) {
      const w = law.weights[j]!;
      denoiserAt(law, j, p, g);
      mul(g, M1, A, p); // G M1
      mul(A, A, B, p); // G M1 G M1
      let tr = 0;
      for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) tr += B[a * p + c]! * g[c * p + a]!;
      lambda3 += w * tr;
    }
  }

  const trivialSubspace = eigenBasis(trivial, p, (v) => v > tol);
  const g2max = G2.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  const hardSubspace = eigenBasis(G2, p, (v) => v <= Math.max(tol, tol * g2max) || g2max <= tol);
  return {
    link: link.name,
    p,
    method: den.method,
    F: new Matrix(pp, pp, F),
    nu,
    nuVectors,
    alphaC: trivialSubspace.cols > 0 ? 0 : spectralAlphaC,
    spectralAlphaC,
    topMultiplicity,
    topEigenmatrix: new Matrix(p, p, M1),
    easySubspace,
    trivialMatrix: new Matrix(p, p, trivial),
    trivialSubspace,
    hardSubspace,
    lambda3,
    identities: { meanG: idG, meanSecondMinusIdentity: idS },
    directions: jointDirections(law, p, link),
    alphaCError: trivialSubspace.cols > 0 ? 0 : alphaCError,
  };
}

/** alpha_c of a link (see populationConstants). */
export function criticalAlpha(model: IndexLink | Denoiser, options: PopulationOptions = {}): number {
  return populationConstants(model, options).alphaC;
}
