/**
 * The label partition of the preimage engine (./preimageEngine.ts): atoms (values of g met
 * repeatedly on a probe sample, or all values of a discrete link), and for continuous labels bin
 * edges, half at quantiles of the probe and half uniform in asinh((y - median) / IQR) over a
 * widened range, plus the labels at the origin; and the two nested coarse partitions (every 2nd
 * and every 4th edge) that the bin error estimate compares against.
 */
import { InvalidArgumentError } from "../errors.js";
import type { IndexLink } from "./linkTypes.js";

export const MAX_ATOMS = 4096;

/**
 * The label partition: atoms (exact values) and bins between sorted edges (two unbounded end bins);
 * `coarse[s][k]` is the bin of the partition with every 2^s-th edge that holds fine bin k (the end
 * edges and the origin labels are kept at every level, so the companions are nested and share them).
 */
export interface Partition {
  readonly edges: Float64Array;
  readonly atoms: Map<number, number>;
  readonly discrete: boolean;
  readonly coarse: [Int32Array, Int32Array, Int32Array];
  readonly coarseCount: [number, number, number];
}

/**
 * The labels at the origin: g(+-eps u) for eps = 1e-60 along `directions` (count x p), the values
 * met in at least a quarter of them. Every line passes the origin, so a label there is where the
 * labels of all lines start (stationary, like 0 for z1 z2 z3, or jumping, like +-1 for
 * z1^2 + sign(z1 z2 z3)): the label density and E[. | y] are singular or jump at it, and a bin
 * straddling it converges slowly (a jump of E[. | y] at a 1/sqrt-singular density: order 1/2 in
 * the bin width); as a bin edge it costs nothing.
 */
export function originLabels(link: IndexLink, directions: Float64Array, count: number): number[] {
  const p = link.p;
  const z = new Float64Array(p);
  const seen = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    let norm = 0;
    for (let a = 0; a < p; a++) norm += directions[i * p + a]! ** 2;
    for (const eps of [1e-60, -1e-60]) {
      for (let a = 0; a < p; a++) z[a] = (eps * directions[i * p + a]!) / Math.sqrt(norm);
      const v = link.g(z);
      if (Number.isFinite(v)) seen.set(v === 0 ? 0 : v, (seen.get(v === 0 ? 0 : v) ?? 0) + 1);
    }
  }
  return Array.from(seen).filter(([, c]) => 4 * c >= 2 * count).map(([v]) => v);
}

function nestedCoarse(edges: Float64Array, keep: Set<number>): { coarse: Partition["coarse"]; coarseCount: Partition["coarseCount"] } {
  const levels: Float64Array[] = [edges];
  for (let s = 1; s <= 2; s++) {
    const prev = levels[s - 1]!;
    levels.push(Float64Array.from(prev.filter((e, k) => k % 2 === 0 || k === prev.length - 1 || keep.has(e))));
  }
  const maps = levels.map((lv) => {
    const map = new Int32Array(edges.length + 1);
    for (let k = 1; k <= edges.length; k++) map[k] = binOf(lv, edges[k - 1]!);
    return map;
  });
  return { coarse: [maps[0]!, maps[1]!, maps[2]!], coarseCount: [levels[0]!.length + 1, levels[1]!.length + 1, levels[2]!.length + 1] };
}

export function buildPartition(link: IndexLink, probe: Float64Array, bins: number, origin: number[]): Partition {
  const counts = new Map<number, number>();
  for (const v of probe) counts.set(v, (counts.get(v) ?? 0) + 1);
  const atoms = new Map<number, number>();
  let atomMass = 0;
  for (const [v, c] of counts) {
    if (c >= 3 || link.labels === "discrete") {
      atoms.set(v, atoms.size);
      atomMass += c;
    }
  }
  if (atoms.size > MAX_ATOMS) throw new InvalidArgumentError(`the link '${link.name}' produced more than ${MAX_ATOMS} repeated label values; declare labels: 'continuous'`);
  const discrete = link.labels === "discrete" || atomMass === probe.length;
  if (discrete) return { edges: new Float64Array(0), atoms, discrete, ...nestedCoarse(new Float64Array(0), new Set()) };
  const cont = Float64Array.from(probe.filter((v) => !atoms.has(v))).sort();
  const half = Math.max(2, Math.floor(bins / 2));
  const edges: number[] = [];
  for (let k = 1; k < half; k++) edges.push(cont[Math.floor((k * cont.length) / half)]!);
  // asinh-uniform edges over a widened range (tails), with the scale of the middle half
  const lo = cont[0]!, hi = cont[cont.length - 1]!;
  const scale = Math.max(cont[Math.floor(0.75 * cont.length)]! - cont[Math.floor(0.25 * cont.length)]!, 1e-12 * Math.max(Math.abs(lo), Math.abs(hi), 1e-300));
  const mid = cont[Math.floor(cont.length / 2)]!;
  const s0 = Math.asinh((lo - mid) / scale) - 2, s1 = Math.asinh((hi - mid) / scale) + 2;
  for (let k = 0; k <= half; k++) edges.push(mid + scale * Math.sinh(s0 + ((s1 - s0) * k) / half));
  const keep = new Set(origin.filter((v) => !atoms.has(v) && v > edges[0]! && v < edges[edges.length - 1]!));
  edges.push(...keep);
  edges.sort((a, b) => a - b);
  const unique = Float64Array.from(edges.filter((v, i) => i === 0 || v > edges[i - 1]!));
  return { edges: unique, atoms, discrete, ...nestedCoarse(unique, keep) };
}

/** Index of the bin holding y: 0 below edges[0], k for edges[k-1] <= y < edges[k]. */
export function binOf(edges: Float64Array, y: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
