/**
 * Exact conditional laws of a deterministic link y = g(z), z ~ N(0, I_p), p <= 4, given only g:
 * the "preimage" engine of the Denoiser.
 *
 * Discrete labels (g takes finitely many values; detected on a probe sample when not declared):
 * for each value v the Gaussian mass, first and second moments of the preimage region {g = v} are
 * integrated along the lines of ./lineRules.ts. Along a line, g is evaluated on a grid of spacing h;
 * a jump between two grid points is located by bisection to 1e-13, and the radial moments between
 * the jumps are closed forms. The only approximation is the line rule on the sphere.
 *
 * Continuous labels: the same region integrals for the nested partitions of the label axis into
 * bins B_j (half the edges at quantiles of a probe sample, half uniform in asinh(y / s)), giving
 * the exact law of the quantised label and E[z z^T | y in B_j], E[z | y in B_j]. Along a grid cell
 * g is linear in t to the cell's tolerance (a midpoint test; cells failing it are bisected, which
 * also isolates jumps of a discontinuous g), so the bin crossings are explicit. As the partitions
 * refine, E[. | y in B(y)] -> E[. | y] in L^2 (martingale convergence, Doob; the partitions are
 * nested and generate sigma(y)), so the population averages of the quantised law converge to the
 * exact ones, and by Jensen's inequality on the convex quadratic forms (e.g. <M, F(M)> for
 * symmetric M) they increase with refinement. Values of g that occur repeatedly on the probe
 * (atoms, e.g. y = 0 of relu) are kept as their own labels. The labels at the origin (the limits
 * of g along lines through 0, shared by all lines: 0 for z1 z2 z3, +-1 for z1^2 + sign(z1 z2 z3))
 * are bin edges at every level: the label density or E[. | y] is singular there, and a bin
 * straddling such a value converges like sqrt(width) instead of width^~2.
 *
 * Each law carries four nested coarse companions: every 2nd and 4th bin edge (all lines), and every
 * 3rd and 9th node along each angle of the line rule (./lineRules.ts, all bins); population
 * constants from them estimate the two errors apart, each with its observed order of convergence
 * (../population.ts), so that errors of opposite signs cannot hide each other. Both laws are whitened by one linear map so that E_y E[z z^T | y] = I holds
 * to rounding (as the Monte Carlo engine does), which makes exact zeros of G (hard directions)
 * survive the line rule's error in the radial mass.
 *
 * Moments at arbitrary labels (data): exact per value for discrete labels; for continuous labels
 * linear interpolation in y between the bins' centroids E[y | y in B_j].
 *
 * Cost: (lines) x (2 T / h) evaluations of g plus the bisections and a midpoint evaluation where
 * the grid's second differences do not already show g linear to the tolerance; about 2 million
 * evaluations for the defaults at p = 2 and 4 million at p = 3 (populationConstants of z1 z2 z3:
 * 1.4 s on a loaded machine). The moments are summed per line and label cell first and spread over
 * the p x p blocks once per line.
 */
import { InvalidArgumentError } from "../errors.js";
import { jacobiEigh } from "../numerics/jacobi.js";
import { Rng } from "../random/rng.js";
import type { DenoiserLaw, DenoiserOptions, Engine, PosteriorMoments } from "./denoiserTypes.js";
import type { IndexLink } from "./linkTypes.js";
import { lineExtent, lineRule, radialAntiderivatives } from "./lineRules.js";
import { binOf, buildPartition, MAX_ATOMS, originLabels } from "./preimagePartition.js";

const PROBE = 1 << 14;

/** Accumulators of mass, y-moment, first and second moments per label cell (bin or atom). */
class Cells {
  mass: Float64Array;
  ysum: Float64Array;
  first: Float64Array;
  second: Float64Array;
  constructor(readonly p: number, capacity: number) {
    this.mass = new Float64Array(capacity);
    this.ysum = new Float64Array(capacity);
    this.first = new Float64Array(capacity * p);
    this.second = new Float64Array(capacity * p * p);
  }
}

export interface PreimageLaws {
  readonly fine: DenoiserLaw;
  /** The laws with 1/2 and 1/4 of the label bins (all lines). */
  readonly coarseBins: [DenoiserLaw, DenoiserLaw];
  /** The laws with 1/3 and 1/9 of the nodes along each angle of the line rule (all bins). */
  readonly coarseLines: [DenoiserLaw, DenoiserLaw];
  readonly discrete: boolean;
}

/** Integrates the label cells of `link` (see the file comment). */
export function preimageLaws(link: IndexLink, options: DenoiserOptions & { bins?: number; resolution?: number } = {}): PreimageLaws {
  const p = link.p;
  if (p > 4) throw new InvalidArgumentError(`preimage integration is implemented for p <= 4, got p = ${p}`);
  if (link.sample || link.noiseVariance > 0) throw new InvalidArgumentError(`preimage integration needs a deterministic link y = g(z); '${link.name}' is noisy`);
  const bins = options.bins ?? (p <= 2 ? 1024 : 256);
  if (!Number.isInteger(bins) || bins < 16 || bins > 1 << 16) throw new InvalidArgumentError(`preimage bins must be an integer in [16, 65536], got ${bins}`);
  const raw = new Rng(options.seed ?? 0).normal(PROBE * p);
  const probe = new Float64Array(PROBE);
  const z = new Float64Array(p);
  for (let i = 0; i < PROBE; i++) {
    for (let a = 0; a < p; a++) z[a] = raw[i * p + a]!;
    const v = link.g(z);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`the link '${link.name}' returned ${v} at z = [${Array.from(z).join(", ")}]; labels must be finite`);
    probe[i] = v === 0 ? 0 : v; // -0 and 0 are one label
  }
  const part = buildPartition(link, probe, bins, originLabels(link, raw, 64));
  const { edges, atoms } = part;
  const nb = edges.length + 1;
  const rule = lineRule(p, options.resolution ?? 1);
  const h = options.spacing ?? (p === 1 ? 0.002 : p === 2 ? 0.02 : p === 3 ? 0.04 : 0.06);
  if (!(h > 0 && h < 1)) throw new InvalidArgumentError(`preimage spacing must be in (0, 1), got ${h}`);
  const T = lineExtent(p);
  // nodes at +-(i + 1/2) h: symmetric under t -> -t (so that E[z | y] = 0 stays exact for even
  // links) and t = 0, where links such as z1 / z2 are undefined, is no node
  const nt = 2 * Math.ceil(T / h);
  const ts = new Float64Array(nt);
  const At = new Float64Array(3 * nt);
  for (let i = 0; i < nt; i++) {
    ts[i] = (i - (nt - 1) / 2) * h;
    radialAntiderivatives(p, ts[i]!, At.subarray(3 * i, 3 * i + 3));
  }
  // fine and coarse cells; a cell index is a bin (0..nb-1) or nb + atom
  const capacity = nb + MAX_ATOMS;
  // the full rule and four companions: bins merged 2 and 4 at a time (all lines), and every 3rd and
  // every 9th node per angle (all bins): [bin shift, line level] per accumulator
  const variants: [number, number][] = [[0, 0], [1, 0], [2, 0], [0, 1], [0, 2]];
  const levels = variants.map(() => new Cells(p, capacity));
  // linear-interpolation tolerance: 1% of the median bin width
  const widths = Array.from({ length: Math.max(0, edges.length - 1) }, (_, k) => edges[k + 1]! - edges[k]!).sort((a, b) => a - b);
  const absTol = part.discrete || widths.length === 0 ? 0 : 0.01 * widths[widths.length >> 1]!;
  const u = new Float64Array(p);
  let W = 0, lineLevel = 0;
  const gAt = (t: number): number => {
    if (t === 0) t = 1e-300; // the origin only as a limit along the line
    for (let a = 0; a < p; a++) z[a] = t * u[a]!;
    const v = link.g(z);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`the link '${link.name}' returned ${v} at z = [${Array.from(z).join(", ")}]; labels must be finite`);
    return v === 0 ? 0 : v;
  };
  const add = (cells: Cells, j: number, w: number, J0: number, J1: number, J2: number, ymom: number): void => {
    cells.mass[j]! += w * J0;
    cells.ysum[j]! += w * ymom;
    for (let a = 0; a < p; a++) {
      cells.first[j * p + a]! += w * J1 * u[a]!;
      const c = w * J2 * u[a]!;
      for (let b = 0; b < p; b++) cells.second[j * p * p + a * p + b]! += c * u[b]!;
    }
  };
  const deposit = (cell: number, A0: Float64Array, A1: Float64Array, yA: number, yB: number, ta: number, tb: number): void => {
    const J0 = A1[0]! - A0[0]!, J1 = A1[1]! - A0[1]!, J2 = A1[2]! - A0[2]!;
    if (J0 === 0 && J1 === 0 && J2 === 0) return;
    // y linear in t on [ta, tb]: int y w = yA J0 + slope (J1 - ta J0)
    const ymom = tb > ta ? yA * J0 + ((yB - yA) / (tb - ta)) * (J1 - ta * J0) : yA * J0;
    // the line's own sums per label cell; `flush` spreads them over the moments once per line
    if (lineSums[4 * cell] === 0 && lineSums[4 * cell + 1] === 0 && lineSums[4 * cell + 2] === 0 && lineSums[4 * cell + 3] === 0) touched.push(cell);
    lineSums[4 * cell]! += J0;
    lineSums[4 * cell + 1]! += J1;
    lineSums[4 * cell + 2]! += J2;
    lineSums[4 * cell + 3]! += ymom;
  };
  const lineSums = new Float64Array(4 * capacity);
  const touched: number[] = [];
  const flush = (): void => {
    for (const c of touched) {
      const J0 = lineSums[4 * c]!, J1 = lineSums[4 * c + 1]!, J2 = lineSums[4 * c + 2]!, ymom = lineSums[4 * c + 3]!;
      lineSums.fill(0, 4 * c, 4 * c + 4);
      for (let v = 0; v < variants.length; v++) {
        const [shift, level] = variants[v]!;
        if (level > lineLevel) continue;
        add(levels[v]!, c < nb ? part.coarse[shift]![c]! : c, W * 3 ** (level * (p - 1)), J0, J1, J2, ymom);
      }
    }
    touched.length = 0;
  };
  const cellOf = (v: number): number => {
    const atom = atoms.get(v);
    if (atom !== undefined) return nb + atom;
    if (part.discrete) {
      if (atoms.size >= MAX_ATOMS) throw new InvalidArgumentError(`the link '${link.name}' produced more than ${MAX_ATOMS} label values; declare labels: 'continuous'`);
      atoms.set(v, atoms.size);
      return nb + atoms.size - 1;
    }
    return binOf(edges, v);
  };
  const Am = new Float64Array(3), Ac = new Float64Array(3), Ad = new Float64Array(3);
  const mids = Array.from({ length: 48 }, () => new Float64Array(3));
  // a cell [ta, tb] with labels ga, gb and antiderivatives A0, A1
  const cell = (ta: number, tb: number, ga: number, gb: number, A0: Float64Array, A1: Float64Array, depth: number, linear = false): void => {
    if (ga === gb) {
      deposit(cellOf(ga), A0, A1, ga, gb, ta, tb);
      return;
    }
    if (!linear && depth < 44 && tb - ta > 1e-13) {
      const tm = 0.5 * (ta + tb);
      const gm = gAt(tm);
      const dev = Math.abs(gm - 0.5 * (ga + gb));
      if (part.discrete || dev > 0.25 * Math.abs(gb - ga) || (dev > absTol && depth < 12)) {
        const Amid = mids[depth]!;
        radialAntiderivatives(p, tm, Amid);
        cell(ta, tm, ga, gm, A0, Amid, depth + 1);
        cell(tm, tb, gm, gb, Amid, A1, depth + 1);
        return;
      }
    }
    if (part.discrete) {
      // an unresolved jump of width < 1e-13: its mass is below rounding; give it to ga
      deposit(cellOf(ga), A0, A1, ga, ga, ta, tb);
      return;
    }
    // linear in t: split at the bin edges between ga and gb
    const up = gb > ga;
    let k = up ? binOf(edges, ga) : binOf(edges, ga) - 1; // next edge index to cross
    let tPrev = ta, yPrev = ga;
    Ac.set(A0);
    for (;;) {
      const e = edges[k];
      const crosses = e !== undefined && (up ? e <= gb && e > ga : e > gb && e <= ga);
      if (!crosses) break;
      const tc = ta + ((e - ga) / (gb - ga)) * (tb - ta);
      radialAntiderivatives(p, tc, Am);
      // bin k holds [edges[k-1], edges[k]): below edge k going up, above it (bin k + 1) going down
      deposit(up ? k : k + 1, Ac, Am, yPrev, e, tPrev, tc);
      Ac.set(Am);
      tPrev = tc;
      yPrev = e;
      k += up ? 1 : -1;
    }
    Ad.set(A1);
    deposit(up ? k : k + 1, Ac, Ad, yPrev, gb, tPrev, tb);
  };
  const gs = new Float64Array(nt);
  const gridA0 = new Float64Array(3), gridA1 = new Float64Array(3);
  const count = rule.weights.length;
  for (let j = 0; j < count; j++) {
    for (let a = 0; a < p; a++) u[a] = rule.directions[j * p + a]!;
    W = rule.weights[j]!;
    lineLevel = rule.level[j]!;
    for (let i = 0; i < nt; i++) gs[i] = gAt(ts[i]!);
    for (let i = 0; i + 1 < nt; i++) {
      // a cell whose neighbours' second differences say g is linear to the tolerance (the
      // midpoint of a quadratic deviates from the chord by 1/8 of the second difference) needs
      // no midpoint test; a jump or a kink inflates them and gets the test
      let linear = false;
      if (!part.discrete && i > 0 && i + 2 < nt) {
        const s0 = Math.abs(gs[i - 1]! - 2 * gs[i]! + gs[i + 1]!), s1 = Math.abs(gs[i]! - 2 * gs[i + 1]! + gs[i + 2]!);
        linear = Math.max(s0, s1) <= 8 * absTol && Math.max(s0, s1) <= 2 * Math.abs(gs[i + 1]! - gs[i]!);
      }
      for (let k = 0; k < 3; k++) { gridA0[k] = At[3 * i + k]!; gridA1[k] = At[3 * i + 3 + k]!; }
      cell(ts[i]!, ts[i + 1]!, gs[i]!, gs[i + 1]!, gridA0, gridA1, 0, linear);
    }
    flush();
  }
  const atomValues = Array.from(atoms.keys());
  const toLaw = (v: number): DenoiserLaw => lawFrom(levels[v]!, p, part.coarseCount[variants[v]![0]]!, nb, atomValues);
  return { fine: toLaw(0), coarseBins: [toLaw(1), toLaw(2)], coarseLines: [toLaw(3), toLaw(4)], discrete: part.discrete };
}

/** The normalised, whitened law of the label cells, sorted by y (drops cells without mass). */
function lawFrom(cells: Cells, p: number, binCount: number, nb: number, atomValues: number[]): DenoiserLaw {
  const idx: number[] = [];
  let total = 0;
  const S = new Float64Array(p * p);
  for (let j = 0; j < nb + atomValues.length; j++) {
    if (j >= binCount && j < nb) continue;
    if (!(cells.mass[j]! > 0)) continue;
    idx.push(j);
    total += cells.mass[j]!;
    for (let a = 0; a < p * p; a++) S[a]! += cells.second[j * p * p + a]!;
  }
  for (let a = 0; a < p * p; a++) S[a]! /= total;
  // whitening map Wh = S^{-1/2}
  const { values, vectors: { data: V } } = jacobiEigh(S, p);
  const Wh = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0;
    for (let l = 0; l < p; l++) s += (V[a * p + l]! * V[b * p + l]!) / Math.sqrt(values[l]!);
    Wh[a * p + b] = s;
  }
  const yOf = (j: number) => (j >= nb ? atomValues[j - nb]! : cells.ysum[j]! / cells.mass[j]!);
  idx.sort((a, b) => yOf(a) - yOf(b));
  const m = idx.length;
  const y = new Float64Array(m), weights = new Float64Array(m), first = new Float64Array(m * p), second = new Float64Array(m * p * p);
  const f = new Float64Array(p), s2 = new Float64Array(p * p), t = new Float64Array(p * p);
  idx.forEach((j, k) => {
    const mass = cells.mass[j]!;
    y[k] = yOf(j);
    weights[k] = mass / total;
    for (let a = 0; a < p; a++) f[a] = cells.first[j * p + a]! / mass;
    for (let a = 0; a < p * p; a++) s2[a] = cells.second[j * p * p + a]! / mass;
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += Wh[a * p + b]! * f[b]!;
      first[k * p + a] = s;
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += Wh[a * p + c]! * s2[c * p + b]!;
      t[a * p + b] = s;
    }
    for (let a = 0; a < p; a++) for (let b = a; b < p; b++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += t[a * p + c]! * Wh[c * p + b]!;
      second[k * p * p + a * p + b] = s;
      second[k * p * p + b * p + a] = s;
    }
  });
  return { y, weights, first, second };
}

/** The Denoiser engine over preimageLaws (see the file comment). */
export function preimageEngine(link: IndexLink, options: DenoiserOptions): Engine {
  let laws: PreimageLaws | null = null;
  const get = () => (laws ??= preimageLaws(link, options));
  const p = link.p;
  const moments = (ys: Float64Array): PosteriorMoments => {
    const { fine: law, discrete } = get();
    const n = ys.length, m = law.y.length;
    const second = new Float64Array(n * p * p), first = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const v = ys[i]!;
      let lo = 0, hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (law.y[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      let j0 = lo, j1 = lo, f = 0;
      if (lo < m && law.y[lo] === v) { /* exact */ } else if (discrete) {
        throw new InvalidArgumentError(`label ${i} = ${v} is not a value of the discrete link '${link.name}' (values: ${Array.from(law.y.slice(0, 8)).join(", ")}${m > 8 ? ", ..." : ""})`);
      } else if (lo === 0) j0 = j1 = 0;
      else if (lo === m) j0 = j1 = m - 1;
      else {
        j0 = lo - 1;
        f = (v - law.y[j0]!) / (law.y[j1]! - law.y[j0]!);
      }
      for (let a = 0; a < p; a++) first[i * p + a] = (1 - f) * law.first[j0 * p + a]! + f * law.first[j1 * p + a]!;
      for (let a = 0; a < p * p; a++) second[i * p * p + a] = (1 - f) * law.second[j0 * p * p + a]! + f * law.second[j1 * p * p + a]!;
    }
    return { second, first };
  };
  return { method: "preimage", moments, law: () => get().fine, coarseLaws: () => [...get().coarseBins, ...get().coarseLines] as [DenoiserLaw, DenoiserLaw, DenoiserLaw, DenoiserLaw] };
}
