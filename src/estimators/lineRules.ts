/**
 * The spherical-radial (line) decomposition of the standard Gaussian N(0, I_p): every z != 0 is
 * z = t u with u on a half-sphere and t in R, and (Genz and Monahan 1998, "Stochastic integration
 * rules for infinite regions", SIAM J. Sci. Comput. 19; Fang and Wang 1994, section 1.5)
 *
 *   E f(z) = E_u (1/2) int_R f(t u) chi_p(|t|) dt,   chi_p(r) = r^{p-1} e^{-r^2/2} / (2^{p/2-1} Gamma(p/2)),
 *
 * u uniform on the sphere. Along one line the radial moments of an interval are closed forms,
 *
 *   J_k(a, b) = (1/2) int_a^b t^k chi_p(|t|) dt,  k = 0, 1, 2,
 *
 * through F_m(R) = int_0^R r^m e^{-r^2/2} dr: F_0 = sqrt(pi/2) erf(R / sqrt 2), F_1 = 1 - e^{-R^2/2},
 * F_m = (m - 1) F_{m-2} - R^{m-1} e^{-R^2/2}. So the Gaussian mass, first and second moments of any
 * region are exact along each line once the region's boundary crossings are known; only the sphere
 * is discretised, by `lineRule` (p <= 4):
 * - p = 1: the one line u = 1 (exact);
 * - p = 2: M = 972 angles on [0, pi), the midpoint rule graded toward the axes (below);
 * - p = 3: u = (sqrt(1 - x^2) cos phi, sqrt(1 - x^2) sin phi, x), the midpoint rule in x on [-1, 1]
 *   (x is uniform on [-1, 1] under the uniform law on S^2, Archimedes) times the midpoint rule in
 *   phi on [0, pi) (144 nodes), both graded toward the coordinate planes x = 0, phi = 0, pi/2, pi;
 * - p = 4: u = (sqrt(1 - s) cos phi1, sqrt(1 - s) sin phi1, sqrt s cos phi2, sqrt s sin phi2), s
 *   uniform on [0, 1] (Hopf coordinates of S^3), the midpoint rule in s, trapezoid in phi1 on
 *   [0, pi) and phi2 on [0, 2 pi).
 * Grading (p = 2, 3; `gradedNode`): each panel between coordinate planes is mapped by Sidi's sin^2
 * transform, so nodes cluster at the planes. Links built from products, signs and absolute values
 * of coordinates have labels that are nearly constant along the lines close to a coordinate plane
 * (y = t^3 u1 u2 u3 for z1 z2 z3), so the labels near the singular value (0) are carried by a thin
 * layer of directions that the uniform rule resolves only at its spacing: z1 z2 z3's alpha_c came
 * out 2.4% low with uniform angles and comes out 0.05% high graded, at the same number of lines.
 * (Midpoint rather than Gauss-Legendre in x and s: the integrands of discontinuous or singular
 * links are not smooth there, and midpoint nodes nest, so that the coarse companion halves the
 * resolution along every angle and its difference to the full rule is an honest error estimate.)
 * All rules are invariant under each reflection z_a -> -z_a (as lines), so symmetries of a link
 * survive discretisation. Each rule has two nested coarse companions (every 3rd and every 9th node
 * along each angle, again symmetric midpoint rules) for error estimates: `level[j]` marks them.
 */
import { InvalidArgumentError } from "../errors.js";
import { erf } from "../numerics/normal.js";

export interface LineRule {
  readonly p: number;
  /** Directions u_j (count x p, row-major), unit vectors. */
  readonly directions: Float64Array;
  /** Weights (sum 1). */
  readonly weights: Float64Array;
  /**
   * The coarsest companion rule line j belongs to: 0 (the full rule only), 1 (also every 3rd node
   * along each angle) or 2 (also every 9th). Level l's weights are 3^(l (p - 1)) weights[j].
   */
  readonly level: Uint8Array;
}

/** A line rule on the half-sphere of R^p (see the file comment); `resolution` scales the node counts. */
export function lineRule(p: number, resolution = 1): LineRule {
  if (!Number.isInteger(p) || p < 1 || p > 4) throw new InvalidArgumentError(`lineRule: p must be 1..4, got ${p}`);
  if (!(resolution > 0) || !Number.isFinite(resolution)) throw new InvalidArgumentError(`lineRule: resolution must be a finite number > 0, got ${resolution}`);
  // node counts are multiples of 9 and nodes are midpoints, so that every 3rd node from the 2nd
  // (every 9th from the 5th) is again a midpoint rule on the same interval, and symmetric; and even
  // (multiples of 4 for phi2 on [0, 2 pi)), so that no node lies on a coordinate plane, where a
  // link like sign(z1 z2 z3) is constant along the whole line and its symmetry would break
  const even = (n: number, unit = 18) => unit * Math.max(1, Math.round((n * resolution) / unit));
  const lv = (i: number) => (i % 9 === 4 ? 2 : i % 3 === 1 ? 1 : 0);
  const dirs: number[] = [];
  const ws: number[] = [];
  const coarse: number[] = [];
  if (p === 1) {
    dirs.push(1);
    ws.push(1);
    coarse.push(2);
  } else if (p === 2) {
    const M = even(972, 36);
    for (let j = 0; j < M; j++) {
      const [th, dth] = gradedNode(j, M, Math.PI, 2);
      dirs.push(Math.cos(th), Math.sin(th));
      ws.push(dth / Math.PI);
      coarse.push(lv(j));
    }
  } else if (p === 3) {
    const Mx = even(54), M = even(126, 36);
    for (let i = 0; i < Mx; i++) {
      const [xs, dx] = gradedNode(i, Mx, 2, 2);
      const x = xs - 1, rho = Math.sqrt(Math.max(0, 1 - x * x));
      for (let j = 0; j < M; j++) {
        const [ph, dph] = gradedNode(j, M, Math.PI, 2);
        dirs.push(rho * Math.cos(ph), rho * Math.sin(ph), x);
        ws.push((dx / 2) * (dph / Math.PI));
        coarse.push(Math.min(lv(i), lv(j)));
      }
    }
  } else {
    const Ms = even(18), M1 = even(18), M2 = even(36, 36);
    for (let i = 0; i < Ms; i++) {
      const s = (i + 0.5) / Ms, a = Math.sqrt(1 - s), b = Math.sqrt(s);
      for (let j = 0; j < M1; j++) for (let k = 0; k < M2; k++) {
        const p1 = ((j + 0.5) * Math.PI) / M1, p2 = ((k + 0.5) * 2 * Math.PI) / M2;
        dirs.push(a * Math.cos(p1), a * Math.sin(p1), b * Math.cos(p2), b * Math.sin(p2));
        ws.push(1 / (Ms * M1 * M2));
        coarse.push(Math.min(lv(i), lv(j), lv(k)));
      }
    }
  }
  return { p, directions: Float64Array.from(dirs), weights: Float64Array.from(ws), level: Uint8Array.from(coarse) };
}

/**
 * The antiderivatives A_k(t) = (1/2) int_0^t s^k chi_p(|s|) ds, k = 0, 1, 2, into out[0..2], so that
 * J_k(a, b) = A_k(b) - A_k(a). Cost: one erf (odd p - 1 + k) and one exp.
 */
export function radialAntiderivatives(p: number, t: number, out: Float64Array): void {
  const R = Math.abs(t);
  const e = Math.exp(-0.5 * R * R);
  const c = RADIAL_CONSTANT[p]!;
  const F0 = SQRT_HALF_PI * erf(R * Math.SQRT1_2);
  const F1 = 1 - e;
  const Re = R * e;
  const F2 = F0 - Re;
  let a: number, b: number, d: number;
  if (p === 1) { a = F0; b = F1; d = F2; }
  else if (p === 2) { a = F1; b = F2; d = 2 * F1 - R * Re; }
  else {
    const F3 = 2 * F1 - R * Re;
    const F4 = 3 * F2 - R * R * Re;
    if (p === 3) { a = F2; b = F3; d = F4; }
    else { a = F3; b = F4; d = 4 * F3 - R * R * R * Re; }
  }
  // for t < 0: int_0^t |s|^{p-1} s^k ds = (-1)^{k+1} F_{p-1+k}(|t|)
  if (t >= 0) { out[0] = c * a; out[1] = c * b; out[2] = c * d; }
  else { out[0] = -c * a; out[1] = c * b; out[2] = -c * d; }
}

/**
 * Node i of n on [0, length] split into `pieces` equal panels, each graded toward both of its ends
 * by Sidi's sin^2 map s -> s - sin(2 pi s) / (2 pi) (Sidi 1993, "A new variable transformation for
 * numerical integration"): returns [position, weight]. The midpoint nodes of s nest by 3 as before,
 * and the weights psi'(s) = 1 - cos(2 pi s) vanish to second order at the panel ends, so nodes
 * cluster there (the first at a distance ~ (h / 2)^3). With the panel ends on the coordinate planes,
 * links made of products, signs and absolute values of coordinates, whose labels are nearly constant
 * along lines close to those planes, are resolved there; for integrands smooth on the sphere the
 * graded midpoint rule keeps its order (Sidi's transform even raises it).
 */
function gradedNode(i: number, n: number, length: number, pieces: number): [number, number] {
  const per = n / pieces;
  const piece = Math.floor(i / per);
  const s = (i - piece * per + 0.5) / per;
  const panel = length / pieces;
  const psi = s - Math.sin(2 * Math.PI * s) / (2 * Math.PI);
  return [panel * (piece + psi), (panel / per) * (1 - Math.cos(2 * Math.PI * s))];
}

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
/** (1/2) / (2^{p/2-1} Gamma(p/2)), the line weight's constant, by p. */
const RADIAL_CONSTANT = [0, 0.5 / (Math.pow(2, -0.5) * Math.sqrt(Math.PI)), 0.5, 0.5 / (Math.sqrt(2) * 0.5 * Math.sqrt(Math.PI)), 0.25];

/** The half-length T of the lines: P(|z| > T) is below 1e-15 for z ~ N(0, I_p), p <= 4. */
export function lineExtent(p: number): number {
  return 8.5 + 0.45 * (p - 1);
}
