/**
 * ODE-of-SGD benchmark (standalone: `npx tsx bench/ode.bench.ts`, or `npm run bench -- ode`): the time
 * of sgdOde (src/dynamics/ode) over t in [0, 4] (steps = 4 d) for a p = 2 relu student at default
 * tolerances, by the two expectation rules: tensor Gauss-Hermite (He_2 target, p + k = 3, 24^3 points)
 * and antithetic Monte Carlo (z1 z2 target, p + k = 4, 40000 points), and a smooth (erf) student.
 * Prints medians over a few runs and the evaluations of the right-hand side (the cost is
 * evaluations x points). Pure TypeScript (the Monte Carlo points are drawn once, in WASM).
 */
import { performance } from "node:perf_hooks";
import { ready, sgdOde, type SgdOdeOptions } from "../src/lazy.js";

await ready();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

const single = { M0: [[0.3], [-0.2]], Q0: [[1, 0], [0, 1]] };
const double = { M0: [[0.3, 0.3], [0.3, -0.25]], Q0: [[1, 0], [0, 1]] };
const cases: [string, Partial<SgdOdeOptions>][] = [
  ["He_2, relu, square loss, n_b = 1 (quadrature, 24^3 points)", { target: "he2", ...single }],
  ["He_2, erf, square loss, n_b = 1 (quadrature, 24^3 points)", { target: "he2", activation: "erf", ...single }],
  ["z1 z2, relu, square loss, n_b = 1 (Monte Carlo, 40000 points)", { target: "z1*z2", ...double }],
  ["z1 z2, relu, correlation loss, n_b = 4 (Monte Carlo, 40000 points)", { target: "z1*z2", loss: "correlation", batchSize: 4, ...double }],
];
for (const [label, o] of cases) {
  const seconds: number[] = [];
  let evaluations = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const res = sgdOde({ d: 1000, p: 2, activation: "relu", lr: 0.5, steps: 4000, record: { points: 20 }, ...o } as SgdOdeOptions);
    seconds.push((performance.now() - t0) / 1000);
    evaluations = res.evaluations;
  }
  console.log(`${label}: median ${median(seconds).toFixed(2)} s over t in [0, 4], ${evaluations} evaluations (${((1e3 * median(seconds)) / evaluations).toFixed(2)} ms each)`);
}
