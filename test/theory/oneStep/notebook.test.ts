/**
 * oneStepTestError against the numbers the authors published with their code,
 * SPOC-group/OneStepGD_asymptotics (commit f3e92d5; the outputs are the same in the first upload 3494d10).
 *
 * 1. theory.ipynb, cell 21 output (tanh student, sin target, alpha0 = 20, etaTilde = 3, lambda = 0.1,
 *    alpha in linspace(0.2, 3, 5)): the replica equations on one W0 sample (seed 58, d = p = 2000).
 *    Those printed values were produced with the first upload's bulk variance
 *    cW^2 = 1 + etaTilde^2 E sigma*^2 Var(sigma') mu1^2 / alpha0 (cell 7 of 3494d10; the later commit
 *    dropped mu1^2 without rerunning the cell) and with T ~ 1e-8 (printed `theta`), i.e. vartheta ~ 0:
 *    the isotropic convention. A port of the notebook with that seed reproduces the printed values to
 *    5e-4 with vartheta -> vartheta/d and to ~1% with the vartheta the current code computes.
 *    So here: convention "isotropic", stepParameters with the mu1^2 cW. The remaining difference is the
 *    W0 sample at d = 2000 against the deterministic limit (0.1-0.6% in the port): tolerance 0.3%.
 * 2. Simulations.ipynb, cell 12 output (tanh/tanh, alpha0 = 0.5, etaTilde = 1, lambda = 0.01,
 *    d = p = 2000, 3 seeds, the rows of W0 keep their kappa term: the "notebook" convention): the
 *    theory is 1.5-4% below these simulations (finite d, and alpha0 = 0.5 is far from the large-batch
 *    regime where the spiked-RF equivalence is exact); tolerance 5% on the test error, and the
 *    training errors to 5% too.
 */
import { describe, expect, it } from "vitest";
import { oneStepParameters, oneStepTestError } from "../../../src/theory/oneStep/index.js";

const tanh = { value: Math.tanh, derivative: (x: number) => 1 - Math.tanh(x) ** 2 };

describe("oneStepTestError against the authors' notebook (theory.ipynb cell 21)", () => {
  const printed = [
    { alpha: 0.2, mse: 0.048595388918455905, V1: 7.856944635858662, m: 1.099651611955196, q1: 0.02372881830809684 },
    { alpha: 0.9, mse: 0.04311805329862696, V1: 3.7153569009265786, m: 1.1309280698261936, q1: 0.05577484077204592 },
    { alpha: 1.6, mse: 0.038072437563481894, V1: 2.185300488537754, m: 1.1469631220454628, q1: 0.06057098276400547 },
    { alpha: 2.3, mse: 0.03511150660016416, V1: 1.4978140789167558, m: 1.1557129299775333, q1: 0.06160937194709534 },
    { alpha: 3.0, mse: 0.033340014535464826, V1: 1.1257753733890048, m: 1.1610749989649645, q1: 0.062109192252237315 },
  ];
  const step = oneStepParameters({ activation: tanh, target: Math.sin, alpha0: 20, eta: 3 });
  // cell 7 of the first upload: cW_th = sqrt(1 + eta^2/alpha0 mu2t ss mu1^2)
  const cWFirst = Math.sqrt(1 + (9 / 20) * step.labelSecondMoment * step.derivativeVariance * step.mu1 ** 2);
  for (const row of printed) {
    it(`alpha = ${row.alpha}: test error ${row.mse.toFixed(4)} within 0.3%`, () => {
      const res = oneStepTestError({
        activation: tanh, target: Math.sin, alpha0: 20, eta: 3, ridge: 0.1, alpha: row.alpha,
        convention: "isotropic", stepParameters: { r: step.r, cW: cWFirst, gamma: step.gamma },
      });
      expect(Math.abs(res.testError / row.mse - 1)).toBeLessThan(3e-3);
      expect(Math.abs(res.orderParameters.V1 / row.V1 - 1)).toBeLessThan(3e-3);
      expect(Math.abs(res.orderParameters.m / row.m - 1)).toBeLessThan(1e-2);
      expect(Math.abs(res.orderParameters.q1 / row.q1 - 1)).toBeLessThan(1e-2);
      expect(res.orderParameters.T).toBe(0); // isotropic: vartheta = 0
      expect(res.residual).toBeLessThan(1e-10);
    });
  }

  it("the notebook convention (kappa term kept) predicts a 1-4% lower error than the isotropic one", () => {
    for (const alpha of [0.9, 1.6, 3.0]) {
      const base = { activation: tanh, target: Math.sin, alpha0: 20, eta: 3, ridge: 0.1, alpha };
      const kept = oneStepTestError({ ...base, convention: "notebook" }).testError;
      const iso = oneStepTestError({ ...base, convention: "isotropic" }).testError;
      expect(iso / kept - 1).toBeGreaterThan(0.01);
      expect(iso / kept - 1).toBeLessThan(0.04);
    }
  });
});

describe("oneStepTestError against the authors' simulations (Simulations.ipynb cell 12)", () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sims = [
    { alpha: 0.2, test: [0.2990775949993957, 0.2898524418194445, 0.29418381263621085], train: [0.00048208817003604463, 0.0004931834720543016, 0.00042926520128168074] },
    { alpha: 2 / 3, test: [0.3218365759752591, 0.31863128816064645, 0.3151598647331156], train: [0.0037063771584939925, 0.003665272556044249, 0.003859688133573708] },
    { alpha: 1.6, test: [0.19540339213297506, 0.21767984115339958, 0.20400605095996252], train: [0.039379060985708036, 0.03981533232741456, 0.03873253779595396] },
    { alpha: 3.0, test: [0.1426574683324664, 0.14221553063145795, 0.1485439373561868], train: [0.06455003896318397, 0.06793999977349138, 0.06456052238181638] },
  ];
  for (const s of sims) {
    it(`tanh/tanh alpha0 = 0.5, alpha = ${s.alpha.toFixed(3)}: test and training errors within 5%`, () => {
      const res = oneStepTestError({ activation: tanh, target: Math.tanh, alpha0: 0.5, eta: 1, ridge: 0.01, alpha: s.alpha });
      expect(Math.abs(res.testError / mean(s.test) - 1)).toBeLessThan(0.05);
      expect(Math.abs(res.trainError / mean(s.train) - 1)).toBeLessThan(0.05);
      expect(res.trainError).toBeLessThan(res.testError);
    });
  }
});
