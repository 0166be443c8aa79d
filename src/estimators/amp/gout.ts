/**
 * The output denoiser of multi-index GAMP (Aubin, Maillard, Barbier, Krzakala, Macris, Zdeborova
 * 2018, "The committee machine: computational to statistical gaps in learning a two-layers neural
 * network", NeurIPS, eqs. (9)-(10) and appendix; Rangan 2011 for the scalar GAMP): for a label y
 * and the Gaussian "prior" z ~ N(omega, V) on the p preactivations,
 *
 *   Z_out(y, omega, V) = int dz N(z; omega, V) P(y | z),
 *   g_out   = d log Z_out / d omega          = V^{-1} (E[z | y, omega, V] - omega),
 *   dg_out  = d g_out / d omega^T           = V^{-1} Cov[z | y, omega, V] V^{-1} - V^{-1}.
 *
 * The posterior moments of z under N(omega, V) x P(y | z) come from (`method`):
 * - "closed-form" (noiseless p = 1 library links): y = z^2 and |z| (two preimages +-sqrt(y) with
 *   weights N(+-s; omega, V): mean s tanh(s omega / V)), sign(z) and relu(z) (truncated Gaussians,
 *   through the Mills ratio), z (a point mass), and z + Gaussian noise (Gaussian product);
 * - "curve" (noiseless p = 2 product family): on the hyperbola u1 u2 = c, parameterised
 *   u1 = s e^r, u2 = s c e^{-r} (s = +-1), the delta function's measure is dr, so the posterior is
 *   a one-dimensional integral in r, done by the trapezoid rule in the log domain. z1 z2 is u = z;
 *   the staircase z1 + z1 z2 = z1 (1 + z2) is u = z + (0, 1); z1^2 - z2^2 = 2 u1 u2 with
 *   u = R z, R the 45-degree rotation; |z1 z2| sums the hyperbolas at c = +-y;
 * - z1 / z2 (closed form), ||z||^2/2 and sign(z1 z2) (exact preimage integrals): ./libraryChannels.ts;
 * - "preimage" (other deterministic p = 1 links, e.g. defineLink({ p: 1, g })): the exact posterior
 *   on the preimage {g = y} (roots with co-area weights, or intervals for a discrete label), see
 *   ./preimageChannel.ts;
 * - "quadrature" (noisy p = 1 links): a trapezoid grid z = omega + sqrt(V) t, t in [-8, 8], with
 *   the Gaussian likelihood of the link's noise variance (or `regularization` for a noiseless
 *   continuous link, as in ../denoiser.ts) or the indicator g(z) = y for discrete labels;
 * - "monte-carlo" (p >= 2 otherwise): self-normalised importance sampling with seeded antithetic
 *   draws z = omega + L t, V = L L^T, and the same likelihoods.
 *
 * Storage: omega is n x p row-major, V and the Jacobians are p x p row-major.
 */
import { InvalidArgumentError } from "../../errors.js";
import { Rng, type Seed } from "../../random/rng.js";
import type { IndexLink } from "../links.js";
import { normalUpperTail } from "../../numerics/normal.js";
import { assertLinkLike, choleskySmall, invertSpd } from "./small.js";
import { preimagePosterior } from "./preimageChannel.js";
import { libraryChannel } from "./libraryChannels.js";

export type GOutMethod = "closed-form" | "curve" | "preimage" | "quadrature" | "monte-carlo";

export interface GOutOptions {
  /** "auto" (default) picks closed form, then the curve, then the preimage (p = 1, deterministic), then quadrature (p = 1), then Monte Carlo. */
  method?: "auto" | GOutMethod;
  /** Likelihood width for noiseless continuous links without closed form or curve. Default 1e-2. */
  regularization?: number;
  /** Monte Carlo draws (before antithetic doubling). Default 2048. */
  samples?: number;
  /** Seed of the Monte Carlo draws. Default 0. */
  seed?: Seed;
}

/** Posterior moments of z given y under the prior N(omega, V): mean (p) and covariance (p x p). */
export interface OutputChannel {
  readonly link: IndexLink;
  readonly p: number;
  readonly method: GOutMethod;
  /**
   * Writes the posterior mean and covariance; returns log Z_out(y | omega, V), the log density of
   * the label (the "curve" method; NaN where not computed). -Infinity: the label has no mass under
   * N(omega, V) to working precision, and mean/cov are left at the prior's (omega, V).
   */
  posterior(omega: Float64Array, V: Float64Array, y: number, mean: Float64Array, cov: Float64Array): number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** phi(u) / Phi(u), stable for u -> -infinity (asymptotic series of the Mills ratio). */
export function millsRatio(u: number): number {
  if (u < -12) {
    const i2 = 1 / (u * u);
    return -u * (1 + i2 - 2 * i2 * i2 + 10 * i2 * i2 * i2);
  }
  const phi = Math.exp(-0.5 * u * u) / SQRT_2PI;
  return phi / normalUpperTail(-u);
}

/** z < b (upper = false) or z > b truncation of N(m, v): mean and variance. */
function truncated(m: number, v: number, b: number, upper: boolean, out: Float64Array, cov: Float64Array): number {
  const s = Math.sqrt(v);
  // t = (z - m)/s; upper: t > a, i.e. -t < -a: use the lower form on -t
  const u = upper ? (m - b) / s : (b - m) / s;
  const r = millsRatio(u);
  out[0] = upper ? m + s * r : m - s * r;
  cov[0] = Math.max(0, v * (1 - r * (u + r)));
  return NaN;
}

function closedForm(link: IndexLink): OutputChannel["posterior"] | null {
  if (link.p !== 1 || link.sample) return null;
  const name = link.name;
  const noise = link.noiseVariance;
  if (name.startsWith("z + N(") || (name === "z" && noise > 0)) {
    return (omega, V, y, mean, cov) => {
      const prec = 1 / V[0]! + 1 / noise;
      mean[0] = (omega[0]! / V[0]! + y / noise) / prec;
      cov[0] = 1 / prec;
      return NaN;
    };
  }
  if (noise > 0) return null;
  switch (name) {
    case "z":
      return (_o, _V, y, mean, cov) => { mean[0] = y; cov[0] = 0; return NaN; };
    case "z^2":
    case "||z||^2/1":
    case "|z|":
      return (omega, V, y, mean, cov) => {
        const s = name === "|z|" ? Math.abs(y) : Math.sqrt(Math.max(y, 0));
        const m = s * Math.tanh((s * omega[0]!) / V[0]!);
        mean[0] = m;
        cov[0] = Math.max(0, s * s - m * m);
        return NaN;
      };
    case "sign(z)":
      return (omega, V, y, mean, cov) => truncated(omega[0]!, V[0]!, 0, y > 0, mean, cov);
    case "relu(z)":
      return (omega, V, y, mean, cov) => {
        if (y > 0) { mean[0] = y; cov[0] = 0; return NaN; }
        return truncated(omega[0]!, V[0]!, 0, false, mean, cov);
      };
    default:
      return null;
  }
}

// ---------------------------------------------------------------- the hyperbola u1 u2 = c

/**
 * Adds the unnormalised posterior moments of u ~ N(m, S) on {u1 u2 = c} (2-D, measure dr) into
 * acc = [Z, E u1, E u2, E u1u1, E u1u2, E u2u2] (trapezoid sums in r, weight h each) scaled by
 * exp(-shift/2); returns the shift used
 * (the smallest quadratic form met), so that several curves can be combined in the log domain.
 */
function hyperbola(m0: number, m1: number, S: Float64Array, c: number, acc: Float64Array, buf: Float64Array[], shift: number): number {
  if (c === 0) c = 1e-300;
  const [i00, i01, i11] = inverse2(S);
  const lmin = Math.max(1e-300, eigMin2(S));
  // the mass lies where |u_a - m_a| < ~4 sqrt(S_aa); there the integrand's width in r is about
  // sqrt(lmin) / max|u_a|, and the trapezoid rule on a smooth decaying integrand converges
  // geometrically once h is a fraction of that width (Trefethen-Weideman 2014); h = 0.7 x width
  // and the 7-sigma box below change the state-evolution averages by < 1e-9 relative against
  // 0.5 x width and 9 sigma (measured on z1 z2, |z1 z2|, z1 + z1 z2, z1^2 - z2^2)
  const B1 = Math.abs(m0) + 4 * Math.sqrt(S[0]!);
  const B2 = Math.abs(m1) + 4 * Math.sqrt(S[3]!);
  const hMax = Math.min(0.15, (0.7 * Math.sqrt(lmin)) / Math.max(B1, B2));
  const [qs, u0s, u1s] = buf as [Float64Array, Float64Array, Float64Array];
  let k = 0;
  let qmin = shift; // the new common shift: min(shift, this curve's smallest form)
  const r0 = 7 * Math.sqrt(S[0]!), r1 = 7 * Math.sqrt(S[3]!);
  const ac = Math.abs(c);
  const hs = [0, 0];
  let split = 0; // entries before split belong to the branch s = +1
  for (const [branch, s] of [[0, 1], [1, -1]] as const) {
    if (branch === 1) split = k;
    // |u_a| within 7 sqrt(S_aa) of m_a on this branch (u1 = s e^r, u2 = s c e^{-r}): an r-interval
    // that shrinks with V, so a small posterior variance does not need a long fine grid
    const same1 = s * m0 >= 0, same2 = s * Math.sign(c) * m1 >= 0;
    const lo1 = same1 ? Math.max(Math.abs(m0) - r0, 0) : 0, hi1 = same1 ? Math.abs(m0) + r0 : r0 - Math.abs(m0);
    const lo2 = same2 ? Math.max(Math.abs(m1) - r1, 0) : 0, hi2 = same2 ? Math.abs(m1) + r1 : r1 - Math.abs(m1);
    if (!(hi1 > 0 && hi2 > 0)) continue;
    const rMin = Math.log(Math.max(lo1, ac / hi2));
    const rMax = Math.log(lo2 > 0 ? Math.min(hi1, ac / lo2) : hi1);
    if (!(rMax > rMin)) continue;
    const count = Math.min(20000, Math.ceil((rMax - rMin) / hMax) + 1);
    const h = (rMax - rMin) / (count - 1);
    hs[branch] = h;
    for (let j = 0; j < count; j++) {
      const e = Math.exp(rMin + j * h);
      const a = s * e;
      const b = (s * c) / e;
      const da = a - m0;
      const db = b - m1;
      const q = i00 * da * da + 2 * i01 * da * db + i11 * db * db;
      qs[k] = q;
      u0s[k] = a;
      u1s[k++] = b;
      if (q < qmin) qmin = q;
    }
  }
  if (k === 0) return shift; // the curve misses the prior's support: no mass (handled by the caller)
  if (qmin < shift && shift < Infinity) {
    const f = Math.exp(-(shift - qmin) / 2);
    for (let i = 0; i < 6; i++) acc[i]! *= f;
  }
  for (let j = 0; j < k; j++) {
    const w = (j < split ? hs[0]! : hs[1]!) * Math.exp(-(qs[j]! - qmin) / 2);
    const a = u0s[j]!;
    const b = u1s[j]!;
    acc[0]! += w;
    acc[1]! += w * a;
    acc[2]! += w * b;
    acc[3]! += w * a * a;
    acc[4]! += w * a * b;
    acc[5]! += w * b * b;
  }
  return qmin;
}

function inverse2(S: Float64Array): [number, number, number] {
  const det = S[0]! * S[3]! - S[1]! * S[1]!;
  return [S[3]! / det, -S[1]! / det, S[0]! / det];
}

function eigMin2(S: Float64Array): number {
  const tr = S[0]! + S[3]!;
  const disc = Math.sqrt(Math.max(0, ((S[0]! - S[3]!) / 2) ** 2 + S[1]! * S[1]!));
  return tr / 2 - disc;
}

function curve(link: IndexLink): OutputChannel["posterior"] | null {
  if (link.p !== 2 || link.sample || link.noiseVariance > 0) return null;
  const name = link.name;
  // u = R z + t: rotation R (row-major 2 x 2), shift t, label map c = y * scale, and the +-y sum
  let R = [1, 0, 0, 1];
  let t = [0, 0];
  let scale = 1;
  let both = false;
  if (name === "z1 z2") { /* u = z */ } else if (name === "z1 + z1 z2") t = [0, 1];
  else if (name === "z1^2 - z2^2") {
    const r = Math.SQRT1_2;
    R = [r, r, r, -r];
    scale = 0.5;
  } else if (name === "|z1 z2|") both = true;
  else return null;
  const buf = [new Float64Array(40000), new Float64Array(40000), new Float64Array(40000)];
  const acc = new Float64Array(6);
  const S = new Float64Array(4);
  return (omega, V, y, mean, cov) => {
    const m0 = R[0]! * omega[0]! + R[1]! * omega[1]! + t[0]!;
    const m1 = R[2]! * omega[0]! + R[3]! * omega[1]! + t[1]!;
    // S = R V R^T
    const a = R[0]! * V[0]! + R[1]! * V[2]!, b = R[0]! * V[1]! + R[1]! * V[3]!;
    const c2 = R[2]! * V[0]! + R[3]! * V[2]!, d2 = R[2]! * V[1]! + R[3]! * V[3]!;
    S[0] = a * R[0]! + b * R[1]!;
    S[1] = a * R[2]! + b * R[3]!;
    S[2] = S[1]!;
    S[3] = c2 * R[2]! + d2 * R[3]!;
    acc.fill(0);
    let shift = hyperbola(m0, m1, S, y * scale, acc, buf, Infinity);
    if (both) shift = hyperbola(m0, m1, S, -y * scale, acc, buf, shift);
    const Z = acc[0]!;
    if (!(Z > 0) || (both && !(y >= 0))) {
      mean.set(omega);
      cov.set(V);
      return -Infinity;
    }
    const e0 = acc[1]! / Z, e1 = acc[2]! / Z;
    const c00 = Math.max(0, acc[3]! / Z - e0 * e0), c01 = acc[4]! / Z - e0 * e1, c11 = Math.max(0, acc[5]! / Z - e1 * e1);
    // back to z = R^T (u - t)
    const u0 = e0 - t[0]!, u1 = e1 - t[1]!;
    mean[0] = R[0]! * u0 + R[2]! * u1;
    mean[1] = R[1]! * u0 + R[3]! * u1;
    const p0 = R[0]! * c00 + R[2]! * c01, p1 = R[0]! * c01 + R[2]! * c11;
    const q0 = R[1]! * c00 + R[3]! * c01, q1 = R[1]! * c01 + R[3]! * c11;
    cov[0] = p0 * R[0]! + p1 * R[2]!;
    cov[1] = p0 * R[1]! + p1 * R[3]!;
    cov[2] = cov[1]!;
    cov[3] = q0 * R[1]! + q1 * R[3]!;
    // density of u on the curve: N(u; m, S) = exp(-q/2) / (2 pi sqrt(det S)); y = c / scale
    const det = S[0]! * S[3]! - S[1]! * S[1]!;
    return Math.log(Z) - shift / 2 - Math.log(2 * Math.PI) - 0.5 * Math.log(det) + Math.log(scale);
  };
}

// ---------------------------------------------------------------- generic: grid (p = 1) and Monte Carlo

function likelihood(link: IndexLink, options: GOutOptions): (y: number, gz: number) => number {
  if (link.labels === "discrete" && link.noiseVariance === 0) return (y, gz) => (gz === y ? 1 : 0);
  const delta = link.noiseVariance > 0 ? link.noiseVariance : (options.regularization ?? 1e-2);
  if (!(delta > 0) || !Number.isFinite(delta)) throw new InvalidArgumentError(`g_out regularization must be a finite number > 0, got ${delta}`);
  const inv = 1 / (2 * delta);
  return (y, gz) => (y - gz) * (y - gz) * inv;
}

function weighted(link: IndexLink, options: GOutOptions, ts: Float64Array, tw: Float64Array, count: number): OutputChannel["posterior"] {
  const p = link.p;
  const lik = likelihood(link, options);
  const discrete = link.labels === "discrete" && link.noiseVariance === 0;
  const z = new Float64Array(p);
  const logs = new Float64Array(count);
  const L = new Float64Array(p * p);
  return (omega, V, y, mean, cov) => {
    choleskySmall(V, p, L);
    let best = Infinity;
    for (let k = 0; k < count; k++) {
      for (let a = 0; a < p; a++) {
        let s = omega[a]!;
        for (let b = 0; b <= a; b++) s += L[a * p + b]! * ts[k * p + b]!;
        z[a] = s;
      }
      const v = lik(y, link.g(z));
      logs[k] = discrete ? (v > 0 ? 0 : Infinity) : v;
      if (logs[k]! < best) best = logs[k]!;
    }
    if (best === Infinity) throw new InvalidArgumentError(`g_out: the label y = ${y} was never produced by '${link.name}' near omega = [${Array.from(omega).join(", ")}]; raise samples`);
    mean.fill(0);
    cov.fill(0);
    let Z = 0;
    for (let k = 0; k < count; k++) {
      const w = tw[k]! * Math.exp(-(logs[k]! - best));
      if (w === 0) continue;
      Z += w;
      for (let a = 0; a < p; a++) {
        let s = omega[a]!;
        for (let b = 0; b <= a; b++) s += L[a * p + b]! * ts[k * p + b]!;
        z[a] = s;
        mean[a]! += w * s;
      }
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cov[a * p + b]! += w * z[a]! * z[b]!;
    }
    for (let a = 0; a < p; a++) mean[a]! /= Z;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cov[a * p + b] = cov[a * p + b]! / Z - mean[a]! * mean[b]!;
    return NaN;
  };
}

/** The output channel of `link` (see the file comment). */
export function outputChannel(link: IndexLink, options: GOutOptions = {}): OutputChannel {
  if (link === null || typeof link !== "object" || typeof link.g !== "function") throw new InvalidArgumentError("outputChannel: expected an IndexLink");
  if (link.sample) throw new InvalidArgumentError(`outputChannel: the stochastic channel '${link.name}' has no likelihood to integrate; g_out needs y = g(z) (+ Gaussian noise)`);
  const method = options.method ?? "auto";
  const p = link.p;
  const want = (m: GOutMethod) => method === "auto" || method === m;
  let posterior: OutputChannel["posterior"] | null = null;
  let chosen: GOutMethod = "monte-carlo";
  const library = libraryChannel(link);
  if (want("closed-form") && (posterior = closedForm(link))) chosen = "closed-form";
  else if (library && want(library.method)) {
    posterior = library.posterior;
    chosen = library.method;
  } else if (want("curve") && (posterior = curve(link))) chosen = "curve";
  else if (want("preimage") && (posterior = preimagePosterior(link))) chosen = "preimage";
  else if (want("quadrature") && p === 1) {
    const h = 0.01;
    const K = 1601;
    const ts = new Float64Array(K);
    const tw = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      ts[k] = (k - 800) * h;
      tw[k] = Math.exp(-0.5 * ts[k]! * ts[k]!);
    }
    posterior = weighted(link, options, ts, tw, K);
    chosen = "quadrature";
  } else if (want("monte-carlo")) {
    const N = options.samples ?? 2048;
    if (!Number.isInteger(N) || N < 64) throw new InvalidArgumentError(`g_out samples must be an integer >= 64, got ${N}`);
    const raw = new Rng(options.seed ?? 0).normal(N * p);
    const ts = new Float64Array(2 * N * p);
    ts.set(raw);
    for (let i = 0; i < N * p; i++) ts[N * p + i] = -raw[i]!;
    posterior = weighted(link, options, ts, new Float64Array(2 * N).fill(1), 2 * N);
    chosen = "monte-carlo";
  }
  if (!posterior) throw new InvalidArgumentError(`outputChannel: method '${method}' does not apply to the link '${link.name}' (p = ${p})`);
  return { link, p, method: chosen, posterior };
}

/**
 * g_out and its Jacobian for n labels: omega n x p, V p x p (shared), into gout (n x p) and
 * dgout (n p x p blocks, or null). Returns the sum over labels of dgout (p x p) for the Onsager term.
 */
export function gOut(channel: OutputChannel, omega: Float64Array, V: Float64Array, y: Float64Array, gout: Float64Array, dgout: Float64Array | null = null): Float64Array {
  assertLinkLike(channel, "gOut", "an output channel (outputChannel(link))");
  if (typeof (channel as { posterior?: unknown }).posterior !== "function") throw new InvalidArgumentError("gOut: expected an output channel (outputChannel(link)), got an object without posterior");
  for (const [name, a] of [["omega", omega], ["V", V], ["y", y], ["gout", gout]] as const) {
    if (!(a instanceof Float64Array)) throw new InvalidArgumentError(`gOut: ${name} must be a Float64Array`);
  }
  if (dgout !== null && !(dgout instanceof Float64Array)) throw new InvalidArgumentError("gOut: dgout must be a Float64Array or null");
  const p = channel.p;
  const n = y.length;
  if (omega.length !== n * p || gout.length !== n * p) throw new InvalidArgumentError(`gOut: omega and gout must hold n p = ${n * p} entries`);
  if (V.length !== p * p) throw new InvalidArgumentError(`gOut: V must be p x p = ${p} x ${p}`);
  const Vinv = invertSpd(V, p, "gOut: V");
  const mean = new Float64Array(p);
  const cov = new Float64Array(p * p);
  const diff = new Float64Array(p);
  const tmp = new Float64Array(p * p);
  const sum = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const w = omega.subarray(i * p, (i + 1) * p);
    // a label without mass under N(omega, V) (underflow far in a tail) carries no information
    // here: mean = omega and cov = V give g_out = 0 and dg_out = 0
    channel.posterior(w, V, y[i]!, mean, cov);
    for (let a = 0; a < p; a++) diff[a] = mean[a]! - w[a]!;
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += Vinv[a * p + b]! * diff[b]!;
      gout[i * p + a] = s;
    }
    // Vinv cov Vinv - Vinv
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += Vinv[a * p + c]! * cov[c * p + b]!;
      tmp[a * p + b] = s;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = -Vinv[a * p + b]!;
      for (let c = 0; c < p; c++) s += tmp[a * p + c]! * Vinv[c * p + b]!;
      sum[a * p + b]! += s;
      if (dgout) dgout[i * p * p + a * p + b] = s;
    }
  }
  return sum;
}
