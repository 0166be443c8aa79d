/**
 * Theory benchmark (standalone: `npx tsx bench/theory.bench.ts`): the Silverstein density of a
 * 3-atom population on a 2000-point grid (Newton on the companion inverse map with continuation
 * along the grid), plus a few single-point costs for context. Pure TypeScript, no WASM. Prints
 * medians over repeated runs (the machine is shared: compare medians, not single runs).
 */
import { performance } from "node:perf_hooks";
import { silversteinDensity, silversteinLaw, silversteinStieltjes, silversteinSupport } from "../src/theory/index.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

function time(label: string, runs: number, f: () => unknown, perItem?: { count: number; unit: string }): number {
  for (let i = 0; i < 3; i++) f(); // warm-up (JIT)
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  const med = median(ms);
  const extra = perItem ? `, ${((1e3 * med) / perItem.count).toFixed(2)} us per ${perItem.unit}` : "";
  console.log(`${label}: median ${med.toFixed(3)} ms (min ${Math.min(...ms).toFixed(3)}, ${runs} runs${extra})`);
  return med;
}

const population = { eigenvalues: [0.5, 2, 6], weights: [0.3, 0.5, 0.2] };
const gamma = 0.3;
const options = { gamma, population };
const support = silversteinSupport(options);
console.log(`population H = 0.3 d(0.5) + 0.5 d(2) + 0.2 d(6), gamma = ${gamma}`);
console.log(`support: ${support.intervals.map(([a, b]) => `[${a.toFixed(4)}, ${b.toFixed(4)}]`).join(" u ")}`);

const N = 2000;
const lo = support.lowerEdge - 0.1;
const hi = support.upperEdge + 0.1;
const grid = Float64Array.from({ length: N }, (_, i) => lo + ((hi - lo) * i) / (N - 1));
const inside = grid.filter((x) => support.intervals.some(([a, b]) => x > a && x < b)).length;
console.log(`grid: ${N} points on [${lo.toFixed(3)}, ${hi.toFixed(3)}], ${inside} inside the support`);

time(`silversteinDensity, ${N}-point grid (support + ${inside} Newton solves)`, 31, () => silversteinDensity(grid, options), { count: N, unit: "point" });
time("silversteinStieltjes at one z = 2 + 0.01i (cold start: continuation in Im z)", 201, () => silversteinStieltjes({ re: 2, im: 0.01 }, options));
time("silversteinStieltjes at one z = 2 + 0.01i, damped fixed point", 21, () => silversteinStieltjes({ re: 2, im: 0.01 }, { ...options, method: "fixed-point" }));
time("silversteinLaw + first cdf call (adaptive cdf table, ~800 solves per interval)", 11, () => silversteinLaw(options).cdf(2));
