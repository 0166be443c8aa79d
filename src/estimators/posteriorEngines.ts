/**
 * The three ways to get the posterior moments E[z z^T | y], E[z | y] of an index link: its closed
 * form, Gaussian-weighted trapezoid quadrature (continuous labels) and sign-symmetrised Monte Carlo
 * (discrete labels). The methods, their accuracy and references are in denoiser.ts's comment.
 */
import { InvalidArgumentError } from "../errors.js";
import { Rng } from "../random/rng.js";
import type { IndexLink } from "./links.js";
import { uniformStream } from "./model.js";
import type { DenoiserLaw, DenoiserOptions, Engine, PosteriorMoments } from "./denoiserTypes.js";

// ---------------------------------------------------------------- closed form

/** An engine whose label law is built by `buildLaw` on first use and kept. */
function cachedLawEngine(method: Engine["method"], moments: Engine["moments"], buildLaw: () => DenoiserLaw): Engine {
  let law: DenoiserLaw | null = null;
  return { method, moments, law: () => (law ??= buildLaw()) };
}

/** The moments of n labels: `fill` writes label i's E[z z^T | y] block and E[z | y] vector. */
function perLabel(
  y: Float64Array, p: number, fill: (yi: number, i: number, second: Float64Array, first: Float64Array) => void,
): PosteriorMoments {
  const n = y.length;
  const second = new Float64Array(n * p * p);
  const first = new Float64Array(n * p);
  for (let i = 0; i < n; i++) fill(y[i]!, i, second.subarray(i * p * p, (i + 1) * p * p), first.subarray(i * p, (i + 1) * p));
  return { second, first };
}

export function closedFormEngine(link: IndexLink): Engine {
  const p = link.p;
  const moments = link.moments!;
  const evaluate = (y: Float64Array): PosteriorMoments => perLabel(y, p, (yi, _i, second, first) => moments(yi, second, first));
  return cachedLawEngine("closed-form", evaluate, () => {
    if (!link.labelLaw) throw new InvalidArgumentError(`the link '${link.name}' has closed-form moments but no labelLaw, so population averages cannot be formed; give it a labelLaw or use method 'quadrature'`);
    const rule = link.labelLaw();
    return { y: rule.y, weights: rule.weights, ...evaluate(rule.y) };
  });
}

// ---------------------------------------------------------------- quadrature

const LOG_CUTOFF = 36; // nodes with likelihood below e^{-36} of the best one are skipped

export function quadratureEngine(link: IndexLink, options: DenoiserOptions): Engine {
  const p = link.p;
  const h = options.spacing ?? (p === 1 ? 0.02 : p === 2 ? 0.08 : p === 3 ? 0.25 : 0.5);
  const L = options.extent ?? (p === 1 ? 8 : p === 2 ? 7 : p === 3 ? 6 : 5.5);
  const delta = link.noiseVariance > 0 ? link.noiseVariance : (options.regularization ?? (p <= 2 ? 1e-2 : p === 3 ? 4e-2 : 0.15));
  if (!(h > 0) || !Number.isFinite(h)) throw new InvalidArgumentError(`denoiser spacing must be a finite number > 0, got ${h}`);
  if (!(L > 0) || !Number.isFinite(L)) throw new InvalidArgumentError(`denoiser extent must be a finite number > 0, got ${L}`);
  if (!(delta > 0) || !Number.isFinite(delta)) throw new InvalidArgumentError(`denoiser regularization must be a finite number > 0, got ${delta}`);
  const perAxis = 2 * Math.floor(L / h) + 1;
  const size = perAxis ** p;
  if (size > 4_000_000) {
    throw new InvalidArgumentError(`a quadrature grid of ${perAxis}^${p} = ${size} points is too large for p = ${p}; raise spacing or lower extent`);
  }
  // 1-D trapezoid rule for N(0, 1), normalised to total weight 1
  const half = (perAxis - 1) / 2;
  const axis = new Float64Array(perAxis);
  const axisW = new Float64Array(perAxis);
  let total = 0;
  for (let i = 0; i < perAxis; i++) {
    axis[i] = (i - half) * h;
    axisW[i] = Math.exp(-0.5 * axis[i]! * axis[i]!);
    total += axisW[i]!;
  }
  for (let i = 0; i < perAxis; i++) axisW[i]! /= total;
  // tensor nodes, their labels g(t), sorted by label
  const pts = new Float64Array(size * p);
  const wts = new Float64Array(size);
  const gs = new Float64Array(size);
  const idx = new Int32Array(p);
  const z = new Float64Array(p);
  for (let j = 0; j < size; j++) {
    let w = 1;
    for (let a = 0; a < p; a++) {
      z[a] = axis[idx[a]!]!;
      pts[j * p + a] = z[a]!;
      w *= axisW[idx[a]!]!;
    }
    wts[j] = w;
    const gv = link.g(z);
    if (!Number.isFinite(gv)) {
      throw new InvalidArgumentError(`the link '${link.name}' returned ${gv} at z = [${Array.from(z).join(", ")}]; quadrature needs finite labels on the grid`);
    }
    gs[j] = gv;
    for (let a = p - 1; a >= 0; a--) {
      if (++idx[a]! < perAxis) break;
      idx[a] = 0;
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) => gs[a]! - gs[b]!);
  const g = Float64Array.from(order, (j) => gs[j]!);
  const w = Float64Array.from(order, (j) => wts[j]!);
  const t = new Float64Array(size * p);
  for (let k = 0; k < size; k++) for (let a = 0; a < p; a++) t[k * p + a] = pts[order[k]! * p + a]!;

  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const inv2d = 1 / (2 * delta);
  // moments at one label into second / first; returns the label density Z(y) (for the law)
  const at = (y: number, second: Float64Array, first: Float64Array): number => {
    const pos = lowerBound(y);
    let near = Infinity;
    if (pos < size) near = Math.min(near, (g[pos]! - y) ** 2);
    if (pos > 0) near = Math.min(near, (g[pos - 1]! - y) ** 2);
    const r = Math.sqrt(near + 2 * delta * LOG_CUTOFF);
    const k0 = lowerBound(y - r);
    const k1 = lowerBound(y + r * (1 + 1e-15));
    second.fill(0);
    first.fill(0);
    let Z = 0;
    for (let k = k0; k < k1; k++) {
      const e = g[k]! - y;
      const lik = w[k]! * Math.exp(-(e * e - near) * inv2d);
      Z += lik;
      for (let a = 0; a < p; a++) {
        const ta = t[k * p + a]!;
        first[a]! += lik * ta;
        for (let b = a; b < p; b++) second[a * p + b]! += lik * ta * t[k * p + b]!;
      }
    }
    for (let a = 0; a < p; a++) {
      first[a]! /= Z;
      for (let b = a; b < p; b++) {
        const v = second[a * p + b]! / Z;
        second[a * p + b] = v;
        second[b * p + a] = v;
      }
    }
    return (Z * Math.exp(-near * inv2d)) / Math.sqrt(2 * Math.PI * delta);
  };
  const evaluate = (y: Float64Array): PosteriorMoments =>
    perLabel(y, p, (yi, i, second, first) => {
      if (!Number.isFinite(yi)) throw new InvalidArgumentError(`label ${i} is ${yi}; labels must be finite`);
      at(yi, second, first);
    });
  // The label law of the discretised model y = g(t_k) + sqrt(Delta) xi: density Z(y) on a y-grid
  // of spacing sqrt(Delta)/4 over the labels' range (trimmed of 1e-13 of the node mass at each
  // end) widened by 8 sqrt(Delta), integrated by the trapezoid rule.
  return cachedLawEngine("quadrature", evaluate, () => {
    let lo = 0;
    let acc = 0;
    while (lo < size - 1 && acc + w[lo]! < 1e-13) acc += w[lo++]!;
    let hi = size - 1;
    acc = 0;
    while (hi > lo && acc + w[hi]! < 1e-13) acc += w[hi--]!;
    const sd = Math.sqrt(delta);
    const y0 = g[lo]! - 8 * sd;
    const y1 = g[hi]! + 8 * sd;
    let hy = sd / 4;
    let m = Math.ceil((y1 - y0) / hy) + 1;
    if (m > 40000) {
      m = 40000;
      hy = (y1 - y0) / (m - 1);
    }
    const ys = new Float64Array(m);
    const weights = new Float64Array(m);
    const second = new Float64Array(m * p * p);
    const first = new Float64Array(m * p);
    let sum = 0;
    for (let j = 0; j < m; j++) {
      ys[j] = y0 + j * hy;
      weights[j] = hy * at(ys[j]!, second.subarray(j * p * p, (j + 1) * p * p), first.subarray(j * p, (j + 1) * p));
      sum += weights[j]!;
    }
    for (let j = 0; j < m; j++) weights[j]! /= sum;
    return { y: ys, weights, second, first };
  });
}

// ---------------------------------------------------------------- Monte Carlo

const MAX_DISCRETE_LABELS = 4096;

export function monteCarloEngine(link: IndexLink, options: DenoiserOptions): Engine {
  const p = link.p;
  const base = options.samples ?? 1 << 16;
  if (!Number.isInteger(base) || base < 1000) throw new InvalidArgumentError(`Monte Carlo samples must be an integer >= 1000, got ${base}`);
  const flips = 1 << p;
  const N = base * flips;
  const raw = new Rng(options.seed ?? 0).normal(base * p);
  // symmetrise: copy c uses signs from the bits of c
  const zs = new Float64Array(N * p);
  for (let i = 0; i < base; i++) {
    for (let c = 0; c < flips; c++) {
      const row = (i * flips + c) * p;
      for (let a = 0; a < p; a++) zs[row + a] = (c >> a) & 1 ? -raw[i * p + a]! : raw[i * p + a]!;
    }
  }
  // rescale each coordinate to unit sample second moment (off-diagonals cancel under the flips)
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += zs[i * p + a]! ** 2;
    const scale = Math.sqrt(N / s);
    for (let i = 0; i < N; i++) zs[i * p + a]! *= scale;
  }
  const groups = new Map<number, { count: number; first: Float64Array; second: Float64Array }>();
  const z = new Float64Array(p);
  // a stochastic channel sees the same uniforms for the 2^p sign-flipped copies of a draw (common
  // random numbers), so the flip symmetry of a symmetric channel stays exact in the averages
  const stream = link.sample ? uniformStream(new Rng(options.seed ?? 0).jump()) : null;
  const recorded: number[] = [];
  let replay = -1;
  const uniform = (): number => {
    if (replay < 0) {
      const u = stream!();
      recorded.push(u);
      return u;
    }
    if (replay < recorded.length) return recorded[replay++]!;
    const u = stream!();
    recorded.push(u);
    replay++;
    return u;
  };
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < p; a++) z[a] = zs[i * p + a]!;
    if (stream) {
      if (i % flips === 0) {
        recorded.length = 0;
        replay = -1;
      } else replay = 0;
    }
    const y = stream ? link.sample!(z, uniform) : link.g(z);
    if (!Number.isFinite(y)) throw new InvalidArgumentError(`the link '${link.name}' returned ${y} at z = [${Array.from(z).join(", ")}]`);
    let gr = groups.get(y);
    if (!gr) {
      if (groups.size >= MAX_DISCRETE_LABELS) {
        throw new InvalidArgumentError(`the link '${link.name}' is declared discrete but produced more than ${MAX_DISCRETE_LABELS} label values; declare labels: 'continuous'`);
      }
      gr = { count: 0, first: new Float64Array(p), second: new Float64Array(p * p) };
      groups.set(y, gr);
    }
    gr.count++;
    for (let a = 0; a < p; a++) {
      gr.first[a]! += z[a]!;
      for (let b = 0; b < p; b++) gr.second[a * p + b]! += z[a]! * z[b]!;
    }
  }
  const values = Array.from(groups.keys()).sort((a, b) => a - b);
  for (const v of values) {
    const gr = groups.get(v)!;
    for (let a = 0; a < p; a++) gr.first[a]! /= gr.count;
    for (let a = 0; a < p * p; a++) gr.second[a]! /= gr.count;
  }
  const evaluate = (y: Float64Array): PosteriorMoments =>
    perLabel(y, p, (yi, i, second, first) => {
      const gr = groups.get(yi);
      if (!gr) {
        throw new InvalidArgumentError(`label ${i} = ${yi} never occurred in ${N} Monte Carlo draws of the discrete link '${link.name}' (values seen: ${values.slice(0, 8).join(", ")}${values.length > 8 ? ", ..." : ""})`);
      }
      second.set(gr.second);
      first.set(gr.first);
    });
  const ys = Float64Array.from(values);
  const law: DenoiserLaw = { y: ys, weights: Float64Array.from(values, (v) => groups.get(v)!.count / N), ...evaluate(ys) };
  return { method: "monte-carlo", moments: evaluate, law: () => law };
}
