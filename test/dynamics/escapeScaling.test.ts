/**
 * Escape times of one-pass SGD measured on the trainer over d in {250, 500, 1000, 2000} (issue #17):
 * the number of steps to weak recovery (overlap 0.5) grows like d for an information-exponent-1 target
 * (He_1) and like d log d for l = 2 (He_2) (Ben Arous, Gheissari and Jagannath 2021), so the
 * least-squares slope of log(steps) against log(d) is within 0.2 of the law's
 * (escapeTimeLaw(l).fittedSlope over the same d: 1 and 1.15).
 *
 * Setting: spherical SGD (project) on the correlation loss, the setting of Ben Arous et al.; relu
 * student; n_b = 8 and lr0 = 3 (He_1), n_b = 16 and lr0 = 6 (He_2): large steps for short runs. With the
 * correlation loss the gradient of neuron i involves neuron i only, so the p = 16 neurons of a run are
 * 16 single-neuron runs from independent starts M_i(0) ~ N(0, 1/d) (sharing the data, which correlates
 * their noise, not their starts); the escape step of each neuron is recorded and the median over
 * 2 seeds x 16 neurons is fitted. lr = lr0 sqrt(p) undoes the 1/sqrt(p) output scale, so each neuron
 * moves as a single neuron with step lr0.
 * Second check: the ODE (sgdOde) of one neuron from the median start 0.6745 / sqrt(d) predicts the median
 * within a factor 1.6 (a loose factor: at these steps the noise of SGD, of order lr0 sqrt(t / (n_b d)),
 * is comparable to M(0) during the escape of He_2, which the deterministic ODE leaves out).
 */
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { escapeTimeLaw, logLogSlope } from "../../src/dynamics/escapeTimes.js";
import { sgdOde } from "../../src/dynamics/ode/solve.js";
import { train } from "../../src/dynamics/trainer.js";

const ds = [250, 500, 1000, 2000];
const p = 16;

/**
 * Median over 2 seeds x p neurons of the steps at which each neuron's overlap |M_i1| / sqrt(Q_ii) first
 * exceeds 0.5 (Infinity when it never does within the run of `horizons[i]` steps).
 */
function escapeSteps(target: string, lr0: number, batchSize: number, horizons: number[]): number[] {
  return ds.map((d, i) => {
    const times: number[] = [];
    for (const seed of [1, 2]) {
      const run = train({
        d, p, target, activation: "relu", lr: lr0 * Math.sqrt(p), batchSize, loss: "correlation", project: true,
        steps: horizons[i]!, record: { points: 300 }, seed, testSize: 0, threads: 1,
      });
      for (let n = 0; n < p; n++) {
        const at = run.steps.findIndex((_, r) => Math.abs(run.M[r]!.data[n]!) / Math.sqrt(run.Q[r]!.data[n * p + n]!) > 0.5);
        times.push(at < 0 ? Infinity : run.steps[at]!);
      }
    }
    times.sort((x, y) => x - y);
    const median = 0.5 * (times[times.length / 2 - 1]! + times[times.length / 2]!);
    expect(Number.isFinite(median)).toBe(true);
    return median;
  });
}

/** The ODE's steps to weak recovery for one neuron of step lr0 from the median initial overlap 0.6745 / sqrt(d). */
const MEDIAN_ABS_NORMAL = 0.6744897501960817;
function odeEscapeSteps(target: string, lr0: number, batchSize: number): number[] {
  return ds.map((d) => {
    const sol = sgdOde({
      d, p: 1, target, activation: "relu", lr: lr0, batchSize, loss: "correlation", project: true,
      M0: [[MEDIAN_ABS_NORMAL / Math.sqrt(d)]], Q0: [[1]], steps: 20 * d, record: { points: 300 },
    });
    expect(sol.weakRecovery[0]).not.toBeNull();
    return sol.weakRecovery[0]!;
  });
}

describe("escape times of one-pass SGD over d = 250..2000 (simulation)", () => {
  for (const [target, l, lr0, batchSize] of [["he1", 1, 3, 8], ["he2", 2, 6, 16]] as const) {
    it(`${target} (information exponent ${l}): log-log slope of the steps to weak recovery within 0.2 of the law`, () => {
      const ode = odeEscapeSteps(target, lr0, batchSize);
      // each run lasts 2.5 times the ODE's escape: a run that has not escaped by then fails the test
      const measured = escapeSteps(target, lr0, batchSize, ode.map((s) => Math.ceil(2.5 * s)));
      const predicted = escapeTimeLaw(l).fittedSlope(ds);
      const fit = logLogSlope(ds, measured);
      expect(Math.abs(fit.slope - predicted)).toBeLessThan(0.2);
      ode.forEach((s, i) => {
        expect(s / measured[i]!).toBeGreaterThan(1 / 1.6);
        expect(s / measured[i]!).toBeLessThan(1.6);
      });
    });
  }
});
