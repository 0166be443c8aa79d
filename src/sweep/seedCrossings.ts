/**
 * Thresholds of a common-noise sweep (SweepOptions.noise "common", issue #21) from each seed's own
 * crossing.
 *
 * With common random numbers the instances of one seed differ only by the swept parameter, so a
 * seed's statistic (the largest-root test's scaled top eigenvalue, an overlap) is a smooth,
 * essentially increasing curve of it, and the grid points of one seed are strongly correlated: the
 * per-value detection rates are no longer independent binomials and the probit fit of
 * compare/detection.ts (rateCrossing) would misstate its error. Instead each seed yields the value
 * theta_s where its curve crosses the level (the first grid value from which every larger value is
 * above the level, interpolated linearly with the value before it). For the largest-root test,
 * theta_s <= theta exactly when seed s detects at theta, so the seeds' crossings are draws of the
 * distribution whose CDF is the detection power, and the 50%-detection threshold is their median.
 *
 * Estimate: the sample median of the crossings. A seed whose curve is above the level at the first
 * grid value (e.g. the level-alpha false detections: about 5% of seeds under a 5% test) or never
 * crosses counts as -infinity or +infinity: the median ignores such tails, which a mean or a normal
 * fit would not. Standard error: sqrt(pi / 2) sigma / sqrt(S), the large-sample error of a normal
 * sample's median, with sigma the slope of the seeds' crossings regressed on their normal scores
 * Phi^{-1}((i - 3/8) / (S + 1/4)) (Blom 1958) over the central plotting positions [0.1, 0.9] (a
 * probit fit of the empirical distribution, robust to the same tails), or over all finite crossings
 * when fewer than three lie there. The median is bracketed when it is a finite crossing.
 */
import { InvalidArgumentError } from "../errors.js";
import { normalQuantile } from "../numerics/normal.js";
import type { ThresholdEstimate } from "../report/types.js";
import type { TaskRecord } from "./types.js";

export interface SeedCrossings extends ThresholdEstimate {
  /** Each seed's crossing, in order of seed index: -Infinity (above the level from the first value), +Infinity (never above). */
  crossings: number[];
}

/** Where each seed's `statistic` crosses `level` upward, and their median with its standard error. */
export function seedCrossings(records: readonly TaskRecord[], statistic: (r: TaskRecord) => number, level: number): SeedCrossings {
  if (!Array.isArray(records)) throw new InvalidArgumentError(`seedCrossings: records must be an array of task records, got ${records}`);
  records.forEach((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.value !== "number" || !Number.isSafeInteger(r.seedIndex)) {
      throw new InvalidArgumentError(`seedCrossings: records[${i}] is not a task record (value, seedIndex)`);
    }
  });
  if (typeof statistic !== "function") throw new InvalidArgumentError("seedCrossings: statistic must be a function of a record");
  if (typeof level !== "number" || !Number.isFinite(level)) throw new InvalidArgumentError(`seedCrossings: level must be a finite number, got ${level}`);
  const bySeed = new Map<number, TaskRecord[]>();
  for (const r of records) {
    const list = bySeed.get(r.seedIndex) ?? [];
    list.push(r);
    bySeed.set(r.seedIndex, list);
  }
  const crossings = [...bySeed.entries()].sort((a, b) => a[0] - b[0]).map(([, recs]) => seedCrossing(recs, statistic, level));
  return { ...medianWithError(crossings), crossings };
}

/** One seed's crossing: first grid value from which every value is above the level, interpolated. */
function seedCrossing(recs: TaskRecord[], statistic: (r: TaskRecord) => number, level: number): number {
  const points = recs.map((r) => ({ x: r.value, s: statistic(r) })).filter((p) => !Number.isNaN(p.s)).sort((a, b) => a.x - b.x);
  let first = points.length;
  for (let i = points.length - 1; i >= 0 && points[i]!.s > level; i--) first = i;
  if (first === points.length) return Infinity;
  if (first === 0) return -Infinity;
  const a = points[first - 1]!;
  const b = points[first]!;
  // a.s <= level < b.s
  return a.x + ((level - a.s) * (b.x - a.x)) / (b.s - a.s);
}

/** The median of the crossings (infinite ones included as such) and its standard error. */
export function medianWithError(crossings: readonly number[]): ThresholdEstimate {
  const S = crossings.length;
  if (S === 0) return { estimate: NaN, uncertainty: NaN, bracketed: false };
  const sorted = [...crossings].sort((a, b) => a - b);
  const median = S % 2 === 1 ? sorted[(S - 1) / 2]! : (sorted[S / 2 - 1]! + sorted[S / 2]!) / 2;
  if (!Number.isFinite(median)) {
    // more than half the seeds never crossed (or crossed below the grid): the grid does not bracket it
    return { estimate: median === -Infinity ? sorted.find(Number.isFinite) ?? NaN : NaN, uncertainty: NaN, bracketed: false };
  }
  return { estimate: median, uncertainty: Math.sqrt(Math.PI / 2) * spread(sorted) / Math.sqrt(S), bracketed: true };
}

/** sigma of the crossings: their regression slope on the normal scores (Blom), central positions first. */
function spread(sorted: readonly number[]): number {
  const S = sorted.length;
  const scores = sorted.map((_, i) => normalQuantile((i + 1 - 0.375) / (S + 0.25)));
  const pick = (lo: number, hi: number) => sorted.map((x, i) => ({ x, q: scores[i]!, p: (i + 1 - 0.375) / (S + 0.25) }))
    .filter((e) => Number.isFinite(e.x) && e.p >= lo && e.p <= hi);
  let used = pick(0.1, 0.9);
  if (used.length < 3) used = pick(0, 1);
  if (used.length < 2) return NaN;
  const mq = used.reduce((s, e) => s + e.q, 0) / used.length;
  const mx = used.reduce((s, e) => s + e.x, 0) / used.length;
  let sqq = 0;
  let sqx = 0;
  for (const e of used) {
    sqq += (e.q - mq) ** 2;
    sqx += (e.q - mq) * (e.x - mx);
  }
  return sqq > 0 ? sqx / sqq : NaN;
}
