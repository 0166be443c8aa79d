/**
 * Tracy-Widom benchmark (standalone: `npx tsx bench/tracyWidom.bench.ts`): CDF evaluations per
 * second from the one-time Chebyshev table and by Bornemann's method directly (an m = 40
 * Gauss-Legendre Fredholm determinant per point, src/theory/tracyWidom/), the one-time table
 * build per law (timed once, in this fresh process), quantiles, the largest-root test's p-value and
 * power, and the critical-window law (src/theory/criticalWindow.ts: its one-time Crank-Nicolson table,
 * then bilinear reads). Pure TypeScript, no WASM. Medians over benchmark.js samples (bench/common.ts).
 */
import { performance } from "node:perf_hooks";
import { fmt, markdownTable, measure, median } from "./common.js";
import { criticalWindowCdf, detectionPower, fredholmValue, largestRootPValue, tracyWidom, wignerEdgeLaw, type TracyWidomLaw } from "../src/theory/index.js";

const laws: [string, TracyWidomLaw][] = [
  ["TW1", tracyWidom(1)],
  ["TW2", tracyWidom(2)],
  ["TW4 (edelman)", tracyWidom(4)],
  ["TW4 (tracy-widom)", tracyWidom(4, { beta4Convention: "tracy-widom" })],
];
const rows: string[][] = [];
const opts = { maxTime: 1, minSamples: 10 };
const grid = Float64Array.from({ length: 1000 }, (_, i) => -8 + (14 * i) / 999);

for (const [name, law] of laws) {
  const t0 = performance.now();
  law.cdf(0); // builds the table
  const build = performance.now() - t0;
  const table = measure(`${name} table cdf x1000`, () => {
    let acc = 0;
    for (let i = 0; i < grid.length; i++) acc += law.cdf(grid[i]!);
    if (!(acc > 0)) throw new Error("unreachable");
  }, opts);
  const direct = measure(`${name} direct cdf`, () => law.direct(-1.3), { ...opts, minSamples: 5 });
  const quantile = measure(`${name} quantile`, () => law.quantile(0.95), opts);
  const perTable = median(table.samples) / grid.length;
  rows.push([
    name, fmt(build, 0), fmt(1 / perTable / 1e6, 2), fmt(1 / median(direct.samples), 0),
    fmt(median(direct.samples) * 1e3, 2), fmt(median(quantile.samples) * 1e6, 1),
  ]);
}
console.log(markdownTable(["law", "table build (ms, once)", "table cdf (M evals/s)", "direct cdf (evals/s)", "direct cdf (ms)", "quantile (us)"], rows));

const kinds = ["F1", "F2", "F4"] as const;
const directRows = kinds.map((kind) => {
  const t = measure(`fredholmValue ${kind}`, () => fredholmValue(kind, -2), { ...opts, minSamples: 5 });
  return [kind, fmt(median(t.samples) * 1e3, 2)];
});
console.log(markdownTable(["determinant at s = -2 (m = 40, cdf + density + survival)", "ms per point"], directRows));

// the critical-window law: its table is built on the first call (TW1's is already built above)
const tWindow = performance.now();
criticalWindowCdf(0, 0);
const windowBuild = performance.now() - tWindow;

const edge = wignerEdgeLaw(1000);
const p = measure("largestRootPValue", () => largestRootPValue(2.05, edge), opts);
const power = measure("detectionPower", () => detectionPower("spiked-covariance", 1.1, { n: 800, d: 400 }), opts);
console.log(`largestRootPValue: ${fmt(median(p.samples) * 1e6, 2)} us; detectionPower: ${fmt(median(power.samples) * 1e6, 1)} us`);

const windowGrid = Float64Array.from({ length: 1000 }, (_, i) => -4 + (8 * i) / 999);
const windowEvals = measure("criticalWindowCdf x1000", () => {
  let acc = 0;
  for (let i = 0; i < windowGrid.length; i++) acc += criticalWindowCdf(0.98, windowGrid[i]!);
  if (!(acc > 0)) throw new Error("unreachable");
}, opts);
const belowPower = measure("detectionPower below the threshold", () => detectionPower("spiked-wigner", 0.95, { n: 800 }), opts);
console.log(`criticalWindowCdf: table build ${fmt(windowBuild, 0)} ms (once), ${fmt(windowGrid.length / median(windowEvals.samples) / 1e6, 2)} M evals/s; ` +
  `detectionPower inside the window (theta = 0.95, n = 800): ${fmt(median(belowPower.samples) * 1e6, 1)} us`);
