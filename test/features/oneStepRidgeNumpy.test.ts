/**
 * oneStepRidge (model 'gradient-step': the real step, then ridge) against a second, independent
 * implementation of the same pipeline in numpy, the authors' Simulations.ipynb written out in
 * fixtures/oneStepNumpySimulation.py (30 seeds at d = p = 300; its JSON is committed beside it).
 * The two draw different random numbers: their means over seeds must agree within 3 combined
 * standard errors, for the test and the training errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { oneStepRidge, targetByName } from "../../src/index.js";

interface Row {
  activation: "tanh" | "relu"; target: string; alpha0: number; eta: number; ridge: number; alpha: number; d: number;
  testError: number; testErrorSe: number; trainError: number; trainErrorSe: number;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/oneStepNumpySimulation.json", import.meta.url), "utf8")) as { rows: Row[] };

function meanSe(xs: number[]): [number, number] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length)];
}

describe("oneStepRidge against the authors' pipeline in numpy", () => {
  for (const key of ["tanh/sin(z)", "relu/z+he2(z)/2"]) {
    it(`${key}: test and training errors after the step agree with numpy's over seeds`, () => {
      const rows = fixture.rows.filter((r) => `${r.activation}/${r.target}` === key);
      expect(rows.length).toBe(2);
      const c = rows[0]!;
      const seeds = 10;
      const runs = Array.from({ length: seeds }, (_, s) => oneStepRidge({
        activation: c.activation, target: targetByName(c.target), d: c.d, alpha0: c.alpha0, eta: c.eta, ridge: c.ridge,
        alpha: rows.map((r) => r.alpha), testSamples: 4000, seed: 40 + s,
      }));
      rows.forEach((r, i) => {
        const [test, testSe] = meanSe(runs.map((x) => x.points[i]!.testError));
        const [train, trainSe] = meanSe(runs.map((x) => x.points[i]!.trainError));
        const what = `${key} alpha = ${r.alpha}: spikelab ${test.toFixed(4)} ± ${testSe.toFixed(4)}, numpy ${r.testError.toFixed(4)} ± ${r.testErrorSe.toFixed(4)}`;
        expect(Math.abs(test - r.testError), what).toBeLessThan(3 * Math.hypot(testSe, r.testErrorSe));
        expect(Math.abs(train - r.trainError), `train ${what}`).toBeLessThan(3 * Math.hypot(trainSe, r.trainErrorSe));
      });
    }, 120_000);
  }
});
