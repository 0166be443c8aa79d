/**
 * The exact output channel of the sparse parity y = sign(z1 z2 z3) (p = 3): the posterior of
 * z ~ N(omega, V) given y, by conditioning on z3 = t. Given t, (z1, z2) ~ N(omega_12 + k (t -
 * omega_3), C) with k = V_{12,3} / V_33 and C = V_{12,12} - V_{12,3} V_{3,12} / V_33 (the Gaussian
 * conditional), and the label asks sign(z1 z2) = y sign(t): the two-quadrant channel of
 * sign(z1 z2) (./libraryChannels.ts, exact), which returns P(y' | mean, C) and the moments of
 * (z1, z2). Then
 *
 *   P(y | omega, V) = int dt N(t; omega_3, V_33) P_2(y sign(t) | omega_12 + k (t - omega_3), C),
 *
 * and the moments of z by the same integral (E[z3 z_12] = int t E[z_12 | t], ...). The t-integral
 * is smooth on each side of t = 0 (where the label's quadrants swap), so it is split there: composite
 * 8-point Gauss-Legendre panels of width 1.5 sqrt(V_33) on t in omega_3 +- 9 sqrt(V_33), cut at 0
 * (against width 0.5 the moments and log P agree to 1e-10 at the test's priors). Cost: ~100
 * two-dimensional sign channels per label. Returns log P(y | omega, V).
 */
import { gaussLegendre } from "../../numerics/gaussLegendre.js";
import type { OutputChannel } from "./gout.js";
import { momentsFromSums3 } from "./small3.js";

const RANGE = 9;
const WIDTH = 1.5;

/** The posterior of y = sign(z1 z2 z3) (see the file comment), from `pair`, the exact channel of sign(z1 z2). */
export function parityPosterior(pair: OutputChannel["posterior"]): OutputChannel["posterior"] {
  const gl = gaussLegendre(8);
  const m2 = new Float64Array(2), C = new Float64Array(4), mean2 = new Float64Array(2), cov2 = new Float64Array(4);
  return (omega, V, y, mean, cov) => {
    const v33 = V[8]!, s3 = Math.sqrt(v33);
    const k0 = V[2]! / v33, k1 = V[5]! / v33;
    C[0] = V[0]! - k0 * V[2]!; C[3] = V[4]! - k1 * V[5]!;
    C[1] = C[2] = V[1]! - k0 * V[5]!;
    const lo = omega[2]! - RANGE * s3, hi = omega[2]! + RANGE * s3;
    const pieces: [number, number][] = lo < 0 && hi > 0 ? [[lo, 0], [0, hi]] : [[lo, hi]];
    let Z = 0, e0 = 0, e1 = 0, e2 = 0, c00 = 0, c01 = 0, c02 = 0, c11 = 0, c12 = 0, c22 = 0;
    for (const [a, b] of pieces) {
      const panels = Math.max(1, Math.ceil((b - a) / (WIDTH * s3)));
      const h = (b - a) / panels;
      for (let q = 0; q < panels; q++) for (let i = 0; i < 8; i++) {
        const t = a + (q + 0.5) * h + 0.5 * h * gl.nodes[i]!;
        const d = t - omega[2]!;
        m2[0] = omega[0]! + k0 * d;
        m2[1] = omega[1]! + k1 * d;
        const logP = pair(m2, C, t >= 0 ? y : -y, mean2, cov2);
        if (logP === -Infinity) continue;
        const w = 0.5 * h * gl.weights[i]! * Math.exp(-0.5 * (d * d) / v33 + logP);
        if (w === 0) continue;
        const a0 = mean2[0]!, a1 = mean2[1]!;
        Z += w; e0 += w * a0; e1 += w * a1; e2 += w * t;
        c00 += w * (cov2[0]! + a0 * a0); c01 += w * (cov2[1]! + a0 * a1); c11 += w * (cov2[3]! + a1 * a1);
        c02 += w * a0 * t; c12 += w * a1 * t; c22 += w * t * t;
      }
    }
    if (!momentsFromSums3(Z, [e0, e1, e2], [c00, c01, c02, c11, c12, c22], omega, V, mean, cov)) return -Infinity;
    return Math.log(Z / Math.sqrt(2 * Math.PI * v33));
  };
}
