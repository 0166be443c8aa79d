/**
 * Sampling throughput (standalone: `npx tsx bench/random.bench.ts`): Gaussian variates per second
 * from spikelab's Rng (xoshiro256** + Marsaglia polar, in WASM, copied out to a Float64Array)
 * against a plain-JS Box-Muller loop over Math.random, in the same process, alternating; and
 * the cost of drawing a whole spiked-covariance data matrix. Medians of benchmark.js samples.
 */
import { ready, Rng, spikedCovariance } from "../src/lazy.js";
import { markdownTable, measure, median, fmt } from "./common.js";

await ready();
const count = 1_000_000;

function boxMuller(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const t = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

const rng = new Rng(1);
const opts = { maxTime: 2, minSamples: 10 };
const rows: string[][] = [];
const wasm: number[] = [];
const js: number[] = [];
for (let round = 0; round < 3; round++) {
  wasm.push(median(measure("Rng.normal", () => rng.normal(count), opts).samples));
  js.push(median(measure("Box-Muller", () => boxMuller(count), opts).samples));
}
const wasmRate = count / median(wasm);
const jsRate = count / median(js);
rows.push(["spikelab Rng.normal (WASM, polar)", fmt(wasmRate / 1e6, 1), fmt(wasmRate / jsRate, 2)]);
rows.push(["plain JS Box-Muller (Math.random)", fmt(jsRate / 1e6, 1), "1.00"]);
console.log(`\nGaussian variates, ${count} per call, median of 3 alternating rounds\n`);
console.log(markdownTable(["generator", "million variates / s", "ratio to JS"], rows));

const t = measure("spikedCovariance n=4000 d=2000", () => spikedCovariance({ n: 4000, d: 2000, spikes: [2], seed: 3, covariance: false }), { maxTime: 3, minSamples: 3, slowCall: 1, directRuns: 3 });
console.log(`\nspikedCovariance data matrix n = 4000, d = 2000 (8e6 normals + rank-1 mixing): median ${fmt(median(t.samples) * 1e3, 0)} ms (${t.method})`);
