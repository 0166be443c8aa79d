/**
 * One simulated point of the test error after one gradient step (standalone: `npx tsx
 * bench/oneStepSimulation.bench.ts [--d=1000 --alpha0=20 --eta=3 --ridge=0.1 --alpha=1
 * --test=4000 --rounds=2 --no-peers]`): features/oneStepRidge.ts (tanh student, sin(z) target) at
 * d = p, as the real gradient step and as the spiked surrogate (no step), the time of one theory
 * point (theory/oneStep `oneStepTestError`, Result 3.3 of Cui et al. 2024), and the same pipeline
 * in numpy on one BLAS thread (bench/peers/numpy_one_step.py: the authors' Simulations.ipynb).
 * Median of --rounds runs.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { activation, oneStepRidge, oneStepTestError, ready, targetByName } from "../src/lazy.js";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";

await ready();
const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const { d, alpha0, eta, ridge, alpha, test, rounds } = numberOptions({ d: 1000, alpha0: 20, eta: 3, ridge: 0.1, alpha: 1, test: 4000, rounds: 2 }, options);
const target = targetByName("sin(z)");

function timeIt(fn: () => number): [number, number] {
  const times: number[] = [];
  let value = NaN;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    value = fn();
    times.push((performance.now() - t) / 1000);
  }
  return [median(times), value];
}

const rows: string[][] = [];
const common = { activation: "tanh", target, d, alpha0, eta, ridge, alpha, testSamples: test } as const;
for (const model of ["gradient-step", "spiked"] as const) {
  const [s, e] = timeIt(() => oneStepRidge({ ...common, model, seed: 1 }).points[0]!.testError);
  rows.push([`spikelab oneStepRidge, ${model}`, `${fmt(s, 2)} s`, fmt(e, 4)]);
}
const [th, te] = timeIt(() => oneStepTestError({ activation: activation("tanh"), target: activation(target), alpha0, eta, ridge, alpha }).testError);
rows.push(["spikelab oneStepTestError (theory, one point)", `${fmt(th * 1000, 1)} ms`, fmt(te, 4)]);
if (options.get("no-peers") === undefined) {
  const r = spawnSync("python3", [join(here, "peers", "numpy_one_step.py"), String(d), String(alpha0), String(eta), String(ridge), String(alpha), String(test)], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }, encoding: "utf8",
  });
  if (r.status === 0) {
    const j = JSON.parse(r.stdout.trim().split("\n").pop()!) as { step: number; ridge: number; test: number; test_error: number; numpy: string; blas: string };
    rows.push([`numpy ${j.numpy} (${j.blas}, 1 thread), gradient step`, `${fmt(j.step + j.ridge + j.test, 2)} s (step ${fmt(j.step, 2)}, ridge ${fmt(j.ridge, 2)}, test ${fmt(j.test, 2)})`, fmt(j.test_error, 4)]);
  } else {
    rows.push(["numpy peer", r.error ? `python3 not found (${r.error.message})` : `failed: ${r.stderr.trim().split("\n").pop()}`, "–"]);
  }
}
console.log(`one simulated point: tanh student, sin(z) target, d = p = ${d}, alpha0 = ${alpha0} (n0 = ${Math.round(alpha0 * d)}), eta = ${eta}, ridge ${ridge}, ` +
  `alpha = ${alpha} (n = ${Math.round(alpha * d)}), ${test} test samples; median of ${rounds}`);
console.log(markdownTable(["run", "time", "test error"], rows));
