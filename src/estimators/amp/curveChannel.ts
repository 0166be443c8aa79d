/**
 * The "curve" output channel of GAMP (./gout.ts) for the noiseless p = 2 product family: on the
 * hyperbola u1 u2 = c, parameterised u1 = s e^r, u2 = s c e^{-r} (s = +-1), the delta function's
 * measure is dr, so the posterior of z ~ N(omega, V) given y is a one-dimensional integral in r, done
 * by the trapezoid rule in the log domain. z1 z2 is u = z; the staircase z1 + z1 z2 = z1 (1 + z2) is
 * u = z + (0, 1); z1^2 - z2^2 = 2 u1 u2 with u = R z, R the 45-degree rotation; |z1 z2| sums the
 * hyperbolas at c = +-y.
 */
import type { IndexLink } from "../links.js";
import type { OutputChannel } from "./gout.js";

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

/** The posterior of the product family (z1 z2, z1 + z1 z2, z1^2 - z2^2, |z1 z2|) on its hyperbolas, or null for other links. */
export function curve(link: IndexLink): OutputChannel["posterior"] | null {
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
