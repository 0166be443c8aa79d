import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { escapeTimeLaw, informationExponent, logLogSlope } from "../../src/dynamics/escapeTimes.js";
import { sgdOde } from "../../src/dynamics/ode/solve.js";
import { links } from "../../src/estimators/links.js";

describe("information exponent of a link (dynamics/escapeTimes.ts)", () => {
  it("is l for He_l and the degree of the first non-zero Hermite coefficient for library links", () => {
    // references: He_l is orthogonal to every lower Hermite polynomial; z^2 = He_2 + 1; |z| and relu
    // have E[|z| z] = 0, E[|z| He_2] = 2 phi(0) * 2 != 0; relu has E[relu(z) z] = 1/2; sign(z) has
    // E[sign(z) z] = sqrt(2/pi); z1 z2 = He_1(z1) He_1(z2) (degree 2); z1 z2 z3 degree 3; the staircase
    // z1 + z1 z2 has a linear part
    for (const l of [1, 2, 3, 4, 5]) expect(informationExponent(`he${l}`)).toBe(l);
    expect(informationExponent("z^3-3z")).toBe(3);
    expect(informationExponent("z^2")).toBe(2);
    expect(informationExponent("|z|")).toBe(2);
    expect(informationExponent("relu(z)")).toBe(1);
    expect(informationExponent("sign(z)")).toBe(1);
    expect(informationExponent("z1*z2")).toBe(2);
    expect(informationExponent("z1^2-z2^2")).toBe(2);
    expect(informationExponent("z1*z2*z3")).toBe(3);
    expect(informationExponent("z1+z1*z2")).toBe(1);
    expect(informationExponent(links.define({ name: "const", p: 1, g: () => 1 }), { maxDegree: 6 })).toBe(Infinity);
    expect(informationExponent([0.3, 0, 0, 1.2, 0.5])).toBe(3);
  });

  it("rejects bad input", () => {
    expect(() => informationExponent("nope")).toThrow(InvalidArgumentError);
    expect(() => informationExponent("he2", { maxDegree: 0 })).toThrow(InvalidArgumentError);
    expect(() => informationExponent([NaN as number, 1])).toThrow(InvalidArgumentError);
    expect(() => escapeTimeLaw(0)).toThrow(InvalidArgumentError);
    expect(() => escapeTimeLaw(2).samples(-1)).toThrow(InvalidArgumentError);
    expect(() => logLogSlope([1, 2], [1, -1])).toThrow(InvalidArgumentError);
  });
});

describe("escape-time laws (Ben Arous, Gheissari, Jagannath 2021)", () => {
  it("gives d, d log d, d^(l-1) and their local log-log slopes", () => {
    const d = 1000;
    expect(escapeTimeLaw(1).samples(d)).toBe(1000);
    expect(escapeTimeLaw(2).samples(d)).toBeCloseTo(1000 * Math.log(1000), 9);
    expect(escapeTimeLaw(4).samples(d)).toBeCloseTo(1e9, 0);
    expect(escapeTimeLaw(1).localSlope(d)).toBe(1);
    expect(escapeTimeLaw(2).localSlope(d)).toBeCloseTo(1 + 1 / Math.log(1000), 12);
    expect(escapeTimeLaw(3).localSlope(d)).toBe(2);
    // the local slope is the derivative of log samples: compare with a central difference
    const law = escapeTimeLaw(2);
    const h = 1e-4;
    const numeric = (Math.log(law.samples(d * Math.exp(h))) - Math.log(law.samples(d * Math.exp(-h)))) / (2 * h);
    expect(law.localSlope(d)).toBeCloseTo(numeric, 7);
    expect(escapeTimeLaw(3).maxBatchSize(100)).toBeCloseTo(1000, 9);
    // the fitted slope of d log d over 250..2000 lies between the local slopes at the ends
    const fitted = law.fittedSlope([250, 500, 1000, 2000]);
    expect(fitted).toBeGreaterThan(law.localSlope(2000));
    expect(fitted).toBeLessThan(law.localSlope(250));
  });

  it("logLogSlope recovers a power law exactly and its standard error is 0 on exact data", () => {
    const xs = [2, 5, 11, 40];
    const fit = logLogSlope(xs, xs.map((x) => 3 * x ** 1.7));
    expect(fit.slope).toBeCloseTo(1.7, 12);
    expect(fit.intercept).toBeCloseTo(Math.log(3), 12);
    expect(fit.slopeStdError).toBeLessThan(1e-12);
  });

  it("the ODE's own escape times over d = 250..2000 scale with the predicted exponent (l = 1, 2) within 0.2", () => {
    // the ODE sees d only through the initial overlap M0 = d^-1/2 (spherical student, correlation loss,
    // the setting of Ben Arous et al. 2021): weak recovery (normalized overlap 0.5) is reached at
    // t = O(1) for He_1 and t ~ log(d) / rate for He_2, so steps = t d scale like d and d log d
    const ds = [250, 500, 1000, 2000];
    const growth: number[] = [];
    for (const [target, l] of [["he1", 1], ["he2", 2]] as const) {
      const steps = ds.map((d) => {
        const sol = sgdOde({
          d, p: 1, target, activation: "relu", lr: 0.5, loss: "correlation", project: true,
          M0: [[1 / Math.sqrt(d)]], Q0: [[1]], steps: 60 * d, record: { points: 300 }, rtol: 1e-6,
        });
        expect(sol.weakRecovery[0]).not.toBeNull();
        return sol.weakRecovery[0]!;
      });
      const predicted = escapeTimeLaw(l).fittedSlope(ds);
      expect(Math.abs(logLogSlope(ds, steps).slope - predicted)).toBeLessThan(0.2);
      growth.push(steps[3]! / ds[3]! / (steps[0]! / ds[0]!));
    }
    // the time t = steps / d grows with d for l = 2 (log d) clearly more than for l = 1 (only M0's approach to 0)
    expect(growth[1]! - 1).toBeGreaterThan(2 * (growth[0]! - 1));
  });
});
