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
 * - z1 / z2 (closed form), ||z||^2/2 and sign(z1 z2) (exact preimage integrals), and at p = 3
 *   z1 z2 z3 (its level surface in log coordinates), ||z||^2/3 (the sphere) and sign(z1 z2 z3)
 *   (sign(z1 z2) given z3): ./libraryChannels.ts;
 * - "preimage" (other deterministic links, e.g. defineLink({ p, g })): the exact posterior on the
 *   preimage {g = y} (p = 1: roots with co-area weights, or intervals for a discrete label; p = 2,
 *   3: the co-area integral over the level set, ./levelSetChannel.ts, 1-7 ms per call), see
 *   ./preimageChannel.ts, tried for every p before quadrature and Monte Carlo (it answers null
 *   where it does not apply; `method: "monte-carlo"` trades its exactness for speed);
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
import { curve } from "./curveChannel.js";

export type GOutMethod = "closed-form" | "curve" | "preimage" | "quadrature" | "monte-carlo";

export interface GOutOptions {
  /** "auto" (default) picks closed form, the library's exact channels, the curve, the preimage (deterministic links, any p), quadrature (p = 1), then Monte Carlo. */
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
