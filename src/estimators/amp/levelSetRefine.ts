/**
 * Local refinement of the p = 2 level-set channel (./levelSetChannel.ts). Where the grid's
 * every-other-line companion disagrees with it, the error comes from a few places where the
 * level set turns sharply against the spacing delta (z1 z2 = 0.05 turns within 0.3 of the origin).
 * Instead of refining the whole grid, the integrand is split by a smooth partition of unity,
 *   1 = (1 - chi(t)) + chi(t),   chi = 1 on |t - c| <= r_in, 0 beyond r_out (a C-infinity step),
 * around the sharp turns (the recorded roots whose curvature kappa has kappa delta > KAPPA_DELTA,
 * the curvature of the level set from the Hessian of h by central differences):
 * - the (1 - chi) part reuses the roots of the coarse pass (no new evaluation of g);
 * - the chi part is a pass of a grid zoomed onto the disc |t - c| <= r_out (spacing r_out / 60,
 *   or r_out / 120 where the sharpest turn needs it).
 * Both integrands stay smooth (chi's transition, r_out - r_in = WIDTH, spans 12 coarse lines), so
 * the trapezoid rule across lines keeps its accuracy in each, and the every-other-line companion of
 * the sum estimates the error as before. This is the partition-of-unity refinement used for
 * surface integrals by e.g. Bruno and Kunyansky (2001, J. Comput. Phys. 169, "A fast,
 * high-order algorithm for the solution of surface scattering problems"), applied to the co-area
 * integral. Where the turns are spread too wide (r_out > MAX_RADIUS), or the error stays above the
 * tolerance, the caller refines globally.
 */
import { cholesky } from "./regionChannel.js";

export type Posterior = (omega: Float64Array, V: Float64Array, y: number, mean: Float64Array, cov: Float64Array) => number;

/** One grid of ./levelSetChannel.ts at a given spacing. */
export interface GridPass {
  /** the channel on this grid (with its zoom onto small level sets) */
  posterior: Posterior;
  /** the last pass's difference to its every-other-line companion (whitened moments) */
  error: () => number;
  /** the last pass's sums */
  sums: () => GridSums;
  /** one pass in the frame t = centre + scale u, each root weighted by weight(t) */
  framedSums: (omega: Float64Array, V: Float64Array, y: number, centre: Float64Array, scale: number, weight: ((x: Float64Array) => number) | null) => GridSums;
  /** spacing and radius of the grid (in its frame) */
  delta: number;
  radius: number;
  /** record the roots of the following plain passes (null: stop) */
  recordRoots: (r: RootRecord | null) => void;
  /** h(t) - y in the frame of the last pass */
  evaluate: (x: Float64Array) => number;
}

/**
 * The p = 2 channel: the grid at spacing 1/8; where its every-other-line companion disagrees with
 * it by more than REFINE.tol on the whitened moments, the local refinement of the file comment with
 * the grids at 1/8 and then 1/16 zoomed onto the sharp turns; failing that, the grids at 1/16 and
 * then 1/32 everywhere (built on first need).
 */
export function refinedPosterior(grid: (spacing: number) => GridPass): Posterior {
  const levels: GridPass[] = [grid(1 / 8)];
  const level = (k: number) => (levels[k] ??= grid(1 / (8 << k)));
  const record = new RootRecord(2);
  return (omega, V, y, mean, cov) => {
    const base = levels[0]!;
    record.n = 0;
    base.recordRoots(record);
    let out: number;
    try {
      out = base.posterior(omega, V, y, mean, cov);
    } finally {
      base.recordRoots(null);
    }
    if (!(base.error() > REFINE.tol)) return out;
    const first = base.sums();
    const site = first.zoomed || !(first.Z > 0) ? null : sharpTurns(record, base.evaluate, base.delta);
    if (site) {
      // the base pass's roots weighted by 1 - chi, plus a zoomed pass weighted by chi
      const chi = bump(site.centre, site.rin, site.rout);
      const outside = outsideSums(record, base.delta, chi);
      for (let k = 0; k < REFINE.local; k++) {
        const g = level(k);
        // a zoomed grid too coarse for the sharpest turn (kappa delta > KAPPA_ZOOM) is skipped
        if (k < REFINE.local - 1 && site.kappaMax * g.delta * (site.rout / g.radius) > KAPPA_ZOOM) continue;
        const { sums, error } = combine(outside, g.framedSums(omega, V, y, site.centre, site.rout / g.radius, chi));
        if (error <= REFINE.tol) return finishPosterior(2, omega, V, null, sums.Z, sums.m1, sums.m2, mean, cov);
      }
    }
    for (let k = 1; k < REFINE.levels; k++) {
      out = level(k).posterior(omega, V, y, mean, cov);
      if (!(level(k).error() > REFINE.tol)) break;
    }
    return out;
  };
}

/**
 * Refinement: threshold on |moments at delta - moments at 2 delta| (whitened units), the number of
 * zoomed grids tried locally (1/8, 1/16, zoomed by r_out / 7.5) and of global grids (1/8, 1/16,
 * 1/32). Two global grids leave z1 z2 = 0.05 near omega = 0 at 1.2% on g_out; three reach 1e-4.
 * On data (omega = 0.3 z + noise, V = 0.6 I) about half of the z1 z2 calls refine, and 95% of
 * those succeed locally; bench/levelSetChannel.bench.ts gives the cost.
 */
const REFINE = { tol: 2e-4, levels: 3, local: 2 };

/** Moment sums of one pass (whitened frame, scaled by the spacing); the companion's with its own. */
export interface GridSums {
  Z: number;
  m1: Float64Array;
  m2: Float64Array;
  Zc: number;
  m1c: Float64Array;
  m2c: Float64Array;
  zoomed: boolean;
}

/** Curvature threshold (kappa delta) of the roots that call for refinement; chi's transition width and largest outer radius (whitened units). */
const KAPPA_DELTA = 0.05, WIDTH = 1.5, MAX_RADIUS = 6;
/** Above this kappa delta at the sharpest turn the 1/8 zoomed grid failed in all but 4 of the z1 z2 calls measured on data: the 1/16 one goes first. */
const KAPPA_ZOOM = 0.08;

/** The roots of a pass (position in the whitened frame, unscaled co-area weight, on a companion line). */
export class RootRecord {
  n = 0;
  pos: Float64Array;
  wt: Float64Array;
  coarse: Uint8Array;
  constructor(readonly p: number, capacity = 1024) {
    this.pos = new Float64Array(capacity * p);
    this.wt = new Float64Array(capacity);
    this.coarse = new Uint8Array(capacity);
  }

  push(tr: Float64Array, wt: number, coarse: boolean): void {
    if (this.n === this.wt.length) {
      const grow = <T extends Float64Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(2 * a.length);
        b.set(a);
        return b;
      };
      this.pos = grow(this.pos);
      this.wt = grow(this.wt);
      this.coarse = grow(this.coarse);
    }
    for (let a = 0; a < this.p; a++) this.pos[this.n * this.p + a] = tr[a]!;
    this.wt[this.n] = wt;
    this.coarse[this.n] = coarse ? 1 : 0;
    this.n++;
  }
}

/** C-infinity step from 0 at x <= 0 to 1 at x >= 1. */
function smoothStep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const a = Math.exp(-1 / x), b = Math.exp(-1 / (1 - x));
  return a / (a + b);
}

/** chi(t): 1 on |t - centre| <= rin, 0 beyond rout. */
export function bump(centre: Float64Array, rin: number, rout: number): (x: Float64Array) => number {
  return (x) => {
    let r2 = 0;
    for (let a = 0; a < centre.length; a++) r2 += (x[a]! - centre[a]!) ** 2;
    return smoothStep((rout - Math.sqrt(r2)) / (rout - rin));
  };
}

/**
 * Where the level set turns sharply: the disc (centre, r_in) around the recorded roots of
 * non-negligible weight with kappa delta > KAPPA_DELTA (kappa = |h_xx h_y^2 - 2 h_xy h_x h_y +
 * h_yy h_x^2| / |grad h|^3, p = 2; only companion-line roots are examined, 5 evaluations each), or
 * null when none or when r_out = r_in + WIDTH would exceed MAX_RADIUS; and the largest curvature seen.
 */
export function sharpTurns(record: RootRecord, evaluate: (x: Float64Array) => number, delta: number): { centre: Float64Array; rin: number; rout: number; kappaMax: number } | null {
  let maxWt = 0;
  for (let i = 0; i < record.n; i++) maxWt = Math.max(maxWt, record.wt[i]!);
  const x = new Float64Array(2), eta = 1e-3;
  const f = (u: number, v: number, i: number): number => {
    x[0] = record.pos[2 * i]! + u;
    x[1] = record.pos[2 * i + 1]! + v;
    return evaluate(x);
  };
  const lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  const sharp: number[] = [];
  let kappaMax = 0;
  for (let i = 0; i < record.n; i++) {
    if (!record.coarse[i] || !(record.wt[i]! >= 1e-4 * maxWt)) continue;
    // h = 0 at the root (to 1e-12 |grad h|): central first and second differences along the
    // axes, a one-sided mixed one (its O(eta) error is immaterial to a threshold)
    const fxp = f(eta, 0, i), fxm = f(-eta, 0, i), fyp = f(0, eta, i), fym = f(0, -eta, i);
    const hx = (fxp - fxm) / (2 * eta), hy = (fyp - fym) / (2 * eta);
    const hxx = (fxp + fxm) / eta ** 2, hyy = (fyp + fym) / eta ** 2;
    const hxy = (f(eta, eta, i) - fxp - fyp) / eta ** 2;
    const g = Math.hypot(hx, hy);
    const kappa = Math.abs(hxx * hy * hy - 2 * hxy * hx * hy + hyy * hx * hx) / g ** 3;
    // a kink or a jump (no finite curvature) is left to the global refinement
    if (!Number.isFinite(kappa) || !(g > 0)) return null;
    kappaMax = Math.max(kappaMax, kappa);
    if (kappa * delta <= KAPPA_DELTA) continue;
    sharp.push(i);
    for (let a = 0; a < 2; a++) {
      lo[a] = Math.min(lo[a]!, record.pos[2 * i + a]!);
      hi[a] = Math.max(hi[a]!, record.pos[2 * i + a]!);
    }
  }
  if (sharp.length === 0) return null;
  const centre = Float64Array.of(0.5 * (lo[0]! + hi[0]!), 0.5 * (lo[1]! + hi[1]!));
  let rin = 0;
  for (const i of sharp) rin = Math.max(rin, Math.hypot(record.pos[2 * i]! - centre[0]!, record.pos[2 * i + 1]! - centre[1]!));
  rin += 2 * delta;
  const rout = rin + WIDTH;
  return rout > MAX_RADIUS ? null : { centre, rin, rout, kappaMax };
}

/** The recorded roots' sums with the weight (1 - chi), scaled by the spacing delta (and 2 delta for the companion). */
export function outsideSums(record: RootRecord, delta: number, chi: (x: Float64Array) => number): GridSums {
  const p = record.p;
  const s: GridSums = { Z: 0, m1: new Float64Array(p), m2: new Float64Array(p * p), Zc: 0, m1c: new Float64Array(p), m2c: new Float64Array(p * p), zoomed: false };
  const x = new Float64Array(p);
  for (let i = 0; i < record.n; i++) {
    for (let a = 0; a < p; a++) x[a] = record.pos[i * p + a]!;
    const wt = record.wt[i]! * (1 - chi(x));
    if (wt === 0) continue;
    const c = record.coarse[i]!;
    s.Z += wt;
    s.Zc += c * wt;
    for (let a = 0; a < p; a++) {
      s.m1[a]! += wt * x[a]!;
      s.m1c[a]! += c * wt * x[a]!;
      for (let b = 0; b <= a; b++) {
        s.m2[a * p + b]! += wt * x[a]! * x[b]!;
        s.m2c[a * p + b]! += c * wt * x[a]! * x[b]!;
      }
    }
  }
  const f = delta ** (p - 1), fc = (2 * delta) ** (p - 1);
  s.Z *= f;
  s.Zc *= fc;
  for (let a = 0; a < p; a++) {
    s.m1[a]! *= f;
    s.m1c[a]! *= fc;
  }
  for (let a = 0; a < p * p; a++) {
    s.m2[a]! *= f;
    s.m2c[a]! *= fc;
  }
  return s;
}

/** The sum of two passes, and the largest difference of its normalised moments to its companion's. */
export function combine(u: GridSums, v: GridSums): { sums: GridSums; error: number } {
  const p = u.m1.length;
  const add = (a: Float64Array, b: Float64Array) => a.map((x, i) => x + b[i]!);
  const sums: GridSums = { Z: u.Z + v.Z, m1: add(u.m1, v.m1), m2: add(u.m2, v.m2), Zc: u.Zc + v.Zc, m1c: add(u.m1c, v.m1c), m2c: add(u.m2c, v.m2c), zoomed: false };
  let error = sums.Z > 0 && sums.Zc > 0 ? 0 : Infinity;
  for (let a = 0; a < p && error < Infinity; a++) {
    error = Math.max(error, Math.abs(sums.m1[a]! / sums.Z - sums.m1c[a]! / sums.Zc));
    for (let b = 0; b <= a; b++) error = Math.max(error, Math.abs(sums.m2[a * p + b]! / sums.Z - sums.m2c[a * p + b]! / sums.Zc));
  }
  return { sums, error };
}

/**
 * The posterior of z = omega + L t (V = L L^T) from the whitened sums Z, m1, m2 (lower
 * triangle): mean = omega + L E[t], cov = L Cov[t] L^T. Returns log Z (the Jacobian |det L|
 * cancels against the density's normalisation), or -Infinity with mean = omega, cov = V if Z = 0.
 */
export function finishPosterior(p: number, omega: Float64Array, V: Float64Array, L: Float64Array | null, Z: number, m1: Float64Array, m2: Float64Array, mean: Float64Array, cov: Float64Array): number {
  if (!(Z > 0)) {
    mean.set(omega);
    cov.set(V);
    return -Infinity;
  }
  if (L === null) cholesky(V, p, (L = new Float64Array(p * p)));
  const et = new Float64Array(p), ct = new Float64Array(p * p);
  for (let a = 0; a < p; a++) et[a] = m1[a]! / Z;
  for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) ct[a * p + b] = ct[b * p + a] = m2[a * p + b]! / Z - et[a]! * et[b]!;
  for (let a = 0; a < p; a++) {
    let s = omega[a]!;
    for (let b = 0; b <= a; b++) s += L[a * p + b]! * et[b]!;
    mean[a] = s;
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0;
    for (let c = 0; c <= a; c++) for (let d = 0; d <= b; d++) s += L[a * p + c]! * ct[c * p + d]! * L[b * p + d]!;
    cov[a * p + b] = s;
  }
  return Math.log(Z);
}
