/**
 * One-step theory benchmark (standalone: `npx tsx bench/oneStepTheory.bench.ts [--runs=9]`): the time
 * of one point of the theory curve of the test error after one gradient step (src/theory/oneStep/):
 * the replica route (oneStepTestError: tabulation of the kappa-functions, 200 nodes x 2 Gaussian
 * averages, then the damped fixed point), the deterministic-equivalent route
 * (oneStepTestErrorEquivalent), the random-features baseline, and a 15-point curve
 * (alpha = 0.2:3:0.2). Cases: the notebook's tanh student / sin target (alpha0 = 20, etaTilde = 3,
 * lambda = 0.1, alpha = 1.6) and a ReLU student with a kink split (y = z + (z^2 - 1)/2). Pure
 * TypeScript, no WASM. Medians over --runs runs after 3 warm-ups; the machine is shared, compare medians.
 */
import { performance } from "node:perf_hooks";
import { oneStepTestError, oneStepTestErrorEquivalent, randomFeaturesTestError } from "../src/theory/index.js";
import { median, numberOptions } from "./common.js";

const { runs } = numberOptions({ runs: 9 });

function time(label: string, f: () => unknown): number {
  for (let i = 0; i < 3; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  const med = median(ms);
  console.log(`${label}: median ${med.toFixed(1)} ms (min ${Math.min(...ms).toFixed(1)}, ${runs} runs)`);
  return med;
}

const tanh = { value: Math.tanh, derivative: (x: number) => 1 - Math.tanh(x) ** 2 };
const relu = { value: (x: number) => Math.max(x, 0), derivative: (x: number) => (x > 0 ? 1 : 0), kinks: [0] };
const cases = [
  { name: "tanh / sin", options: { activation: tanh, target: Math.sin, alpha0: 20, eta: 3, ridge: 0.1, alpha: 1.6 } },
  { name: "relu / He1 + He2/2", options: { activation: relu, target: (z: number) => z + (z * z - 1) / 2, alpha0: 8, eta: 2, ridge: 0.05, alpha: 1.6 } },
];
for (const c of cases) {
  const res = oneStepTestError(c.options);
  console.log(`${c.name}: test ${res.testError.toFixed(5)}, train ${res.trainError.toFixed(5)}, ${res.iterations} iterations`);
  time(`  replica point`, () => oneStepTestError(c.options));
  time(`  equivalent-route point`, () => oneStepTestErrorEquivalent(c.options));
  const { alpha0: _a, eta: _e, ...rf } = c.options;
  time(`  random-features point`, () => randomFeaturesTestError(rf));
  const alphas = Array.from({ length: 15 }, (_, i) => 0.2 * (i + 1));
  time(`  15-point curve (replica)`, () => alphas.map((alpha) => oneStepTestError({ ...c.options, alpha }).testError));
}
