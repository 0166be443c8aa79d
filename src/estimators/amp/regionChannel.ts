/**
 * Two pieces of the level-set channel (./levelSetChannel.ts): the region mode, the Gaussian mass and
 * moments of a region {h = y} (a discrete label, or a label with positive mass) along lines through
 * the origin of the whitened frame with the closed-form radial moments of ../lineRules.ts (region
 * ends by bisection to 1e-12; the periodic trapezoid rule in the angle with M = 256 at p = 2, the
 * line rule on the sphere at resolution 1/3, 648 lines, at p = 3), a small Cholesky factor, and
 * the level-set grid's index tables, the curvature bound of its coarse cells and the axis families'
 * partition weight.
 * The angle integrand has a kink where a line passes a corner of the region (the apex of
 * sign(z1 z2)'s quadrants): O(1 / M^2), 2e-3 on g_out at M = 256.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { IndexLink } from "../linkTypes.js";
import { lineExtent, lineRule, radialAntiderivatives } from "../lineRules.js";

/** Lower Cholesky factor of the p x p SPD matrix V into L (row-major). */
export function cholesky(V: Float64Array, p: number, L: Float64Array): void {
  L.fill(0);
  for (let j = 0; j < p; j++) {
    let d = V[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! ** 2;
    if (!(d > 0)) throw new InvalidArgumentError(`the prior covariance V of g_out must be positive definite (a variance floor keeps it so)`);
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = V[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / ljj;
    }
  }
}

/**
 * The region mode (see the file comment): returns the log mass of {h = y} under N(0, I) and its
 * unnormalised first and second moments (lower triangle) in m1, m2 (normalised by the mass).
 */
export function regionPosterior(link: IndexLink, h: (x: Float64Array) => number, t: Float64Array): (y: number, m1: Float64Array, m2: Float64Array) => number {
  const p = link.p;
  let dirs: Float64Array, weights: Float64Array;
  if (p === 2) {
    const M = 256;
    dirs = new Float64Array(2 * M);
    weights = new Float64Array(M).fill(1 / M);
    for (let j = 0; j < M; j++) {
      const th = ((j + 0.5) * Math.PI) / M;
      dirs[2 * j] = Math.cos(th);
      dirs[2 * j + 1] = Math.sin(th);
    }
  } else {
    const rule = lineRule(3, 1 / 3);
    dirs = rule.directions as Float64Array;
    weights = rule.weights as Float64Array;
  }
  const T = lineExtent(p), hs = 0.25;
  const nt = 2 * Math.ceil(T / hs);
  const A0 = new Float64Array(3), A1 = new Float64Array(3);
  const u = new Float64Array(p);
  const at = (s: number): number => {
    for (let a = 0; a < p; a++) t[a] = s * u[a]!;
    return h(t);
  };
  return (y, m1, m2) => {
    let mass = 0;
    m1.fill(0);
    m2.fill(0);
    for (let j = 0; j < weights.length; j++) {
      for (let a = 0; a < p; a++) u[a] = dirs[j * p + a]!;
      let J0 = 0, J1 = 0, J2 = 0;
      let sPrev = -T, inPrev = at(-T) === y, start = -T;
      const close = (end: number) => {
        radialAntiderivatives(p, start, A0);
        radialAntiderivatives(p, end, A1);
        J0 += A1[0]! - A0[0]!;
        J1 += A1[1]! - A0[1]!;
        J2 += A1[2]! - A0[2]!;
      };
      for (let i = 1; i <= nt; i++) {
        const s = -T + (i * 2 * T) / nt;
        const inside = at(s) === y;
        if (inside !== inPrev) {
          let a = sPrev, b = s;
          for (let k = 0; k < 60 && b - a > 1e-12; k++) {
            const m = 0.5 * (a + b);
            if ((at(m) === y) === inPrev) a = m;
            else b = m;
          }
          const edge = 0.5 * (a + b);
          if (inPrev) close(edge);
          else start = edge;
        }
        inPrev = inside;
        sPrev = s;
      }
      if (inPrev) close(T);
      const wj = weights[j]!;
      mass += wj * J0;
      for (let a = 0; a < p; a++) {
        m1[a]! += wj * J1 * u[a]!;
        for (let b = 0; b <= a; b++) m2[a * p + b]! += wj * J2 * u[a]! * u[b]!;
      }
    }
    if (!(mass > 0)) return -Infinity;
    for (let a = 0; a < p; a++) m1[a]! /= mass;
    for (let a = 0; a < p * p; a++) m2[a]! /= mass;
    return Math.log(mass);
  };
}

/**
 * The level-set grid's tables: per-node axis indices, the ball |t| <= R + delta, the coarse cells
 * (every kc-th node: spacing 1/2 at p = 2, 1 at p = 3; their first corners and strides), and the
 * first node of every line along each axis.
 */
export function gridTables(p: number, N: number, R: number, delta: number, grid: Float64Array, stride: number[]) {
  const size = N ** p;
  const kc = p === 2 ? 4 : 3;
  if ((N - 1) % kc !== 0) throw new InvalidArgumentError(`levelSetPosterior: the grid of ${N} nodes does not nest by ${kc}`);
  const Nc = (N - 1) / kc + 1;
  const coords = new Int32Array(size * p);
  const inBall = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    let r = i, r2 = 0;
    for (let a = p - 1; a >= 0; a--) {
      coords[i * p + a] = r % N;
      r2 += grid[r % N]! ** 2;
      r = Math.floor(r / N);
    }
    inBall[i] = r2 <= (R + delta) ** 2 ? 1 : 0;
}
  const cellCount = (Nc - 1) ** p;
  const cellCorner = new Int32Array(cellCount);
  for (let cell = 0; cell < cellCount; cell++) {
    let r = cell, j = 0;
    for (let a = p - 1; a >= 0; a--) {
      j += (r % (Nc - 1)) * kc * stride[a]!;
      r = Math.floor(r / (Nc - 1));
    }
    cellCorner[cell] = j;
}
  const lineBases = stride.map((st) => Int32Array.from({ length: size }, (_, i) => i).filter((i) => Math.floor(i / st) % N === 0));
  const cellStride = p === 2 ? [Nc - 1, 1] : [(Nc - 1) ** 2, Nc - 1, 1];
  return { kc, Nc, coords, inBall, cellCount, cellCorner, lineBases, cellStride };
}

/**
 * How far h may deviate inside the coarse cell with first corner corner0 (side H = kc fine
 * spacings) from the multilinear interpolant of its corners, whose extremes are at the corners:
 * the interpolation error bound sum_a (H^2 / 8) max |h_aa|, with H^2 h_aa from the coarse second
 * differences at the corners; Infinity where one reaches outside the grid or the ball. A cell
 * whose corners share a sign and lie farther from y than (a multiple of) this cannot hold the level set.
 */
export function cellBulge(corner0: number, value: (i: number) => number, coords: Int32Array, p: number, N: number, kc: number, stride: number[]): number {
  let dev = 0;
  for (let a = 0; a < p; a++) {
    const st = kc * stride[a]!;
    let m = 0;
    for (let mask = 0; mask < 1 << p; mask++) {
      let j = corner0;
      for (let b = 0; b < p; b++) if ((mask >> b) & 1) j += kc * stride[b]!;
      const i = coords[j * p + a]!;
      if (i < kc || i + kc > N - 1) return Infinity;
      const d = Math.abs(value(j - st) - 2 * value(j) + value(j + st));
      if (Number.isNaN(d)) return Infinity;
      m = Math.max(m, d);
    }
    dev += m / 8;
  }
  return dev;
}

/**
 * The partition weight of axis a at the unit normal n: n_a^6 / sum_b n_b^6 (the sum is at least
 * p^-2). Near a tangency of the axis-a lines (n_a -> 0), where 1 / |d_a h| ~ 1 / |n_a| and the
 * root pair merges like sqrt(c* - c) in the cross coordinate c, the family's integrand vanishes
 * like |n_a|^5 ~ (c* - c)^(5/2), so the trapezoid rule across lines loses only O(delta^(7/2)) there.
 * (Exponent 6 measured best against the exact channels among 4, 6, 8 at delta = 1/8; a
 * C-infinity cut-off partition was worse at every delta tried: it compresses its transition
 * into a narrow range of c next to the tangency.)
 */
export function partitionWeight(n2: number): number {
  return n2 * n2 * n2;
}
