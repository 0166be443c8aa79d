/**
 * Deterministic equivalent (DE) of the feature covariance of the isotropic spiked random-feature
 * model (../shared/reference/spiked-features.md sections 3-5; the equations are that note's own
 * derivation [D], checked against simulation there and again in test/theory/spikedRf.test.ts).
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
 * Solver: Anderson-accelerated damped fixed point on (r, c) (Anderson 1965; Walker and Ni 2011,
 * depth 6, mixing 0.5; an extrapolated step that leaves the physical region Im r >= 0 is projected
 * back, the history restarts when the residual grows 1000-fold), from a warm start when given, else
 * by continuation in Im z from far above the spectrum (r = -1/z, c = psi_k there) down to the
 * target in steps of 8x. A converged state with Im r < 0 is refused: near the axis the conjugate
 * solution is almost a fixed point too and a warm start can slide onto it. Each sweep costs
 * O(Q K^2 + K^3) (about 15 us at Q = 161, K = 2); 20-200 sweeps per point, more at an edge.
 * Real z outside the support are solved at z + i 1e-10 (1 + |z|) and return real values.
 *
 * Order-p outliers (section 5.1): with A_kl = E[m_k m_l] and Pi = diag(pi), the top K eigenvalues
 * of Sigma are p eig(Pi^{1/2} A Pi^{1/2}) to leading order; the finite-n equation is
 * det(I_K + n T(z) C(z)) = 0 with T_kl(z) = E[m_k m_l r(kappa; z)] at real z above the bulk. With
 * C > 0, the j-th largest outlier is the z where the j-th smallest eigenvalue of n C^{1/2} T C^{1/2}
 * (increasing in z) crosses -1; solved by Brent's method. The realized version replaces E over kappa in
 * T by the average over the n realized projections kappa_nu (the plug-in of section 5.1).
 */
import { ConvergenceError, InvalidArgumentError } from "../errors.js";
import { jacobiEigh } from "../linalg/jacobi.js";
import type { Complex } from "./complex.js";
import { gaussHermite } from "./gaussHermite.js";
import { checkFiniteList, checkPoint, type Interval } from "./law.js";
import { secondLayerLaw, type SecondLayerLaw, type SecondLayerSpec } from "./secondLayer.js";

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

export interface SpikedRfOutlier {
  /** Leading order p eig_j(Pi^{1/2} A Pi^{1/2}) (descending). */
  leading: number;
  /** Root of det(I + n T(z) C(z)) = 0 above the bulk, or null when this mode stays in the bulk. */
  corrected: number | null;
}

const DEFAULT_TOL = 1e-11;

function checkSize(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
  return v;
}

// ------------------------------------------------------------------ small complex linear algebra
// Hot loops work on separate re/im arrays (the Complex values of complex.ts would allocate per
// operation, and the solver runs millions of them for a density grid).

/** In-place inverse of the K x K complex matrix (ar, ai) by Gauss-Jordan with partial pivoting. */
function complexInverse(K: number, ar: Float64Array, ai: Float64Array, wr: Float64Array, wi: Float64Array): boolean {
  // [A | I] -> [I | A^{-1}] in w (K x 2K)
  const W = 2 * K;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      wr[i * W + j] = ar[i * K + j]!;
      wi[i * W + j] = ai[i * K + j]!;
      wr[i * W + K + j] = i === j ? 1 : 0;
      wi[i * W + K + j] = 0;
    }
  }
  for (let col = 0; col < K; col++) {
    let piv = col;
    let best = -1;
    for (let i = col; i < K; i++) {
      const m = Math.abs(wr[i * W + col]!) + Math.abs(wi[i * W + col]!); // |.|_1: as good a pivot rule, no hypot
      if (m > best) {
        best = m;
        piv = i;
      }
    }
    if (!(best > 0)) return false;
    if (piv !== col) {
      for (let j = 0; j < W; j++) {
        let t = wr[col * W + j]!;
        wr[col * W + j] = wr[piv * W + j]!;
        wr[piv * W + j] = t;
        t = wi[col * W + j]!;
        wi[col * W + j] = wi[piv * W + j]!;
        wi[piv * W + j] = t;
      }
    }
    const pr = wr[col * W + col]!;
    const pi = wi[col * W + col]!;
    const den = pr * pr + pi * pi;
    const ir = pr / den;
    const ii = -pi / den;
    for (let j = 0; j < W; j++) {
      const xr = wr[col * W + j]!;
      const xi = wi[col * W + j]!;
      wr[col * W + j] = xr * ir - xi * ii;
      wi[col * W + j] = xr * ii + xi * ir;
    }
    for (let i = 0; i < K; i++) {
      if (i === col) continue;
      const fr = wr[i * W + col]!;
      const fi = wi[i * W + col]!;
      if (fr === 0 && fi === 0) continue;
      for (let j = 0; j < W; j++) {
        const xr = wr[col * W + j]!;
        const xi = wi[col * W + j]!;
        wr[i * W + j]! -= fr * xr - fi * xi;
        wi[i * W + j]! -= fr * xi + fi * xr;
      }
    }
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      ar[i * K + j] = wr[i * W + K + j]!;
      ai[i * K + j] = wi[i * W + K + j]!;
    }
  }
  return true;
}

// ------------------------------------------------------------------ the equivalent

/**
 * The spiked random-feature deterministic equivalent for given coefficients, sizes, theta and
 * second-layer law (see the file comment). Construction tabulates the coefficient functions on
 * the kappa nodes (3 Q K evaluations); every query then solves the fixed point.
 */
export class SpikedRfEquivalent {
  readonly n: number;
  readonly p: number;
  readonly d: number;
  readonly theta: number;
  readonly law: SecondLayerLaw;
  /** n/d. */
  readonly rd: number;
  /** p/n. */
  readonly psi: number;
  /** Mass of the atom of the spectrum of Sigma at 0. */
  readonly atom: number;
  /** Gauss-Hermite nodes and weights in kappa. */
  readonly kappa: Float64Array;
  readonly weights: Float64Array;
  private readonly coefficients: ShiftedCoefficients;
  private readonly K: number;
  private readonly Q: number;
  /** m_k, phi_k, s_k on the nodes, group-major (k Q + q). */
  private readonly m0: Float64Array;
  private readonly phi: Float64Array;
  private readonly s: Float64Array;
  private readonly psiK: Float64Array;
  private readonly tol: number;
  private readonly maxIterations: number;
  /** Largest bulk variance phi_k^2 + s_k over the nodes that carry weight (a scale for the support). */
  readonly bulkScale: number;
  /** True when mu*^2 vanishes on every node (linear features, rank <= d). */
  readonly linear: boolean;

  constructor(options: SpikedRfOptions) {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError("spikedRfEquivalent needs an options object");
    const co = options.coefficients;
    if (co === null || typeof co !== "object" || typeof co.mu0 !== "function" || typeof co.mu1 !== "function" || typeof co.muStar2 !== "function") {
      throw new InvalidArgumentError("coefficients must provide mu0(c), mu1(c) and muStar2(c) (features' shiftedCoefficients(activation))");
    }
    this.n = checkSize(options.n, "n");
    this.p = checkSize(options.p, "p");
    this.d = checkSize(options.d, "d");
    const theta = options.theta;
    if (typeof theta !== "number" || !Number.isFinite(theta) || theta < 0) {
      throw new InvalidArgumentError(`theta must be a finite number >= 0, got ${theta}`);
    }
    this.theta = theta;
    this.law = secondLayerLaw(options.secondLayer ?? "ones", { nodes: options.secondLayerNodes });
    this.coefficients = co;
    this.rd = this.n / this.d;
    this.psi = this.p / this.n;
    const Q = options.kappaNodes ?? 161;
    if (!Number.isInteger(Q) || Q < 2 || Q > 1000) throw new InvalidArgumentError(`kappaNodes must be an integer in [2, 1000], got ${Q}`);
    this.tol = options.tol ?? DEFAULT_TOL;
    if (!(this.tol > 0) || !Number.isFinite(this.tol)) throw new InvalidArgumentError(`tol must be a positive number, got ${this.tol}`);
    this.maxIterations = options.maxIterations ?? 20000;
    if (!Number.isInteger(this.maxIterations) || this.maxIterations < 1) {
      throw new InvalidArgumentError(`maxIterations must be a positive integer, got ${this.maxIterations}`);
    }
    const rule = gaussHermite(Q);
    this.kappa = rule.nodes;
    this.weights = rule.weights;
    this.Q = Q;
    const K = this.law.values.length;
    this.K = K;
    this.m0 = new Float64Array(K * Q);
    this.phi = new Float64Array(K * Q);
    this.s = new Float64Array(K * Q);
    let scale = 0;
    let allLinear = true;
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < Q; q++) {
        const shift = theta * this.law.values[k]! * rule.nodes[q]!;
        const m = co.mu0(shift);
        const f = co.mu1(shift);
        const v = co.muStar2(shift);
        if (!Number.isFinite(m) || !Number.isFinite(f) || !Number.isFinite(v) || v < 0) {
          throw new InvalidArgumentError(`coefficients at shift ${shift}: mu0 = ${m}, mu1 = ${f}, mu*^2 = ${v} (need finite values, mu*^2 >= 0)`);
        }
        this.m0[k * Q + q] = m;
        this.phi[k * Q + q] = f;
        this.s[k * Q + q] = v;
        if (v > 1e-14) allLinear = false;
        if (rule.weights[q]! > 1e-10) scale = Math.max(scale, f * f + v);
      }
    }
    this.linear = allLinear;
    this.bulkScale = scale;
    this.psiK = this.law.probs.map((pk) => pk * this.psi);
    const rank = allLinear ? Math.min(this.n, this.d) : this.n;
    this.atom = Math.max(0, 1 - rank / this.p);
  }

  /** A cold start: r = -1/z, c = psi_k. */
  private coldState(zr: number, zi: number): Float64Array {
    const { Q, K } = this;
    const u = new Float64Array(2 * (Q + K));
    const den = zr * zr + zi * zi;
    for (let q = 0; q < Q; q++) {
      u[2 * q] = -zr / den;
      u[2 * q + 1] = zi / den;
    }
    for (let k = 0; k < K; k++) u[2 * (Q + k)] = this.psiK[k]!;
    return u;
  }

  /**
   * One application of the fixed-point map G: out := G(u). Returns false if a matrix inverse
   * failed. Workspace arrays are allocated once per solve (see `workspace`).
   */
  private map(zr: number, zi: number, u: Float64Array, out: Float64Array, ws: Workspace): boolean {
    const { Q, K, rd, weights: w, phi, s } = this;
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
      cr[k] = (this.psiK[k]! * er) / den;
      ci[k] = (-this.psiK[k]! * di) / den;
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

  private workspace(): Workspace {
    const K = this.K;
    const kk = () => new Float64Array(K * K);
    return {
      hr: kk(), hi: kk(), ar: kk(), ai: kk(), br: kk(), bi: kk(), tr: kk(), ti: kk(),
      cr: new Float64Array(K), ci: new Float64Array(K),
      gr: new Float64Array(2 * K * K), gi: new Float64Array(2 * K * K),
    };
  }

  /**
   * Solves the fixed point at z = zr + i zi (zi > 0) from `start` by Anderson-accelerated damped
   * iteration. Returns the state and the iteration count, or null if it did not converge.
   */
  private iterate(zr: number, zi: number, start: Float64Array, maxIterations: number): { u: Float64Array; iterations: number; residual: number } | null {
    const N = start.length;
    const Q = this.Q;
    const depth = 6;
    const beta = 0.5;
    const ws = this.workspace();
    // all buffers allocated once: the history is a ring of `depth` difference pairs
    let u = start.slice();
    let next = new Float64Array(N);
    const g = new Float64Array(N);
    const f = new Float64Array(N);
    const prevU = new Float64Array(N);
    const prevF = new Float64Array(N);
    const dU = Array.from({ length: depth }, () => new Float64Array(N));
    const dF = Array.from({ length: depth }, () => new Float64Array(N));
    const A = new Float64Array(depth * depth);
    const b = new Float64Array(depth);
    let count = 0; // differences stored (<= depth)
    let head = 0; // ring position of the next difference
    let havePrev = false;
    let best = Infinity;
    const bestU = u.slice();
    for (let it = 1; it <= maxIterations; it++) {
      if (!this.map(zr, zi, u, g, ws)) return null;
      let fn = 0;
      let un = 0;
      for (let i = 0; i < N; i++) {
        const v = g[i]! - u[i]!;
        f[i] = v;
        const av = Math.abs(v);
        if (!(av < Infinity)) return null; // NaN or infinite
        if (av > fn) fn = av;
        const au = Math.abs(u[i]!);
        if (au > un) un = au;
      }
      if (fn <= this.tol * (1 + un)) {
        // the image g is the better iterate. It must be the physical solution: near the real axis the
        // conjugate of the solution at conj(z) is almost a fixed point too, with Im r < 0 inside the
        // bulk (a warm start can slide onto it), so such a state is refused (the caller restarts cold).
        for (let q = 0; q < Q; q++) {
          if (g[2 * q + 1]! < -1e-7 * (Math.abs(g[2 * q]!) + Math.abs(g[2 * q + 1]!))) return null;
        }
        return { u: g.slice(), iterations: it, residual: fn };
      }
      if (fn < best) {
        best = fn;
        bestU.set(u);
      } else if (fn > 1e3 * best) {
        // diverging: restart the history from the best point
        count = 0;
        head = 0;
        havePrev = false;
        u.set(bestU);
        continue;
      }
      if (havePrev) {
        const du = dU[head]!;
        const df = dF[head]!;
        for (let i = 0; i < N; i++) {
          du[i] = u[i]! - prevU[i]!;
          df[i] = f[i]! - prevF[i]!;
        }
        head = (head + 1) % depth;
        if (count < depth) count++;
      }
      prevU.set(u);
      prevF.set(f);
      havePrev = true;
      for (let i = 0; i < N; i++) next[i] = u[i]! + beta * f[i]!;
      const m = count;
      if (m > 0) {
        // gamma = argmin |f - dF gamma| by the normal equations (m <= 6), lightly regularized
        let tr = 0;
        for (let a = 0; a < m; a++) {
          const fa = dF[a]!;
          for (let c = a; c < m; c++) {
            const fc = dF[c]!;
            let t = 0;
            for (let i = 0; i < N; i++) t += fa[i]! * fc[i]!;
            A[a * m + c] = t;
            A[c * m + a] = t;
          }
          tr += A[a * m + a]!;
          let t = 0;
          for (let i = 0; i < N; i++) t += fa[i]! * f[i]!;
          b[a] = t;
        }
        for (let a = 0; a < m; a++) A[a * m + a]! += 1e-12 * tr + 1e-300;
        const gamma = solveSymmetric(A, b, m);
        if (gamma) {
          for (let a = 0; a < m; a++) {
            const ga = gamma[a]!;
            const du = dU[a]!;
            const df = dF[a]!;
            for (let i = 0; i < N; i++) next[i]! -= ga * (du[i]! + beta * df[i]!);
          }
        }
      }
      // stay in the physical region Im r >= 0 (Im z > 0): an extrapolated step that leaves it is pulled
      // back halfway to the current iterate's Im r on those nodes (a projection; the history is kept)
      for (let q = 0; q < Q; q++) {
        if (next[2 * q + 1]! < 0) next[2 * q + 1] = 0.5 * Math.max(0, u[2 * q + 1]!);
      }
      const t = u;
      u = next;
      next = t;
    }
    return null;
  }

  /** g_n and g_p from a converged state. */
  private point(zr: number, zi: number, u: Float64Array, iterations: number): SpikedRfPoint {
    const { Q, K } = this;
    let gr = 0;
    let gi = 0;
    for (let q = 0; q < Q; q++) {
      gr += this.weights[q]! * u[2 * q]!;
      gi += this.weights[q]! * u[2 * q + 1]!;
    }
    // g_p = (n/p) g_n - (1 - n/p)/z
    const ratio = this.n / this.p;
    const den = zr * zr + zi * zi;
    const izr = zr / den;
    const izi = -zi / den;
    const gp = { re: ratio * gr - (1 - ratio) * izr, im: ratio * gi - (1 - ratio) * izi };
    const c: Complex[] = [];
    const diag: Complex[] = [];
    for (let k = 0; k < K; k++) {
      const cr = u[2 * (Q + k)]!;
      const ci = u[2 * (Q + k) + 1]!;
      c.push({ re: cr, im: ci });
      // -c_k / (z psi_k)
      const s = -1 / this.psiK[k]!;
      diag.push({ re: s * (cr * izr - ci * izi), im: s * (cr * izi + ci * izr) });
    }
    return { z: { re: zr, im: zi }, gp, gn: { re: gr, im: gi }, c, resolventDiagonal: diag, iterations, state: u };
  }

  /**
   * The DE at z (Im z >= 0; a real z means z + i0 and is solved at z + i 1e-10 (1 + |z|); Im z < 0
   * by conjugation). `warm` is the state of a nearby solved point. Throws ConvergenceError
   * (iterations, residual) when the fixed point does not settle within maxIterations, also after a
   * cold restart.
   */
  stieltjes(z: number | Complex, options: { warm?: Float64Array } = {}): SpikedRfPoint {
    const w = checkPoint(z);
    if (w.im < 0) {
      const p = this.stieltjes({ re: w.re, im: -w.im }, options);
      const cj = (x: Complex) => ({ re: x.re, im: -x.im });
      return { ...p, z: w, gp: cj(p.gp), gn: cj(p.gn), c: p.c.map(cj), resolventDiagonal: p.resolventDiagonal.map(cj) };
    }
    const zi = w.im > 0 ? w.im : 1e-10 * (1 + Math.abs(w.re));
    if (w.re === 0 && zi < 1e-8 && this.atom > 0) {
      throw new InvalidArgumentError("z = 0 is the atom of the spectrum; the transform is singular there");
    }
    return this.solveAt(w.re, zi, options.warm);
  }

  private solveAt(zr: number, zi: number, warm?: Float64Array, limit = this.maxIterations): SpikedRfPoint {
    const N = 2 * (this.Q + this.K);
    let tried = 0;
    let last = Infinity;
    if (warm && warm.length === N) {
      // a warm start that has not settled after a few thousand sweeps is abandoned for the cold path
      const budget = Math.min(limit, 3000);
      const res = this.iterate(zr, zi, warm, budget);
      tried += budget;
      if (res) return this.point(zr, zi, res.u, res.iterations);
    }
    // cold: continuation in Im z from far above (where the map contracts fast) down to zi
    const top = Math.max(zi, 4 * (1 + Math.abs(zr) + this.bulkScale));
    let u = this.coldState(zr, top);
    let im = top;
    let total = 0;
    for (;;) {
      const res = this.iterate(zr, im, u, limit);
      if (!res) {
        last = im;
        break;
      }
      total += res.iterations;
      u = res.u;
      if (im === zi) return this.point(zr, zi, u, total);
      im = Math.max(zi, im / 8);
    }
    throw new ConvergenceError(
      `spiked-RF equivalent: no convergence at z = ${zr} + ${zi}i (stalled at Im z = ${last}; ${tried + total} iterations)`,
      tried + total,
      NaN,
    );
  }

  /** g_p(z) (see `stieltjes`). */
  stieltjesP(z: number | Complex): Complex {
    return this.stieltjes(z).gp;
  }

  /** g_n(z) (see `stieltjes`). */
  stieltjesN(z: number | Complex): Complex {
    return this.stieltjes(z).gn;
  }

  /**
   * Density of the continuous part of the spectrum of Sigma at the points x (any order), as
   * Im g_p(x + i eps)/pi minus the Poisson smoothing of the atom at 0, swept from right to left with
   * warm starts. eps defaults to 1e-8 (1 + bulkScale); choose it well below the grid step.
   * The integral of the result is min(1, n/p) (the continuous mass) up to the eps smoothing.
   */
  density(x: ArrayLike<number>, options: { epsilon?: number } = {}): Float64Array {
    const xs = checkFiniteList(x, "x");
    const eps = options.epsilon ?? 1e-8 * (1 + this.bulkScale);
    if (!(eps > 0) || !Number.isFinite(eps)) throw new InvalidArgumentError(`epsilon must be a positive number, got ${eps}`);
    const order = Array.from(xs.keys()).sort((i, j) => xs[j]! - xs[i]!);
    const out = new Float64Array(xs.length);
    let warm: Float64Array | undefined;
    for (const i of order) {
      const xv = xs[i]!;
      // at a point on an edge the fixed point can stall at tiny eps: retry with 10x and 100x eps
      let pt: SpikedRfPoint | null = null;
      let e = eps;
      for (let attempt = 0; attempt < 3 && pt === null; attempt++, e *= 10) {
        try {
          pt = this.solveAt(xv, e, warm);
        } catch (err) {
          if (!(err instanceof ConvergenceError) || attempt === 2) throw err;
        }
      }
      warm = pt!.state;
      const ee = pt!.z.im;
      const atomPart = (this.atom * ee) / (xv * xv + ee * ee);
      out[i] = Math.max(0, (pt!.gp.im - atomPart) / Math.PI);
    }
    return out;
  }

  /** An upper bound for the bulk: 1.5 bulkScale ((1 + sqrt(d/n))^2 (1 + sqrt(p/d))^2 + (1 + sqrt(p/n))^2). */
  bulkBound(): number {
    const { n, p, d } = this;
    return 1.5 * this.bulkScale * ((1 + Math.sqrt(d / n)) ** 2 * (1 + Math.sqrt(p / d)) ** 2 + (1 + Math.sqrt(p / n)) ** 2);
  }

  /**
   * The support of the continuous part, as intervals. The density is evaluated at Im z = 1e-10 (1 + x)
   * (outside the support Im g_p is then O(1e-10), inside it is pi rho) on `points` grid points of
   * (0, upper] (default 400 points, upper = bulkBound()), thresholded at `threshold` times its maximum
   * (default 1e-4), and each crossing is refined by bisection to 1e-9 relative (or until the fixed
   * point stalls in the critical region of the edge, ~1e-5 relative); below the smallest grid point
   * the lower edge is looked for by halving. Without `upper`, a coarse scan (points / 4) of
   * (0, bulkBound()] finds the top edge and the full scan runs on (0, 1.25 x that edge]. A square-root edge rho ~ C sqrt(x - e) is then located to about
   * 2e-5 relative (against the exact quartic edge at theta = 0). The default call is cached.
   */
  support(options: { points?: number; threshold?: number; upper?: number } = {}): Interval[] {
    const points = options.points ?? 400;
    const threshold = options.threshold ?? 1e-4;
    if (!Number.isInteger(points) || points < 10) throw new InvalidArgumentError(`points must be an integer >= 10, got ${points}`);
    if (!(threshold > 0 && threshold < 1)) throw new InvalidArgumentError(`threshold must lie in (0, 1), got ${threshold}`);
    const isDefault = options.points === undefined && options.threshold === undefined && options.upper === undefined;
    if (isDefault && this.cachedSupport) return this.cachedSupport.map((iv) => [iv[0], iv[1]] as const);
    const upper = options.upper ?? this.bulkBound();
    if (!(upper > 0) || !Number.isFinite(upper)) throw new InvalidArgumentError(`upper must be a positive number, got ${upper}`);
    // without a given range: a coarse scan of (0, bulkBound] first, then the full scan of (0, 1.25 x edge]
    let iv = this.scanSupport(upper, options.upper === undefined ? Math.max(10, Math.floor(points / 4)) : points, threshold);
    const top = iv.length > 0 ? iv[iv.length - 1]![1] : 0;
    if (options.upper === undefined && top > 0) iv = this.scanSupport(1.25 * top, points, threshold);
    if (isDefault) this.cachedSupport = iv.map((x) => [x[0], x[1]] as const);
    return iv;
  }

  private scanSupport(upper: number, points: number, threshold: number): Interval[] {
    const h = upper / points;
    const epsAt = (x: number) => 1e-8 * (1 + Math.abs(x));
    const densityAt = (xv: number, warmState?: Float64Array, limit?: number): { rho: number; state: Float64Array } => {
      const eps = epsAt(xv);
      const pt = this.solveAt(xv, eps, warmState, limit);
      const rho = Math.max(0, (pt.gp.im - (this.atom * eps) / (xv * xv + eps * eps)) / Math.PI);
      return { rho, state: pt.state };
    };
    const grid = Float64Array.from({ length: points }, (_, i) => upper - i * h); // descending, last = h
    const states: Float64Array[] = [];
    const rho = new Float64Array(points);
    let warm: Float64Array | undefined;
    for (let i = 0; i < points; i++) {
      const r = densityAt(grid[i]!, warm);
      warm = r.state;
      states.push(r.state);
      rho[i] = r.rho;
    }
    let peak = 0;
    for (const v of rho) peak = Math.max(peak, v);
    const tau = threshold * peak;
    const inside = (v: number) => v > tau;
    const bisect = (outside: number, insideX: number, st: Float64Array): number => {
      let a = outside;
      let b = insideX;
      for (let it = 0; it < 40 && Math.abs(b - a) > 1e-9 * (1e-3 + Math.abs(b)); it++) {
        const mid = 0.5 * (a + b);
        let v: number;
        try {
          v = densityAt(mid, st, 600).rho;
        } catch (err) {
          // within the critical region of the edge the fixed point slows down without bound: the
          // bracket [a, b] already locates the edge to that width
          if (err instanceof ConvergenceError) break;
          throw err;
        }
        if (inside(v)) b = mid;
        else a = mid;
      }
      return 0.5 * (a + b);
    };
    const intervals: [number, number][] = [];
    let hi: number | null = null;
    for (let i = 0; i < points; i++) {
      const inNow = inside(rho[i]!);
      const inPrev = i > 0 && inside(rho[i - 1]!);
      if (inNow && !inPrev) hi = i === 0 ? grid[0]! : bisect(grid[i - 1]!, grid[i]!, states[i]!);
      if (!inNow && inPrev && hi !== null) {
        intervals.push([bisect(grid[i]!, grid[i - 1]!, states[i - 1]!), hi]);
        hi = null;
      }
    }
    if (hi !== null) {
      // density down to the smallest grid point: look below it for a soft lower edge, else a hard edge at 0
      let xIn = grid[points - 1]!;
      let st = states[points - 1]!;
      let lower = 0;
      for (let k = 0; k < 40; k++) {
        const xt = xIn / 2;
        const r = densityAt(xt, st);
        if (!inside(r.rho)) {
          lower = bisect(xt, xIn, st);
          break;
        }
        xIn = xt;
        st = r.state;
      }
      intervals.push([lower, hi]);
    }
    intervals.reverse();
    return intervals;
  }

  /**
   * The K order-p outliers of Sigma, descending (see the file comment): the leading order
   * p eig(Pi^{1/2} A Pi^{1/2}) and the root of the finite-n equation above the bulk (null when the mode
   * does not separate from it, within 1e-4 relative of the edge). With `kappa` (the n realized
   * projections <v, x_nu>), A and T use the realized average over the samples instead of E_kappa
   * (for comparison with one simulation; give the realized group fractions as the second-layer law).
   * `upperEdge` skips the support computation. Cost: the support (once, cached), then ~20-40 solves
   * at real z; with kappa, 3 K n coefficient evaluations first.
   */
  outliers(options: { kappa?: ArrayLike<number>; upperEdge?: number } = {}): SpikedRfOutlier[] {
    const { K, Q, p, n } = this;
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
          const shift = this.theta * this.law.values[k]! * kap[j]!;
          m[k * N + j] = this.coefficients.mu0(shift);
          phi[k * N + j] = this.coefficients.mu1(shift);
          s[k * N + j] = this.coefficients.muStar2(shift);
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
          for (let q = 0; q < Q; q++) t += this.weights[q]! * this.m0[k * Q + q]! * this.m0[l * Q + q]!;
        }
        const v = t * Math.sqrt(this.law.probs[k]! * this.law.probs[l]!);
        B[k * K + l] = v;
        B[l * K + k] = v;
      }
    }
    const leadingAsc = jacobiEigh(B, K).values;
    const leading = Array.from(leadingAsc, (v) => p * v).reverse();

    const edge = options.upperEdge ?? this.upperEdge();
    // e(z): the eigenvalues of n C^{1/2} T(z) C^{1/2}, ascending
    let warm: Float64Array | undefined;
    const eigAt = (z: number): Float64Array => {
      const pt = this.solveAt(z, 1e-10 * (1 + Math.abs(z)), warm);
      warm = pt.state;
      const u = pt.state;
      const c = pt.c.map((x) => x.re);
      c.forEach((ck, k) => {
        if (!(ck > 0)) throw new ConvergenceError(`spiked-RF outliers: c_${k}(${z}) = ${ck} is not positive above the bulk`, 0, NaN);
      });
      // r at the realized kappa: from c and M of the solution (M = C (I + H C)^{-1})
      const T = new Float64Array(K * K);
      if (realized) {
        const Mre = this.realM(u, c);
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
          for (let k = 0; k < K; k++) for (let l = k; l < K; l++) T[k * K + l]! += this.weights[q]! * this.m0[k * Q + q]! * this.m0[l * Q + q]! * r;
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
    const out: SpikedRfOutlier[] = leading.map((l) => ({ leading: l, corrected: null }));
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
      out[j]!.corrected = brentRoot((z) => eigAt(z)[j]! + 1, lo0, hi0, 1e-12);
    }
    return out;
  }

  /** Real part of M = C (I + H C)^{-1} at a real-z state (H recomputed from r). */
  private realM(u: Float64Array, c: number[]): Float64Array {
    const { K, Q, rd } = this;
    const H = new Float64Array(K * K);
    for (let q = 0; q < Q; q++) {
      const r = this.weights[q]! * u[2 * q]!;
      for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) H[k * K + l]! += rd * this.phi[k * Q + q]! * this.phi[l * Q + q]! * r;
    }
    const ar = new Float64Array(K * K);
    const ai = new Float64Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) ar[k * K + l] = (k === l ? 1 : 0) + H[k * K + l]! * c[l]!;
    complexInverse(K, ar, ai, new Float64Array(2 * K * K), new Float64Array(2 * K * K));
    const M = new Float64Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) M[k * K + l] = c[k]! * ar[k * K + l]!;
    return M;
  }

  private cachedSupport: Interval[] | null = null;

  /** The upper edge of the bulk (from `support()` with its defaults, cached). */
  upperEdge(): number {
    if (!this.cachedSupport) this.cachedSupport = this.support();
    const iv = this.cachedSupport;
    return iv.length > 0 ? iv[iv.length - 1]![1] : 0;
  }
}

interface Workspace {
  hr: Float64Array; hi: Float64Array; ar: Float64Array; ai: Float64Array; br: Float64Array; bi: Float64Array;
  tr: Float64Array; ti: Float64Array; cr: Float64Array; ci: Float64Array; gr: Float64Array; gi: Float64Array;
}

/**
 * A root of f in [a, b] with f(a) < 0 < f(b) (or the reverse) by Brent's method (Brent 1973,
 * "Algorithms for Minimization without Derivatives", ch. 4: inverse quadratic interpolation and
 * secant steps safeguarded by bisection), to |b - a| <= tol |b|. At most 200 evaluations.
 */
function brentRoot(f: (x: number) => number, a: number, b: number, tol: number): number {
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < 200; it++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol * Math.abs(b);
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}

/** Solves the small SPD system A x = b by Cholesky; null if A is not positive definite. */
function solveSymmetric(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / L[j * m + j]!;
      }
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * m + k]! * y[k]!;
    y[i] = s / L[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * x[k]!;
    x[i] = s / L[i * m + i]!;
  }
  return x;
}

/** The spiked random-feature deterministic equivalent (see SpikedRfEquivalent). */
export function spikedRfEquivalent(options: SpikedRfOptions): SpikedRfEquivalent {
  return new SpikedRfEquivalent(options);
}
