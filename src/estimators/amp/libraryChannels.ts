/**
 * Exact output channels (posterior of z ~ N(omega, V) given y) for library links where the generic
 * Monte Carlo of ./gout.ts is too noisy (issue 16):
 *
 * - y = z1 / z2: the preimage is the line z = s v, v = (y, 1), and the conditional density on it is
 *   N(s v; omega, V) |s| (the Jacobian of z1 = y z2 at fixed z2). With a = v^T V^{-1} v and
 *   b = v^T V^{-1} omega, s ~ N(mu = b / a, tau^2 = 1 / a) weighted by |s|; the moments E|s|,
 *   E[s |s|], E|s|^3 of a Gaussian are closed forms in Phi and phi (e.g. Winkelbauer 2012, "Moments
 *   and absolute moments of the normal distribution", eq. (18)), so this is a closed form.
 * - y = ||z||^2 / 2 (p = 2): the preimage is the circle of radius r = sqrt(2 y) and, |grad g| being
 *   constant on it, the conditional law has density proportional to N(z; omega, V) in the arc length.
 *   The periodic trapezoid rule in the angle converges geometrically (Trefethen and Weideman 2014,
 *   "The exponentially convergent trapezoidal rule", section 3); its node count grows with the
 *   concentration r^2 lambda_max(V^{-1}) + r |V^{-1} omega| of the integrand.
 * - y = sign(z1 z2): the preimage is a pair of opposite quadrants, a union of whole lines through
 *   the origin z = s (cos psi, sin psi) (psi in (0, pi/2) for y = 1, (pi/2, pi) for y = -1), with
 *   dz = |s| ds dpsi. Along each line the integral of N(z; omega, V) |s| s^k is the ratio link's
 *   closed form; the angle integral has an analytic integrand on the arc, done by composite
 *   16-point Gauss-Legendre on panels no wider than the integrand's width sqrt(lambda_min(V)) /
 *   |omega| (up to 256 panels).
 *
 * - p = 3: y = z1 z2 z3 (./tripleChannel.ts, the level surface in log coordinates) and
 *   y = ||z||^2 / 3 (./sphereChannel.ts, the sphere in angles), both returning log Z_out, and
 *   y = sign(z1 z2 z3) (./parityChannel.ts: the sign(z1 z2) channel given z3, integrated over z3).
 *
 * The sign channel returns log P(y | omega, V) (state evolution sums over the two labels with it);
 * the others return NaN (log Z_out not computed). All leave mean = omega, cov = V when the label
 * has no mass (e.g. y < 0 for the norm).
 */
import { gaussLegendre } from "../../numerics/gaussLegendre.js";
import { parityPosterior } from "./parityChannel.js";
import { spherePosterior } from "./sphereChannel.js";
import { tripleProductPosterior } from "./tripleChannel.js";
import { normalCdf, normalPdf } from "../../numerics/normal.js";
import type { IndexLink } from "../linkTypes.js";

type Posterior = (omega: Float64Array, V: Float64Array, y: number, mean: Float64Array, cov: Float64Array) => number;

function inverse2(V: Float64Array): [number, number, number] {
  const det = V[0]! * V[3]! - V[1]! * V[2]!;
  return [V[3]! / det, -V[1]! / det, V[0]! / det];
}

/** E|X|, E[X |X|], E|X|^3 for X ~ N(mu, tau^2). */
export function absoluteMoments(mu: number, tau: number): [number, number, number] {
  const u = mu / tau;
  const phi = normalPdf(u);
  const odd = 1 - 2 * normalCdf(-u); // 2 Phi(u) - 1, accurate for u of either sign
  const m2 = mu * mu + tau * tau;
  return [mu * odd + 2 * tau * phi, m2 * odd + 2 * mu * tau * phi, (mu * mu * mu + 3 * mu * tau * tau) * odd + 2 * tau * (mu * mu + 2 * tau * tau) * phi];
}

function ratio(): Posterior {
  return (omega, V, y, mean, cov) => {
    const [i00, i01, i11] = inverse2(V);
    const a = i00 * y * y + 2 * i01 * y + i11;
    const b = (i00 * y + i01) * omega[0]! + (i01 * y + i11) * omega[1]!;
    const tau = 1 / Math.sqrt(a);
    const [e1, e2, e3] = absoluteMoments(b / a, tau);
    if (!(e1 > 0)) {
      mean.set(omega);
      cov.set(V);
      return NaN;
    }
    const es = e2 / e1, vs = Math.max(0, e3 / e1 - es * es);
    mean[0] = y * es;
    mean[1] = es;
    cov[0] = y * y * vs;
    cov[1] = cov[2] = y * vs;
    cov[3] = vs;
    return NaN;
  };
}

function circle(): Posterior {
  return (omega, V, y, mean, cov) => {
    if (!(y > 0)) {
      mean.set(omega);
      cov.set(V);
      return NaN;
    }
    const r = Math.sqrt(2 * y);
    const [i00, i01, i11] = inverse2(V);
    const lmax = 0.5 * (i00 + i11) + Math.sqrt(0.25 * (i00 - i11) ** 2 + i01 * i01);
    const pw0 = i00 * omega[0]! + i01 * omega[1]!, pw1 = i01 * omega[0]! + i11 * omega[1]!;
    const kappa = r * r * lmax + r * Math.hypot(pw0, pw1);
    const N = Math.min(16384, Math.max(64, Math.ceil(12 * Math.sqrt(kappa) + 16)));
    // log weight of z on the circle: -(1/2) z^T P z + z^T P omega (the omega^T P omega term cancels)
    let best = -Infinity;
    const logs = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      const th = (2 * Math.PI * k) / N, c = r * Math.cos(th), s = r * Math.sin(th);
      logs[k] = -0.5 * (i00 * c * c + 2 * i01 * c * s + i11 * s * s) + c * pw0 + s * pw1;
      if (logs[k]! > best) best = logs[k]!;
    }
    let Z = 0, m0 = 0, m1 = 0, s00 = 0, s01 = 0, s11 = 0;
    for (let k = 0; k < N; k++) {
      const w = Math.exp(logs[k]! - best);
      const th = (2 * Math.PI * k) / N, c = r * Math.cos(th), s = r * Math.sin(th);
      Z += w; m0 += w * c; m1 += w * s; s00 += w * c * c; s01 += w * c * s; s11 += w * s * s;
    }
    mean[0] = m0 / Z;
    mean[1] = m1 / Z;
    cov[0] = Math.max(0, s00 / Z - mean[0]! ** 2);
    cov[1] = cov[2] = s01 / Z - mean[0]! * mean[1]!;
    cov[3] = Math.max(0, s11 / Z - mean[1]! ** 2);
    return NaN;
  };
}

function signProduct(order = 16): Posterior {
  const gl = gaussLegendre(order);
  let logs = new Float64Array(0), ws = new Float64Array(0), e1s = new Float64Array(0), e2s = new Float64Array(0), e3s = new Float64Array(0), psis = new Float64Array(0);
  return (omega, V, y, mean, cov) => {
    const [i00, i01, i11] = inverse2(V);
    const w0 = omega[0]!, w1 = omega[1]!;
    const c = i00 * w0 * w0 + 2 * i01 * w0 * w1 + i11 * w1 * w1;
    const lmin = 0.5 * (V[0]! + V[3]!) - Math.sqrt(0.25 * (V[0]! - V[3]!) ** 2 + V[1]! * V[1]!);
    // the integrand's width in psi is about sqrt(lambda_min(V)) / |omega|: panels of that width
    const width = Math.sqrt(Math.max(lmin, 1e-300)) / Math.max(Math.hypot(w0, w1), 1e-300);
    const panels = Math.min(256, Math.max(1, Math.ceil(Math.PI / 2 / (2 * width))));
    const N = panels * order;
    if (logs.length < N) {
      logs = new Float64Array(N); ws = new Float64Array(N); e1s = new Float64Array(N); e2s = new Float64Array(N); e3s = new Float64Array(N); psis = new Float64Array(N);
    }
    const base = y > 0 ? 0 : Math.PI / 2, h = Math.PI / 2 / panels;
    let best = -Infinity;
    for (let q = 0; q < panels; q++) for (let i = 0; i < order; i++) {
      const k = q * order + i;
      const psi = base + (q + 0.5) * h + 0.5 * h * gl.nodes[i]!;
      const d0 = Math.cos(psi), d1 = Math.sin(psi);
      const a = i00 * d0 * d0 + 2 * i01 * d0 * d1 + i11 * d1 * d1;
      const b = (i00 * d0 + i01 * d1) * w0 + (i01 * d0 + i11 * d1) * w1;
      const [e1, e2, e3] = absoluteMoments(b / a, 1 / Math.sqrt(a));
      psis[k] = psi;
      ws[k] = 0.5 * h * gl.weights[i]!;
      e1s[k] = e1; e2s[k] = e2; e3s[k] = e3;
      logs[k] = (b * b) / (2 * a) - 0.5 * c + 0.5 * Math.log((2 * Math.PI) / a) + Math.log(e1);
      if (logs[k]! > best) best = logs[k]!;
    }
    let Z = 0, m0 = 0, m1 = 0, s00 = 0, s01 = 0, s11 = 0;
    for (let k = 0; k < N; k++) {
      const wk = ws[k]! * Math.exp(logs[k]! - best);
      if (wk === 0) continue;
      const d0 = Math.cos(psis[k]!), d1 = Math.sin(psis[k]!);
      const es = e2s[k]! / e1s[k]!, ess = e3s[k]! / e1s[k]!;
      Z += wk;
      m0 += wk * es * d0; m1 += wk * es * d1;
      s00 += wk * ess * d0 * d0; s01 += wk * ess * d0 * d1; s11 += wk * ess * d1 * d1;
    }
    if (!(Z > 0) || !Number.isFinite(best)) {
      mean.set(omega);
      cov.set(V);
      return -Infinity;
    }
    mean[0] = m0 / Z;
    mean[1] = m1 / Z;
    cov[0] = Math.max(0, s00 / Z - mean[0]! ** 2);
    cov[1] = cov[2] = s01 / Z - mean[0]! * mean[1]!;
    cov[3] = Math.max(0, s11 / Z - mean[1]! ** 2);
    const det = V[0]! * V[3]! - V[1]! * V[2]!;
    return Math.log(Z) + best - Math.log(2 * Math.PI * Math.sqrt(det));
  };
}

/** The exact channel of a library link listed in the file comment, with its method name; null otherwise. */
export function libraryChannel(link: IndexLink): { posterior: Posterior; method: "closed-form" | "preimage" } | null {
  if (link.sample || link.noiseVariance > 0) return null;
  if (link.p === 3) {
    if (link.name === "z1 z2 z3") return { posterior: tripleProductPosterior(), method: "preimage" };
    if (link.name === "||z||^2/3") return { posterior: spherePosterior(), method: "preimage" };
    if (link.name === "sign(z1 z2 z3)") return { posterior: parityPosterior(signProduct()), method: "preimage" };
    return null;
  }
  if (link.p !== 2) return null;
  switch (link.name) {
    case "z1 / z2": return { posterior: ratio(), method: "closed-form" };
    case "||z||^2/2": return { posterior: circle(), method: "preimage" };
    case "sign(z1 z2)": return { posterior: signProduct(), method: "preimage" };
    default: return null;
  }
}
