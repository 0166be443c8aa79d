/**
 * The exact output channel of a deterministic link y = g(z), z in R^p (p = 2, 3), given only g: the
 * posterior mean and covariance of z ~ N(omega, V) restricted to the preimage {g(z) = y}. In the
 * whitened frame z = omega + L t (V = L L^T, Cholesky), t ~ N(0, I), h(t) = g(omega + L t):
 *
 * - continuous labels (a level set): the co-area formula (Federer 1959; e.g. Evans and Gariepy
 *   1992, section 3.4) gives the label density and moments as the surface integral
 *     Z(y) = int_{h = y} phi(t) / |grad h| dS,   E[f(t) | y] = (1 / Z) int_{h = y} f phi / |grad h| dS.
 *   It is done on a tensor grid of spacing delta over [-R, R]^p by p families of lines, one along
 *   each axis a: on the line through the grid point c (the other coordinates), the roots s_i of
 *   h = y contribute delta^{p-1} phi(t_i) f(t_i) w_a(n) / |d_a h(t_i)| (the co-area formula along
 *   the axis; the trapezoid rule in the other coordinates, spectrally accurate for smooth
 *   integrands under the Gaussian weight, Trefethen and Weideman 2014). The weights w_a of the
 *   unit normal n = grad h / |grad h| are a smooth partition of unity, w_a = S(n_a^2) / sum_b S(n_b^2)
 *   with S a C-infinity step from 0 at n_a^2 = 0.1 to 1 at 1/3: family a only counts roots where
 *   its lines cross the surface at an angle (|d_a h| >= 0.31 |grad h|), so the integrand of each
 *   family vanishes near its tangencies, where 1 / |d_a h| is singular and neighbouring roots
 *   merge (a single family along one axis would converge like delta^{1/2} there). Roots are
 *   bracketed by sign changes on the grid, and by the local extrema along a line (two roots in one
 *   cell), then refined by the Illinois method; the gradient by central differences.
 * - discrete labels, or a label with positive mass (an atom such as y = 0 of relu(z1) + relu(z2)):
 *   the Gaussian restricted to the region {h = y}, along M lines through the origin of t with the
 *   closed-form radial moments of ../lineRules.ts (region ends by bisection to 1e-12), the
 *   periodic trapezoid rule in the angle for p = 2 and the line rule on the sphere for p = 3.
 *
 * Resolution: level sets must be resolved by the grid (radius of curvature above ~delta in
 * whitened units). When fewer than MIN_ROOTS roots are found (a component smaller than the
 * spacing, e.g. a circle of radius 0.06) the grid zooms onto the box of the coarse cells with a sign
 * change and integrates again (up to 8 times). The label must have preimage inside |t| < R; one
 * without returns -Infinity and leaves mean = omega, cov = V. Accuracy: ~1e-4 (relative, on g_out
 * and dg_out) for smooth level sets at p = 2, ~1e-2 at p = 3. Where g has a kink the level set
 * has a corner, the normal and hence the partition jump there, and each family's integrand jumps
 * across lines: the error is O(delta) (max(|z1|, |z2|): 0.2% to 4% in Z, depending on where the
 * corners fall between lines).
 *
 * Cost per call: the grid has spacing delta = 1/8 over the disc |t| <= 7.5 at p = 2 and 1/3 over
 * the ball |t| <= 6 at p = 3. g is evaluated on the coarse grid (every 4th node at p = 2, every 3rd
 * at p = 3), on the fine nodes of the coarse cells the level set may cross (a sign change, or y
 * within the spread of the corners and within their curvature bound, see ./regionChannel.ts cellBulge), and about
 * 10 + 2p times per root: about 3,700 evaluations for z1 z2 at p = 2 on AMP-like data (Monte
 * Carlo g_out: 4,096), 51,000 for z1 z2 z3. At p = 2 a call whose
 * every-other-line companion disagrees is refined locally around the level set's sharp turns
 * (./levelSetRefine.ts: one more pass of a zoomed grid; on data 8,800 evaluations per z1 z2 call
 * in all, where refining the whole grid at 1/16 and 1/32 took 25,000). The region mode costs
 * M x (2T / 0.25) evaluations plus bisections (M = 256 angles at p = 2, 648 lines at p = 3).
 */
import { InvalidArgumentError } from "../../errors.js";
import type { IndexLink } from "../linkTypes.js";
import { cellBulge, cholesky, gridTables, partitionWeight, regionPosterior } from "./regionChannel.js";
import { finishPosterior, refinedPosterior, type GridPass, type GridSums, type Posterior, type RootRecord } from "./levelSetRefine.js";


/** Fewer roots than this on the grid: the level set is small against it, and the grid zooms in. */
const MIN_ROOTS = 64;

/** The level-set / region channel of a deterministic p = 2 or 3 link (see the file comment). */
export function levelSetPosterior(link: IndexLink, spacing?: number): Posterior | null {
  const p = link.p;
  if ((p !== 2 && p !== 3) || link.sample || link.noiseVariance > 0 || link.moments) return null;
  if (spacing !== undefined || p === 3) return levelSetCore(link, spacing).posterior;
  // p = 2: the grid at spacing 1/8, refined locally or globally where needed (./levelSetRefine.ts)
  return refinedPosterior((spacing) => levelSetCore(link, spacing));
}

/** The channel on one grid (see levelSetPosterior), and the difference to its every-other-line companion. */
function levelSetCore(link: IndexLink, spacing?: number): GridPass {
  const p = link.p;
  // a level set at distance r from the centre is cut where phi is e^-(R^2 - r^2) / 2 below its
  // peak: 1e-6 for r = 5.4 at p = 2 (R = 7.5); p = 3 trades this for the cube of the grid
  const R = p === 2 ? 7.5 : 6;
  const delta = R / Math.round(R / (spacing ?? (p === 2 ? 0.125 : 1 / 3)));
  const N = Math.round((2 * R) / delta) + 1;
  const grid = Float64Array.from({ length: N }, (_, k) => -R + k * delta);
  const size = N ** p;
  const values = new Float64Array(size);
  const stride = p === 2 ? [N, 1] : [N * N, N, 1];
  const z = new Float64Array(p), t = new Float64Array(p), L = new Float64Array(p * p), w = new Float64Array(p);
  const grad = new Float64Array(p);
  const m1 = new Float64Array(p), m2 = new Float64Array(p * p);
  let label = 0;
  // the grid's frame: t = zc + zs u for grid coordinates u (zc = 0, zs = 1 unless zoomed in)
  const zc = new Float64Array(p), tr = new Float64Array(p);
  let zs = 1, roots = 0, coarseLine = false, Zc = 0, lastError = 0;
  const m1c = new Float64Array(p), m2c = new Float64Array(p * p);
  // the local refinement's hooks (./levelSetRefine.ts): a weight multiplying each root's
  // contribution (1 - chi or chi), and the record of the unweighted roots of a plain pass
  let bump: ((x: Float64Array) => number) | null = null;
  let record: RootRecord | null = null;
  const h = (x: Float64Array): number => {
    for (let a = 0; a < p; a++) {
      let s = w[a]!;
      for (let b = 0; b <= a; b++) s += L[a * p + b]! * (zc[b]! + zs * x[b]!);
      z[a] = s;
    }
    const v = link.g(z);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`the link '${link.name}' returned ${v} at z = [${Array.from(z).join(", ")}]; labels must be finite`);
    return v;
  };
  const phiNorm = Math.pow(2 * Math.PI, -p / 2);
  let Z = 0;
  // a root on the line along axis `axis` at t (t[axis] = s): its co-area contribution
  const addRoot = (axis: number): void => {
    const eta = 1e-6;
    let g2 = 0;
    for (let b = 0; b < p; b++) {
      const keep = t[b]!;
      t[b] = keep + eta;
      const up = h(t);
      t[b] = keep - eta;
      const down = h(t);
      t[b] = keep;
      grad[b] = (up - down) / (2 * eta);
      g2 += grad[b]! ** 2;
    }
    if (!(g2 > 0) || !Number.isFinite(g2)) return; // a jump of g, not a level crossing
    let den = 0;
    for (let b = 0; b < p; b++) den += partitionWeight(grad[b]! ** 2 / g2);
    const share = partitionWeight(grad[axis]! ** 2 / g2) / den;
    if (share === 0) return;
    let r2 = 0;
    for (let b = 0; b < p; b++) {
      tr[b] = zc[b]! + zs * t[b]!;
      r2 += tr[b]! ** 2;
    }
    // dt = zs^p du, and the gradient is in u
    let wt = (share * phiNorm * Math.exp(-0.5 * r2) * zs ** p) / Math.abs(grad[axis]!);
    if (record) record.push(tr, wt, coarseLine);
    if (bump) wt *= bump(tr);
    Z += wt;
    roots++;
    for (let a = 0; a < p; a++) {
      m1[a]! += wt * tr[a]!;
      for (let b = 0; b <= a; b++) m2[a * p + b]! += wt * tr[a]! * tr[b]!;
    }
    if (coarseLine) {
      Zc += wt;
      for (let a = 0; a < p; a++) {
        m1c[a]! += wt * tr[a]!;
        for (let b = 0; b <= a; b++) m2c[a * p + b]! += wt * tr[a]! * tr[b]!;
      }
    }
  };
  // the root of h - y on [lo, hi] along `axis` (signs fa, fb differ), Illinois; then addRoot
  const refine = (axis: number, lo: number, hi: number, fa: number, fb: number): void => {
    let a = lo, b = hi, side = 0;
    for (let k = 0; k < 60 && b - a > 1e-12 * (1 + Math.abs(a)); k++) {
      const c = (a * fb - b * fa) / (fb - fa);
      t[axis] = c;
      const fc = h(t) - label;
      if (fc === 0) { a = b = c; break; }
      if ((fc > 0) === (fb > 0)) {
        b = c; fb = fc;
        if (side === -1) fa /= 2;
        side = -1;
      } else {
        a = c; fa = fc;
        if (side === 1) fb /= 2;
        side = 1;
      }
    }
    t[axis] = 0.5 * (a + b);
    addRoot(axis);
  };
  // the extremum of h along `axis` in [lo, hi] (ternary search); its roots with the grid node mid
  const fold = (axis: number, lo: number, mid: number, hi: number, fMid: number): void => {
    const max = fMid > 0 ? false : true; // looking for the opposite sign
    let a = lo, b = hi;
    for (let k = 0; k < 40 && b - a > 1e-9; k++) {
      const c1 = a + (b - a) / 3, c2 = b - (b - a) / 3;
      t[axis] = c1;
      const f1 = h(t) - label;
      t[axis] = c2;
      const f2 = h(t) - label;
      if ((f1 < f2) === max) a = c1;
      else b = c2;
    }
    const te = 0.5 * (a + b);
    t[axis] = te;
    const fe = h(t) - label;
    if (fe === 0 || (fe > 0) === (fMid > 0)) return;
    if (te < mid) {
      refine(axis, lo, te, h1(axis, lo), fe);
      refine(axis, te, mid, fe, fMid);
    } else {
      refine(axis, mid, te, fMid, fe);
      refine(axis, te, hi, fe, h1(axis, hi));
    }
  };
  const h1 = (axis: number, s: number): number => {
    t[axis] = s;
    return h(t) - label;
  };
  const region = regionPosterior(link, h, t);
  const { kc, Nc, coords, inBall, cellCount, cellCorner, lineBases, cellStride } = gridTables(p, N, R, delta, grid, stride);
  const known = new Uint8Array(size);
  const active = new Uint8Array(cellCount);
  const crossCells = new Int32Array(4), tv = new Float64Array(p);
  const value = (i: number): number => {
    if (known[i]) return values[i]!;
    known[i] = 1;
    if (!inBall[i]) return (values[i] = NaN);
    for (let a = 0; a < p; a++) tv[a] = grid[coords[i * p + a]!]!;
    return (values[i] = h(tv) - label);
  };
  // whether a coarse cell beside the line (cross cells in crossCells) at coarse position ca along
  // `axis` is active
  const nearLevelSet = (axis: number, ca: number): boolean => {
    if (p === 2) {
      const other = 1 - axis;
      for (let u = 0; u < 2; u++) {
        const c = crossCells[u]!;
        if (c < 0) continue;
        if (active[c * cellStride[other]! + ca * cellStride[axis]!]) return true;
      }
      return false;
    }
    const o1 = axis === 0 ? 1 : 0, o2 = axis === 2 ? 1 : 2;
    for (let u = 0; u < 2; u++) for (let v = 0; v < 2; v++) {
      const c1 = crossCells[u]!, c2 = crossCells[2 + v]!;
      if (c1 < 0 || c2 < 0) continue;
      if (active[c1 * cellStride[o1]! + c2 * cellStride[o2]! + ca * cellStride[axis]!]) return true;
    }
    return false;
  };
  // one pass over the grid in the current frame: the coarse cells, then (unless y is a region
  // label) the lines; returns whether y holds a whole coarse cell
  const sweep = (regionCheck: boolean): boolean => {
    // the coarse grid (every kc-th node), its cells that the level set may cross, and whether
    // y is a label with positive mass (h = y at all corners of a coarse cell)
    known.fill(0);
    active.fill(0);
    let equal = 0;
    for (let cell = 0; cell < cellCount; cell++) {
      let lo = Infinity, hi = -Infinity, near = Infinity, zeros = 0, finite = 0;
      const corner0 = cellCorner[cell]!;
      for (let mask = 0; mask < 1 << p; mask++) {
        let j = corner0;
        for (let a = 0; a < p; a++) if ((mask >> a) & 1) j += kc * stride[a]!;
        const v = value(j);
        if (Number.isNaN(v)) continue;
        finite++;
        if (v === 0) zeros++;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        near = Math.min(near, Math.abs(v));
      }
      if (finite === 0) continue;
      if (zeros === 1 << p && regionCheck) equal++;
      // a sign change, or y within the corners' spread of them and within the cell's curvature
      // bound of them (a curve may bulge in and out)
      if (lo <= 0 && hi >= 0) active[cell] = 2;
      else if (near <= hi - lo && near <= 2 * cellBulge(corner0, value, coords, p, N, kc, stride)) active[cell] = 1;
    }
    Z = 0;
    Zc = 0;
    m1c.fill(0);
    m2c.fill(0);
    roots = 0;
    m1.fill(0);
    m2.fill(0);
    if (equal > 0) return true;
    {
      for (let axis = 0; axis < p; axis++) {
        const st = stride[axis]!;
        const bases = lineBases[axis]!;
        for (let l = 0; l < bases.length; l++) {
          const base = bases[l]!;
          coarseLine = true;
          for (let a = 0; a < p; a++) if (a !== axis && coords[base * p + a]! % 2 === 1) coarseLine = false;
          // the coarse cells beside this line: one per cross axis, two where it runs on a face
          for (let a = 0, q = 0; a < p; a++) {
            if (a === axis) continue;
            const i = coords[base * p + a]!;
            const c = Math.min(Math.floor(i / kc), Nc - 2);
            crossCells[2 * q] = c;
            crossCells[2 * q + 1] = i % kc === 0 && i > 0 && i < N - 1 ? c - 1 : -1;
            q++;
          }
          for (let a = 0; a < p; a++) t[a] = grid[coords[base * p + a]!]!;
          for (let ca = 0; ca < Nc - 1; ca++) for (let k = ca * kc; k < (ca + 1) * kc; k++) {
            if (k === ca * kc && !nearLevelSet(axis, ca)) {
              k = (ca + 1) * kc; // skip this coarse cell
              continue;
            }
            const fa = value(base + k * st), fb = value(base + (k + 1) * st);
            if (Number.isNaN(fa) || Number.isNaN(fb)) continue;
            if (fa === 0) {
              t[axis] = grid[k]!;
              addRoot(axis);
            } else if ((fa > 0) !== (fb > 0) && fb !== 0) refine(axis, grid[k]!, grid[k + 1]!, fa, fb);
            else if (k > 0 && (fa > 0) === (fb > 0)) {
              const fp = value(base + (k - 1) * st);
              if (Number.isNaN(fp)) continue;
              // a local extremum of h - y at node k that stays on one side: two roots may hide beside it
              if ((fp > 0) === (fa > 0) && (fa - fp) * (fb - fa) < 0 && Math.abs(fa) < Math.abs(fp) && Math.abs(fa) < Math.abs(fb)) fold(axis, grid[k - 1]!, grid[k]!, grid[k + 1]!, fa);
            }
          }
        }
      }
      const scale = delta ** (p - 1);
      Z *= scale;
      for (let a = 0; a < p; a++) m1[a]! *= scale;
      for (let a = 0; a < p * p; a++) m2[a]! *= scale;
      // the companion on every other line (spacing 2 delta): the difference of the normalised
      // moments estimates the error of the coarser rule, an upper bound for this one
      lastError = Zc > 0 && Z > 0 ? 0 : Infinity;
      for (let a = 0; a < p && Zc > 0 && Z > 0; a++) {
        lastError = Math.max(lastError, Math.abs(m1[a]! / Z - m1c[a]! / Zc));
        for (let b = 0; b <= a; b++) lastError = Math.max(lastError, Math.abs(m2[a * p + b]! / Z - m2c[a * p + b]! / Zc));
      }
    }
    return false;
  };
  const posterior: Posterior = (omega, V, y, mean, cov) => {
    lastError = 0;
    cholesky(V, p, L);
    w.set(omega);
    label = y;
    zc.fill(0);
    zs = 1;
    let logZ: number;
    const inRegion = link.labels === "discrete" || sweep(true);
    if (inRegion) {
      logZ = region(y, m1, m2);
      Z = logZ === -Infinity ? 0 : 1;
    } else {
      // a level set small against the grid (e.g. a circle of radius < delta): zoom the grid onto
      // the box of the coarse cells with a sign change (else those that may hold it), again
      for (let zoom = 0; zoom < 8 && roots < MIN_ROOTS; zoom++) {
        const lo = new Float64Array(p).fill(Infinity), hi = new Float64Array(p).fill(-Infinity);
        let crossing = false;
        for (let cell = 0; cell < cellCount; cell++) if (active[cell] === 2) crossing = true;
        for (let cell = 0; cell < cellCount; cell++) {
          if (active[cell] !== (crossing ? 2 : 1)) continue;
          for (let a = 0; a < p; a++) {
            const u = grid[coords[cellCorner[cell]! * p + a]!]!;
            lo[a] = Math.min(lo[a]!, u);
            hi[a] = Math.max(hi[a]!, u + kc * delta);
          }
        }
        let half = 0;
        for (let a = 0; a < p; a++) half = Math.max(half, 0.5 * (hi[a]! - lo[a]!));
        const scale = (half * Math.sqrt(p)) / R;
        if (!(half > 0) || scale >= 0.5) break;
        for (let a = 0; a < p; a++) zc[a]! += zs * 0.5 * (lo[a]! + hi[a]!);
        zs *= scale;
        sweep(false);
      }
      logZ = Math.log(Z);
    }
    if (!(Z > 0)) return finishPosterior(p, omega, V, L, 0, m1, m2, mean, cov);
    finishPosterior(p, omega, V, L, Z, m1, m2, mean, cov);
    return logZ;
  };
  /** One pass in the frame t = centre + scale u (no zoom, no region check): the scaled sums. */
  const framedSums = (omega: Float64Array, V: Float64Array, y: number, centre: Float64Array, scale: number, weight: ((x: Float64Array) => number) | null): GridSums => {
    cholesky(V, p, L);
    w.set(omega);
    label = y;
    zc.set(centre);
    zs = scale;
    bump = weight;
    const kept = record;
    record = null;
    try {
      sweep(false);
    } finally {
      bump = null;
      record = kept;
    }
    return sums();
  };
  /** The sums of the last pass; the companion's scaled by its spacing 2 delta (zs^(p - 1) is in the weights). */
  const sums = (): GridSums => {
    const c = (2 * delta) ** (p - 1);
    return { Z, m1: m1.slice(), m2: m2.slice(), Zc: Zc * c, m1c: m1c.map((v) => v * c), m2c: m2c.map((v) => v * c), zoomed: zs !== 1 };
  };
  return {
    posterior,
    error: () => lastError,
    sums,
    framedSums,
    delta,
    radius: R,
    recordRoots: (r: RootRecord | null) => void (record = r),
    /** g(omega + L t) - y at t in the frame of the last pass (for curvature estimates) */
    evaluate: (x: Float64Array) => h(x) - label,
  };
}
