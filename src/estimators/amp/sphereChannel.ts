/**
 * The exact output channel of y = ||z||^2 / 3 (noiseless, p = 3): the posterior of z ~ N(omega, V)
 * given y lives on the sphere of radius rho = sqrt(3 y), where |grad g| = 2 rho / 3 is constant, so
 * by the co-area formula its density in the surface measure is proportional to N(z; omega, V) (a
 * Fisher-Bingham law; Kent 1982, "The Fisher-Bingham distribution on the sphere", JRSS B 44(1)).
 * With z = rho u(theta, phi) about a polar axis e_c,
 *
 *   Z_out(y | omega, V) = (3 rho / 2) int sin(theta) dtheta dphi N(rho u; omega, V),
 *
 * done by composite 8-point Gauss-Legendre panels in theta and phi, restricted to the angles where
 * every |z_a - omega_a| < 7 sqrt(V_aa) (the box's angular extent; the rest weighs below e^{-24}).
 * The polar axis is the coordinate with the smallest |omega_a| / sqrt(V_aa), so the mass of a
 * concentrated posterior sits away from the poles. The panel width is min(1.5, 4 / sqrt(kappa))
 * with kappa = rho^2 (1/lambda_min(V) - 1/lambda_max(V)) + rho |V^{-1} omega| + 1, the range of the
 * exponent over the sphere (the isotropic part of V^{-1} is constant on it), at most 256 panels
 * per axis. Against half the width the moments agree to ~1e-9 (test/estimators/amp/sphereChannel.test.ts).
 *
 * Returns log Z_out (the label's density); -Infinity (mean = omega, cov = V) for y < 0 or when the
 * sphere misses the box; y = 0 gives z = 0 (mean 0, cov 0) and -Infinity.
 */
import { gaussLegendre } from "../../numerics/gaussLegendre.js";
import type { OutputChannel } from "./gout.js";
import { eigenvalues3, inverse3 } from "./small3.js";

const BOX = 7;
const ORDER = 8;
const MAX_PANELS = 256;
const LOG_2PI = Math.log(2 * Math.PI);

/** Composite Gauss-Legendre nodes and weights on [a, b] with panels no wider than `width`, into xs/ws from `at`. */
function panels(a: number, b: number, width: number, xs: number[], ws: number[]): void {
  const gl = gaussLegendre(ORDER);
  const n = Math.min(MAX_PANELS, Math.max(1, Math.ceil((b - a) / width)));
  const h = (b - a) / n;
  xs.length = 0;
  ws.length = 0;
  for (let q = 0; q < n; q++) for (let i = 0; i < ORDER; i++) {
    xs.push(a + (q + 0.5) * h + 0.5 * h * gl.nodes[i]!);
    ws.push(0.5 * h * gl.weights[i]!);
  }
}

/** The angular interval [lo, hi] (hi - lo <= 2 pi) of the directions of the rectangle's points in the plane. */
function sector(lo0: number, hi0: number, lo1: number, hi1: number): [number, number] {
  if (lo0 <= 0 && hi0 >= 0 && lo1 <= 0 && hi1 >= 0) return [0, 2 * Math.PI];
  // a rectangle off the origin subtends less than pi: corner angles about its centre's direction
  const centre = Math.atan2(0.5 * (lo1 + hi1), 0.5 * (lo0 + hi0));
  let min = Infinity, max = -Infinity;
  for (const x of [lo0, hi0]) for (const y of [lo1, hi1]) {
    let d = Math.atan2(y, x) - centre;
    if (d > Math.PI) d -= 2 * Math.PI;
    if (d < -Math.PI) d += 2 * Math.PI;
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  return [centre + min, centre + max];
}

/** The posterior of y = ||z||^2 / 3 (see the file comment). */
export function spherePosterior(): OutputChannel["posterior"] {
  const P = new Float64Array(9), Pm = new Float64Array(3);
  const ts: number[] = [], tw: number[] = [], ps: number[] = [], pw: number[] = [];
  let qs = new Float64Array(0), us = new Float64Array(0), ws = new Float64Array(0);
  return (omega, V, y, mean, cov) => {
    if (y === 0) {
      mean.fill(0);
      cov.fill(0);
      return -Infinity;
    }
    const rho = Math.sqrt(3 * y);
    const lo = [0, 0, 0], hi = [0, 0, 0];
    let c = 0, best = Infinity;
    for (let a = 0; a < 3; a++) {
      const sd = Math.sqrt(V[a * 4]!);
      lo[a] = Math.max(omega[a]! - BOX * sd, -rho);
      hi[a] = Math.min(omega[a]! + BOX * sd, rho);
      const score = Math.abs(omega[a]!) / sd;
      if (score < best) { best = score; c = a; }
    }
    if (!(y > 0) || lo.some((l, a) => !(hi[a]! > l))) {
      mean.set(omega);
      cov.set(V);
      return -Infinity;
    }
    const det = inverse3(V, P);
    const [lmin, , lmax] = eigenvalues3(V);
    for (let a = 0; a < 3; a++) Pm[a] = P[a * 3]! * omega[0]! + P[a * 3 + 1]! * omega[1]! + P[a * 3 + 2]! * omega[2]!;
    const kappa = rho * rho * (1 / lmin - 1 / lmax) + rho * Math.hypot(Pm[0]!, Pm[1]!, Pm[2]!) + 1;
    const width = Math.min(1.5, 4 / Math.sqrt(kappa));
    const ax = (c + 1) % 3, bx = (c + 2) % 3;
    panels(Math.acos(Math.min(1, hi[c]! / rho)), Math.acos(Math.max(-1, lo[c]! / rho)), width, ts, tw);
    const [f0, f1] = sector(lo[ax]!, hi[ax]!, lo[bx]!, hi[bx]!);
    panels(f0, f1, width, ps, pw);
    const N = ts.length * ps.length;
    if (qs.length < N) { qs = new Float64Array(N); us = new Float64Array(3 * N); ws = new Float64Array(N); }
    let qmin = Infinity, k = 0;
    const u = [0, 0, 0];
    for (let i = 0; i < ts.length; i++) {
      const st = Math.sin(ts[i]!), ct = Math.cos(ts[i]!);
      for (let j = 0; j < ps.length; j++, k++) {
        u[c] = rho * ct;
        u[ax] = rho * st * Math.cos(ps[j]!);
        u[bx] = rho * st * Math.sin(ps[j]!);
        const d0 = u[0]! - omega[0]!, d1 = u[1]! - omega[1]!, d2 = u[2]! - omega[2]!;
        const q = P[0]! * d0 * d0 + P[4]! * d1 * d1 + P[8]! * d2 * d2 + 2 * (P[1]! * d0 * d1 + P[2]! * d0 * d2 + P[5]! * d1 * d2);
        qs[k] = q;
        us[3 * k] = u[0]!; us[3 * k + 1] = u[1]!; us[3 * k + 2] = u[2]!;
        ws[k] = tw[i]! * pw[j]! * st;
        if (q < qmin) qmin = q;
      }
    }
    let Z = 0;
    const e = [0, 0, 0], s = [0, 0, 0, 0, 0, 0];
    for (let j = 0; j < N; j++) {
      const w = ws[j]! * Math.exp(-0.5 * (qs[j]! - qmin));
      if (w === 0) continue;
      const a = us[3 * j]!, b = us[3 * j + 1]!, d = us[3 * j + 2]!;
      Z += w; e[0]! += w * a; e[1]! += w * b; e[2]! += w * d;
      s[0]! += w * a * a; s[1]! += w * a * b; s[2]! += w * a * d; s[3]! += w * b * b; s[4]! += w * b * d; s[5]! += w * d * d;
    }
    if (!(Z > 0)) {
      mean.set(omega);
      cov.set(V);
      return -Infinity;
    }
    for (let a = 0; a < 3; a++) mean[a] = e[a]! / Z;
    cov[0] = Math.max(0, s[0]! / Z - mean[0]! ** 2); cov[4] = Math.max(0, s[3]! / Z - mean[1]! ** 2); cov[8] = Math.max(0, s[5]! / Z - mean[2]! ** 2);
    cov[1] = cov[3] = s[1]! / Z - mean[0]! * mean[1]!;
    cov[2] = cov[6] = s[2]! / Z - mean[0]! * mean[2]!;
    cov[5] = cov[7] = s[4]! / Z - mean[1]! * mean[2]!;
    return Math.log(Z) - 0.5 * qmin - 1.5 * LOG_2PI - 0.5 * Math.log(det) + Math.log(1.5 * rho);
  };
}
