import { describe, expect, it } from "vitest";
import {
  besselK0, besselRatioA, InvalidArgumentError, lampOverlap, lampOverlapCurve, lampPrediction, links, populationConstants, preprocessedPrediction,
  ShapeError, tapOverlapCurve, tapPrediction, type DirectionLaw,
} from "../../src/index.js";
import { gaussLegendre } from "../../src/numerics/gaussLegendre.js";

/** Composite Gauss-Legendre on [a, b]: nodes and weights of `panels` panels of 20 points. */
function composite(a: number, b: number, panels: number): { x: number[]; w: number[] } {
  const { nodes, weights } = gaussLegendre(20);
  const h = (b - a) / panels;
  const x: number[] = [];
  const w: number[] = [];
  for (let q = 0; q < panels; q++) for (let i = 0; i < 20; i++) {
    x.push(a + (q + 0.5) * h + 0.5 * h * nodes[i]!);
    w.push(0.5 * h * weights[i]!);
  }
  return { x, w };
}

function normalise(law: { values: number[]; weights: number[]; second: number[] }): DirectionLaw {
  const total = law.weights.reduce((s, v) => s + v, 0);
  return { values: law.values, weights: law.weights.map((v) => v / total), second: law.second };
}

/** Phase retrieval: lambda = z^2 - 1, z ~ N(0, 1), panels in z on [0, 12] (even integrand). */
function prLaw(): DirectionLaw {
  const { x, w } = composite(0, 12, 400);
  return normalise({
    values: x.map((z) => z * z - 1),
    weights: x.map((z, i) => (2 * w[i]! * Math.exp(-z * z / 2)) / Math.sqrt(2 * Math.PI)),
    second: x.map((z) => z * z),
  });
}

/** ||z||^2 / 4: lambda = y - 1, y has density 4 y e^{-2y} on y > 0. */
function norm4Law(): DirectionLaw {
  const { x, w } = composite(0, 30, 150);
  return normalise({ values: x.map((y) => y - 1), weights: x.map((y, i) => w[i]! * 4 * y * Math.exp(-2 * y)), second: x });
}

/** z1 z2, direction (1, 1)/sqrt 2: lambda = a(y) - 1 + y, y with density K0(|y|)/pi, panels in ln|y|. */
function productLaw(): DirectionLaw {
  const { x, w } = composite(-40, Math.log(45), 150);
  const values: number[] = [];
  const weights: number[] = [];
  const second: number[] = [];
  x.forEach((s, i) => {
    const y = Math.exp(s);
    const dens = (besselK0(y) / Math.PI) * y * w[i]!;
    for (const sy of [y, -y]) {
      const a = besselRatioA(sy);
      values.push(a - 1 + sy);
      second.push(a + sy);
      weights.push(dens);
    }
  });
  return normalise({ values, weights, second });
}

/** ||z||^2 / 2: y ~ Exp(1), lambda = y - 1 in each of the two directions. */
function norm2Law(): DirectionLaw {
  const { x, w } = composite(0, 50, 100);
  return normalise({ values: x.map((y) => y - 1), weights: x.map((y, i) => w[i]! * Math.exp(-y)), second: x });
}

const signProductLaw: DirectionLaw = { values: [2 / Math.PI, -2 / Math.PI], weights: [0.5, 0.5] };

// Reference spectral-estimators.md section 6.3, as printed: alpha, gamma_s, gamma_b, m^2_asym, lambda_b(T), rho^2_sym
const TABLE: Record<string, { alphaC: number; lambda3: number; rows: string[][] }> = {
  pr: {
    alphaC: 0.5,
    lambda3: 8,
    rows: [["1", "2.000", "1.414", "0.1667", "0.9581", "0.2307"], ["2", "4.000", "2.000", "0.3750", "0.6791", "0.6389"], ["3", "6.000", "2.449", "0.5000", "0.1051", "0.8454"]],
  },
  product: {
    alphaC: 0.593751,
    lambda3: 7.26317,
    rows: [
      ["1", "1.684", "1.298", "0.1141", "0.9812", "0.1388"], ["1.5", "2.526", "1.589", "0.2232", "0.9194", "0.3005"],
      ["2", "3.368", "1.835", "0.3083", "0.8265", "0.4325"], ["3", "5.053", "2.248", "0.4327", "0.5696", "0.6117"],
      ["4", "6.737", "2.596", "0.5192", "0.2361", "0.7155"], ["6", "10.11", "3.179", "0.6315", "-0.609", "0.8205"],
      ["10", "16.84", "4.104", "0.7489", "-2.786", "0.8994"],
    ],
  },
  norm4: {
    alphaC: 2,
    lambda3: 0.5,
    rows: [["3", "1.500", "1.225", "0.2000", "0.9719", "0.2355"], ["4", "2.000", "1.414", "0.3333", "0.8967", "0.4192"], ["6", "3.000", "1.732", "0.5000", "0.6344", "0.6432"], ["10", "5.000", "2.236", "0.6667", "-0.235", "0.8203"]],
  },
};
const LAWS: Record<string, DirectionLaw> = { pr: prLaw(), product: productLaw(), norm4: norm4Law() };

/** |got - want| within a unit of the last printed decimal of `printed` (its rounding plus the table's alpha_c rounding). */
function closeToPrinted(got: number, printed: string): void {
  const decimals = printed.includes(".") ? printed.split(".")[1]!.length : 0;
  expect(Math.abs(got - Number(printed))).toBeLessThanOrEqual(10 ** -decimals);
}

describe("LAMP predictions (P1 Theorems 2.3-2.4, reference 6.1)", () => {
  for (const [name, t] of Object.entries(TABLE)) {
    it(`${name}: outlier alpha/alpha_c, edge sqrt(alpha/alpha_c), overlap as tabulated`, () => {
      for (const [alpha, gs, gb, m2] of t.rows) {
        const pred = lampPrediction(Number(alpha), { alphaC: t.alphaC, lambda3: t.lambda3 });
        closeToPrinted(pred.outlier!, gs!);
        closeToPrinted(pred.edge, gb!);
        closeToPrinted(pred.overlap, m2!);
      }
    });
  }

  it("the outlier leaves the bulk at alpha_c, where the overlap vanishes linearly", () => {
    const alphaC = 0.593751;
    expect(lampPrediction(0.99 * alphaC, { alphaC, lambda3: 7.26 }).outlier).toBeNull();
    expect(lampPrediction(0.99 * alphaC, { alphaC, lambda3: 7.26 }).overlap).toBe(0);
    const above = lampPrediction(1.01 * alphaC, { alphaC, lambda3: 7.26 });
    expect(above.outlier! - above.edge).toBeGreaterThan(0);
    expect(above.outlier! - above.edge).toBeLessThan(0.01);
    const slope = (lampOverlap(alphaC * 1.001, alphaC, 7.26) - 0) / (alphaC * 0.001);
    expect(slope).toBeCloseTo(1 / (alphaC + alphaC ** 2 * 7.26), 3); // one-sided difference, step 1e-3 alpha_c
  });

  it("further outliers at alpha nu_k with multiplicities: sign(z1 z2) has +-gamma_s twice each", () => {
    const q = 4 / Math.PI ** 2;
    const pred = lampPrediction(7, { alphaC: 1 / q, lambda3: 0, nu: [q, q, -q, -q] });
    expect(pred.outliers.length).toBe(2);
    expect(pred.outliers[0]!.location).toBeCloseTo(7 * q, 12);
    expect(pred.outliers[0]!.multiplicity).toBe(2);
    expect(pred.outliers[1]!.location).toBeCloseTo(-7 * q, 12);
    expect(pred.outliers[1]!.multiplicity).toBe(2);
    // z1 z2: the nu = -0.31579 outliers appear only above alpha = 1 / (nu^2 alpha_c) ~ 16.9
    const nuz = [1.68421, 1.68421, -0.31579, -0.31579];
    expect(lampPrediction(10, { alphaC: 0.593751, lambda3: 7.26, nu: nuz }).outliers.length).toBe(1);
    expect(lampPrediction(18, { alphaC: 0.593751, lambda3: 7.26, nu: nuz }).outliers.length).toBe(2);
  });

  it("overlap curve closed forms: PR (alpha - 1/2)/(alpha + 2), sign(z1 z2) 1 - pi^2/(4 alpha)", () => {
    const alphas = [0.3, 0.8, 2, 5];
    const pr = lampOverlapCurve(alphas, 0.5, 8);
    alphas.forEach((a, i) => expect(pr[i]!).toBeCloseTo(a > 0.5 ? (a - 0.5) / (a + 2) : 0, 12));
    expect(lampOverlap(7, Math.PI ** 2 / 4, 0)).toBeCloseTo(1 - Math.PI ** 2 / 28, 12);
  });
});

describe("TAP predictions (Lu-Li on the T scale, reference 6.2)", () => {
  for (const [name, t] of Object.entries(TABLE)) {
    it(`${name}: bulk edge and overlap as tabulated, top eigenvalue exactly 1`, () => {
      for (const [alpha, , , , lb, rho2] of t.rows) {
        const pred = preprocessedPrediction(Number(alpha), LAWS[name]!, null, { supT: 1 });
        closeToPrinted(pred.edge, lb!);
        closeToPrinted(pred.overlap, rho2!);
        expect(pred.outlier!).toBeCloseTo(1, 10); // psi(a*) = 1 (reference 6.2, algebra)
        expect(pred.classical.outlier!).toBeCloseTo(1 / Number(alpha), 10);
      }
    });
  }

  it("PR at alpha = 4, 10: three independent quadratures of the law agree with each other and with the table", () => {
    // Route A: 400 Gauss-Legendre panels in z on [0, 12] (prLaw). Route B: panels in s = ln y on
    // [-60, ln 150] with the density of y = z^2, e^{-y/2} / sqrt(2 pi y), times the Jacobian y.
    // Route C: the estimators layer's own law of y (populationConstants). At large alpha the edge
    // psi(a_bar) sits where T = 1 - 1/y is very negative, so the three discretisations of y -> 0
    // differ most there; the reference's 6.3 prints -0.963 / 0.9245 and -22.608 / 0.99172.
    const { x, w } = composite(-60, Math.log(150), 600);
    const logY = normalise({
      values: x.map((s) => Math.exp(s) - 1),
      weights: x.map((s, i) => (w[i]! * Math.exp(s / 2 - Math.exp(s) / 2)) / Math.sqrt(2 * Math.PI)),
      second: x.map((s) => Math.exp(s)),
    });
    const dir = populationConstants(links.square()).directions![0]!;
    const layer: DirectionLaw = { values: dir.lambda, weights: dir.weights, second: dir.second };
    for (const alpha of [4, 10]) {
      const [a, b, c] = [LAWS.pr!, logY, layer].map((law) => preprocessedPrediction(alpha, law, null, { supT: 1 }));
      for (const other of [b!, c!]) {
        expect(Math.abs(other.edge - a!.edge)).toBeLessThan(1e-4 * Math.max(1, Math.abs(a!.edge)));
        expect(Math.abs(other.overlap - a!.overlap)).toBeLessThan(1e-5);
      }
    }
    for (const [alpha, edge, rho2] of [[4, "-0.963", "0.9245"], [10, "-22.608", "0.99172"]] as const) {
      const pred = preprocessedPrediction(alpha, LAWS.pr!, null, { supT: 1 });
      closeToPrinted(pred.edge, edge);
      closeToPrinted(pred.overlap, rho2);
    }
  });

  it("sign(z1 z2) (a two-point law): the spike root in closed form, the bulk edge by a direct minimisation of psi", () => {
    // lambda = +-q with probability 1/2, q = 2/pi, T = lambda / (1 + lambda). The spike equation
    // (1/2) [t+ q / (a - t+) - t- q / (a - t-)] = 1/alpha is a quadratic in a; the bulk edge is
    // min over a > t+ of psi(a) = a (1 + alpha E[T / (a - T)]), found here by golden-section search
    // (the code solves psi'(a) = 0 by bisection instead).
    const q = 2 / Math.PI;
    const tp = q / (1 + q);
    const tm = -q / (1 - q);
    for (const alpha of [4, 7]) {
      const pred = tapPrediction(alpha, [signProductLaw]).directions[0]!;
      // alpha q (t+ (a - t-) - t- (a - t+)) = 2 (a - t+)(a - t-)
      const B = -(tp + tm) - (alpha * q * (tp - tm)) / 2;
      const C = tp * tm;
      const aStar = (-B + Math.sqrt(B * B - 4 * C)) / 2;
      expect(pred.aStar!).toBeCloseTo(aStar, 9);
      const E = (f: (t: number, l: number) => number) => 0.5 * (f(tp, q) + f(tm, -q));
      const rho2 = (1 / alpha - E((t) => t * t / (aStar - t) ** 2)) / (1 / alpha + E((t, l) => l * t * t / (aStar - t) ** 2));
      expect(pred.overlap).toBeCloseTo(rho2, 9);
      const psi = (a: number) => a * (1 + alpha * E((t) => t / (a - t)));
      let lo = tp + 1e-12;
      let hi = tp + 50;
      for (let it = 0; it < 200; it++) {
        const m1 = hi - 0.618033988749895 * (hi - lo);
        const m2 = lo + 0.618033988749895 * (hi - lo);
        if (psi(m1) < psi(m2)) hi = m2;
        else lo = m1;
      }
      expect(pred.edge).toBeCloseTo(psi(0.5 * (lo + hi)), 9);
      expect(psi(aStar)).toBeCloseTo(1, 12); // the optimal preprocessing puts the outlier at exactly 1
    }
  });

  it("outliers per pair (block l, direction k): ||z||^2 / 2 has 4 at 1, sign(z1 z2) only the 2 diagonal ones", () => {
    const law = norm2Law();
    const norm = tapPrediction(3, [law, law]);
    expect(norm.outliers.length).toBe(4);
    for (const o of norm.outliers) expect(o.location).toBeCloseTo(1, 9);
    expect(new Set(norm.outliers.map((o) => `${o.block}${o.direction}`))).toEqual(new Set(["00", "01", "10", "11"]));
    // sign(z1 z2): at y = +1 lambda = (q, -q) in the basis (1, +-1)/sqrt 2, at y = -1 (-q, q)
    const sp = tapPrediction(7, [signProductLaw, { values: [-2 / Math.PI, 2 / Math.PI], weights: [0.5, 0.5] }]);
    expect(sp.outliers.map((o) => o.block === o.direction)).toEqual([true, true]);
    // laws on different points of y cannot be paired
    expect(() => tapPrediction(3, [law, signProductLaw])).toThrow(ShapeError);
  });

  it("no outlier below alpha_c, one just above; the overlap vanishes at alpha_c", () => {
    const alphaC = Math.PI ** 2 / 4;
    const below = tapPrediction(0.97 * alphaC, [signProductLaw]);
    expect(below.outliers.length).toBe(0);
    expect(below.overlap).toBe(0);
    expect(below.edge).toBeLessThan(1);
    const above = tapPrediction(1.03 * alphaC, [signProductLaw]);
    expect(above.outliers.length).toBe(1);
    expect(above.overlap).toBeGreaterThan(0);
    expect(above.overlap).toBeLessThan(0.05);
    const curve = tapOverlapCurve([1, 2, 3, 5, 8], signProductLaw);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThanOrEqual(curve[i - 1]!);
  });

  it("TAP beats LAMP on overlap everywhere above alpha_c (reference 6.3 ordering)", () => {
    for (const a of [1, 2, 4, 8]) expect(tapPrediction(a, [LAWS.product!]).overlap).toBeGreaterThan(lampOverlap(a, 0.593751, 7.26317));
  });

  it("a general preprocessing: Mondelli-Montanari's T keeps the threshold (reference 3.4)", () => {
    // PR with T = G / (G + sqrt(alpha / alpha_c)): weak recovery starts at alpha_c = 1/2 as for T = G/(1 + G)
    const law = LAWS.pr!;
    const mm = (alpha: number) => preprocessedPrediction(alpha, law, Array.from(law.values, (g) => g / (g + Math.sqrt(alpha / 0.5))), { supT: 1 });
    expect(mm(0.6).overlap).toBeGreaterThan(0);
    expect(mm(0.6).overlap).toBeLessThan(preprocessedPrediction(0.6, law, null, { supT: 1 }).overlap + 1e-12);
    expect(mm(0.52).overlap).toBeLessThan(0.05);
  });

  it("rejects bad input with typed errors", () => {
    expect(() => lampPrediction(0, { alphaC: 1, lambda3: 0 })).toThrow(InvalidArgumentError);
    expect(() => lampPrediction(-1, { alphaC: 1, lambda3: 0 })).toThrow(InvalidArgumentError);
    expect(() => lampOverlap(2, 0, 1)).toThrow(InvalidArgumentError);
    expect(() => tapPrediction(2, [{ values: [1, 2], weights: [0.5] }])).toThrow(ShapeError);
    expect(() => tapPrediction(2, [{ values: [1, -1], weights: [0.5, 0.2] }])).toThrow(/sum to 1/);
    expect(() => tapPrediction(2, [{ values: [-1, 1], weights: [0.5, 0.5] }])).toThrow(/singular/);
    expect(() => tapPrediction(2, [])).toThrow(InvalidArgumentError);
  });
});
