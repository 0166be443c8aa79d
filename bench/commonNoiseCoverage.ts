/**
 * Calibration of the common-noise threshold (issue #21): replicate sweeps of spiked Wigner at size n
 * with `--seeds` seeds under common noise (the default), each summarized by the median of its seeds'
 * crossings (src/sweep/seedCrossings.ts), against the exact 50%-detection threshold at that n from
 * test/sweep/finiteSizeMedians.json (40,000 draws of the Dumitriu-Edelman tridiagonal model). Prints
 * the fraction of replicates whose estimate is within 2 standard errors of the truth, the bias, the
 * spread of the estimates and the median reported standard error.
 *
 * Usage: npx tsx bench/commonNoiseCoverage.ts [--seeds=24] [--reps=100] [--n=200]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { numberOptions, parseOptions } from "./common.js";
import { sweep } from "../src/sweep/sweep.js";
import { summarizeTransition } from "../src/sweep/transition.js";

const o = numberOptions({ seeds: 24, reps: 100, n: 200 }, parseOptions());
const medians = JSON.parse(readFileSync(join(import.meta.dirname, "../test/sweep/finiteSizeMedians.json"), "utf8"));
const truth = medians["spiked-wigner"][String(o.n)]?.median as number | undefined;
if (truth === undefined) throw new Error(`no exact threshold for n = ${o.n} in finiteSizeMedians.json`);
const values = Array.from({ length: 21 }, (_, i) => Number((0.7 + 0.05 * i).toFixed(2)));
let covered = 0;
let unbracketed = 0;
const estimates: number[] = [];
const errors: number[] = [];
for (let r = 0; r < o.reps; r++) {
  const records = await sweep({ model: "spiked-wigner", values, fixed: { n: o.n }, seeds: o.seeds, seed: 1000 + r, workers: 1 });
  const t = summarizeTransition(records).eigenvalueThreshold;
  if (!t.bracketed || !Number.isFinite(t.uncertainty)) {
    unbracketed++;
    continue;
  }
  estimates.push(t.estimate);
  errors.push(t.uncertainty);
  if (Math.abs(t.estimate - truth) < 2 * t.uncertainty) covered++;
}
const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1));
console.log(JSON.stringify({
  seeds: o.seeds, n: o.n, replicates: o.reps, coveredWithin2SE: covered / estimates.length, unbracketed, truth,
  bias: mean - truth, sdOfEstimates: sd, medianReportedSE: [...errors].sort((a, b) => a - b)[errors.length >> 1],
}));
