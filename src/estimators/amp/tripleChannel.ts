/**
 * The exact output channel of y = z1 z2 z3 (noiseless, p = 3): the posterior of z ~ N(omega, V)
 * given y, a two-dimensional integral over the level surface {z1 z2 z3 = y} (issue 16).
 *
 * The surface is the graph z3 = y / (z1 z2); the co-area formula gives the conditional law the
 * density N(z; omega, V) / |d g / d z3| = N(z; omega, V) / |z1 z2| in (z1, z2). In logarithmic
 * coordinates on each of the four sign branches, z_a = s_a e^{r_a} (s1, s2 = +-1,
 * s3 = sign(y) s1 s2, r3 = ln|y| - r1 - r2), dz1 dz2 = |z1 z2| dr1 dr2 and the weight cancels: the
 * measure is dr1 dr2, symmetric in the three coordinates (the 3-D form of the hyperbola in
 * ./curveChannel.ts). So
 *
 *   Z_out(y | omega, V) = sum_branches int int dr1 dr2 N(z(r); omega, V),
 *
 * done by the tensor trapezoid rule in (r1, r2) in the log domain, restricted to the box where each
 * |z_a - omega_a| < 7 sqrt(V_aa) (the rest weighs below e^{-24}). The integrand is analytic in a
 * strip of half-width about sqrt(lambda_min(V)) / |z| (pi/4 for an isotropic V and omega = 0), where
 * the trapezoid rule converges geometrically (Trefethen and Weideman 2014, "The exponentially
 * convergent trapezoidal rule", SIAM Review 56(3), section 5): the step is
 * h = min(0.3, 0.7 sqrt(lambda_min(V)) / B), B = max(max_a (|omega_a| + sqrt(V_aa)), 1.3 |y|^{1/3})
 * (the largest |z_a| where the mass lies), at most 1500 nodes per axis. At omega = 0, V = I the
 * moments match the library's exact E[z z^T | y] (a one-dimensional K0 integral) to ~2e-6 relative
 * (h = 0.15: 1e-12), test/estimators/amp/p3Channels.test.ts.
 * Cost: about (range / h)^2 / 2 Gaussian evaluations per branch, ~10^3 to 10^4 per label.
 *
 * Returns log Z_out (the label's density); -Infinity (mean = omega, cov = V) when the surface
 * misses the box.
 */
import type { OutputChannel } from "./gout.js";
import { eigenvalues3, inverse3, momentsFromSums3 } from "./small3.js";

const BOX = 7;
const H_CAP = 0.3;
const MAX_AXIS = 1500;
const LOG_2PI = Math.log(2 * Math.PI);

/** The posterior of y = z1 z2 z3 (see the file comment). */
export function tripleProductPosterior(): OutputChannel["posterior"] {
  const P = new Float64Array(9);
  let qs = new Float64Array(4096), u0 = new Float64Array(4096), u1 = new Float64Array(4096), u2 = new Float64Array(4096), ws = new Float64Array(4096);
  const lo = new Float64Array(3), hi = new Float64Array(3), s = new Float64Array(3);
  return (omega, V, y, mean, cov) => {
    const det = inverse3(V, P);
    const lmin = Math.max(eigenvalues3(V)[0], 1e-300);
    const m0 = omega[0]!, m1 = omega[1]!, m2 = omega[2]!;
    // the largest |z_a| where the mass lies: near omega, or near |y|^{1/3} for a label in the tail
    let B = 1.3 * Math.cbrt(Math.abs(y));
    for (let a = 0; a < 3; a++) B = Math.max(B, Math.abs(omega[a]!) + Math.sqrt(V[a * 4]!));
    const h = Math.min(H_CAP, (0.7 * Math.sqrt(lmin)) / B);
    const L = Math.log(Math.max(Math.abs(y), 1e-30));
    const sy = y >= 0 ? 1 : -1;
    let k = 0;
    let qmin = Infinity;
    for (const s1 of [1, -1]) for (const s2 of [1, -1]) {
      s[0] = s1; s[1] = s2; s[2] = sy * s1 * s2;
      let empty = false;
      for (let a = 0; a < 3; a++) {
        const m = omega[a]!, R = BOX * Math.sqrt(V[a * 4]!);
        const same = s[a]! * m >= 0;
        lo[a] = same ? Math.max(Math.abs(m) - R, 0) : 0;
        hi[a] = same ? Math.abs(m) + R : R - Math.abs(m);
        if (!(hi[a]! > 0)) empty = true;
      }
      if (empty) continue;
      const lnLo = [Math.log(lo[0]!), Math.log(lo[1]!), Math.log(lo[2]!)], lnHi = [Math.log(hi[0]!), Math.log(hi[1]!), Math.log(hi[2]!)];
      const r1min = Math.max(lnLo[0]!, L - lnHi[1]! - lnHi[2]!), r1max = Math.min(lnHi[0]!, L - lnLo[1]! - lnLo[2]!);
      if (!(r1max > r1min)) continue;
      const n1 = Math.min(MAX_AXIS, Math.max(2, Math.ceil((r1max - r1min) / h) + 1));
      const h1 = (r1max - r1min) / (n1 - 1);
      for (let i = 0; i < n1; i++) {
        const r1 = r1min + i * h1;
        const r2min = Math.max(lnLo[1]!, L - r1 - lnHi[2]!), r2max = Math.min(lnHi[1]!, L - r1 - lnLo[2]!);
        if (!(r2max > r2min)) continue;
        const n2 = Math.min(MAX_AXIS, Math.max(2, Math.ceil((r2max - r2min) / h) + 1));
        const h2 = (r2max - r2min) / (n2 - 1);
        if (k + n2 > qs.length) {
          const grow = (a: Float64Array) => { const b = new Float64Array(2 * (k + n2)); b.set(a.subarray(0, k)); return b; };
          qs = grow(qs); u0 = grow(u0); u1 = grow(u1); u2 = grow(u2); ws = grow(ws);
        }
        const a0 = s1 * Math.exp(r1), d0 = a0 - m0;
        for (let j = 0; j < n2; j++) {
          const r2 = r2min + j * h2;
          const a1 = s2 * Math.exp(r2), a2 = s[2]! * Math.exp(L - r1 - r2);
          const d1 = a1 - m1, d2 = a2 - m2;
          const q = P[0]! * d0 * d0 + P[4]! * d1 * d1 + P[8]! * d2 * d2 + 2 * (P[1]! * d0 * d1 + P[2]! * d0 * d2 + P[5]! * d1 * d2);
          qs[k] = q; u0[k] = a0; u1[k] = a1; u2[k] = a2; ws[k++] = h1 * h2;
          if (q < qmin) qmin = q;
        }
      }
    }
    let Z = 0, e0 = 0, e1 = 0, e2 = 0, c00 = 0, c01 = 0, c02 = 0, c11 = 0, c12 = 0, c22 = 0;
    for (let j = 0; j < k; j++) {
      const w = ws[j]! * Math.exp(-0.5 * (qs[j]! - qmin));
      if (w === 0) continue;
      const a = u0[j]!, b = u1[j]!, c = u2[j]!;
      Z += w; e0 += w * a; e1 += w * b; e2 += w * c;
      c00 += w * a * a; c01 += w * a * b; c02 += w * a * c; c11 += w * b * b; c12 += w * b * c; c22 += w * c * c;
    }
    if (!momentsFromSums3(Z, [e0, e1, e2], [c00, c01, c02, c11, c12, c22], omega, V, mean, cov)) return -Infinity;
    return Math.log(Z) - 0.5 * qmin - 1.5 * LOG_2PI - 0.5 * Math.log(det);
  };
}
