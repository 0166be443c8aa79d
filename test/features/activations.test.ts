import { describe, expect, it } from "vitest";
import {
  ACTIVATION_KIND, activation, activationNames, applyActivation, erf, erfc, InvalidArgumentError, NonFiniteError,
  normalCdf, withScratch,
} from "../../src/index.js";
import { erfcReference, erfReference } from "./precise.js";

const EPS = Number.EPSILON;

/** A grid over [-6, 6] with irrational offsets, the interval boundaries of Cody's approximation, and the tails. */
function erfGrid(): number[] {
  const xs: number[] = [];
  for (let i = -120; i <= 120; i++) xs.push(i / 20 + 0.003 * Math.sin(7 * i));
  xs.push(1e-12, -3e-9, 0.46875, 0.46874, -0.46876, 4, 4.000001, -4, 8.5, 10, 15, 20, 25, 26.5, -26.6);
  return xs;
}

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

describe("erf and erfc (Cody's rational approximations)", () => {
  const xs = erfGrid();
  const ref = xs.map(erfReference);
  const refc = xs.map(erfcReference);

  it("match a 1100-bit BigInt series reference to a few ulps, in TS and in WASM", () => {
    const wasmErf = applyActivation(Float64Array.from(xs), "erf");
    const wasmErfc = withScratch((s) => {
      const b = s.from(Float64Array.from(xs));
      s.k.pointwise_erfc(xs.length, b.ptr);
      return b.view().slice();
    });
    let worstErf = 0;
    let worstErfc = 0;
    xs.forEach((x, i) => {
      worstErf = Math.max(worstErf, relErr(erf(x), ref[i]!), relErr(wasmErf[i]!, ref[i]!));
      if (refc[i]! > 0) worstErfc = Math.max(worstErfc, relErr(erfc(x), refc[i]!), relErr(wasmErfc[i]!, refc[i]!));
      expect(wasmErf[i]).toBe(erf(x)); // same algorithm, same roundings
    });
    // measured 1.3 ulp (erf) and 3.4 ulp (erfc, relative, down to 1e-298 at x = 26.5)
    expect(worstErf).toBeLessThan(4 * EPS);
    expect(worstErfc).toBeLessThan(8 * EPS);
  });

  it("has the right tails and symmetries", () => {
    expect(erf(-2.5)).toBe(-erf(2.5));
    expect(erfc(-3) + erfc(3)).toBeCloseTo(2, 15);
    expect(erfc(30)).toBe(0); // below the smallest double
    expect(erf(30)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
    // Phi in the far left tail keeps relative accuracy (never 1 - something)
    // (the reference takes the same rounded argument 30 sqrt(1/2): erfc amplifies its rounding by 2 x^2)
    expect(relErr(normalCdf(-30), 0.5 * erfcReference(30 * Math.SQRT1_2))).toBeLessThan(8 * EPS);
  });
});

/** sigma and sigma' written independently (plain formulas, erf from the BigInt reference). */
const REFERENCE: Record<string, { f: (x: number) => number; df: (x: number) => number }> = {
  linear: { f: (x) => x, df: () => 1 },
  relu: { f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0) },
  tanh: { f: (x) => Math.expm1(2 * x) / (Math.expm1(2 * x) + 2), df: (x) => 1 / Math.cosh(x) ** 2 },
  erf: { f: erfReference, df: (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)), df: (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2 },
  abs: { f: Math.abs, df: Math.sign },
  silu: { f: (x) => x / (1 + Math.exp(-x)), df: (x) => 1 / (1 + Math.exp(-x)) + (x * Math.exp(-x)) / (1 + Math.exp(-x)) ** 2 },
  // Phi(x) = erfc(-x sqrt(1/2)) / 2 with the same rounded argument as the code (in the left tail erfc
  // amplifies the argument's rounding by x^2, an inherent conditioning, not an implementation error)
  gelu: {
    f: (x) => 0.5 * x * erfcReference(-x * Math.SQRT1_2),
    df: (x) => 0.5 * erfcReference(-x * Math.SQRT1_2) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI),
  },
};

describe("built-in activations", () => {
  const xs = Float64Array.from([-7.3, -3, -1.1, -0.4, -1e-3, 0.2, 0.9, 1.7, 3.3, 6.1, 11]);

  it("lists the eight built-ins with their kernel codes", () => {
    expect(activationNames().sort()).toEqual(["abs", "erf", "gelu", "linear", "relu", "sigmoid", "silu", "tanh"]);
    expect(new Set(Object.values(ACTIVATION_KIND)).size).toBe(8);
  });

  for (const name of Object.keys(REFERENCE)) {
    it(`${name}: WASM values and derivatives match the reference formulas`, () => {
      const ref = REFERENCE[name]!;
      const v = applyActivation(xs, name as "relu");
      const dv = applyActivation(xs, name as "relu", { derivative: true });
      const act = activation(name as "relu");
      xs.forEach((x, i) => {
        const want = ref.f(x);
        const dwant = ref.df(x);
        // a few ulps of the larger of the value and 1e-300 (relative; absolute near zeros of sigma)
        expect(Math.abs(v[i]! - want)).toBeLessThanOrEqual(8 * EPS * Math.max(Math.abs(want), 1e-300));
        expect(Math.abs(dv[i]! - dwant)).toBeLessThanOrEqual(16 * EPS * Math.max(Math.abs(dwant), 1e-300));
        // the TS twin agrees with the kernel
        expect(Math.abs(act.value(x) - v[i]!)).toBeLessThanOrEqual(2 * EPS * Math.abs(v[i]!));
        expect(Math.abs(act.derivative(x) - dv[i]!)).toBeLessThanOrEqual(4 * EPS * Math.abs(dv[i]!));
      });
    });
  }

  it("applies sigma and sigma' in one pass (act_apply_both) and on odd lengths (SIMD tail)", () => {
    const x = Float64Array.from({ length: 7 }, (_, i) => i - 3.5);
    for (const name of ["relu", "abs", "tanh"] as const) {
      const [y, dy] = withScratch((s) => {
        const px = s.from(x);
        const pd = s.alloc(x.length);
        expect(s.k.act_apply_both(ACTIVATION_KIND[name], x.length, px.ptr, pd.ptr)).toBe(0);
        return [px.view().slice(), pd.view().slice()];
      });
      expect(Array.from(y)).toEqual(Array.from(applyActivation(x, name)));
      expect(Array.from(dy)).toEqual(Array.from(applyActivation(x, name, { derivative: true })));
    }
  });

  it("kernels refuse an unknown kind code and a negative length with a status", () => {
    withScratch((s) => {
      const b = s.zeros(4);
      expect(s.k.act_apply(99, 4, b.ptr)).toBe(-1);
      expect(s.k.act_derivative(-1, 4, b.ptr)).toBe(-1);
      expect(s.k.act_apply(1, -4, b.ptr)).toBe(-2);
    });
  });
});

describe("user activations", () => {
  it("apply a TS function, with its derivative or a central difference", () => {
    const cube = activation({ name: "cube", value: (x) => x ** 3 });
    expect(cube.kind).toBeNull();
    expect(cube.exactDerivative).toBe(false);
    const x = Float64Array.from([-2, -0.5, 0.3, 1.5]);
    expect(Array.from(applyActivation(x, cube))).toEqual(Array.from(x, (t) => t ** 3));
    const d = applyActivation(x, cube, { derivative: true });
    x.forEach((t, i) => expect(Math.abs(d[i]! - 3 * t * t)).toBeLessThan(1e-9 * Math.max(1, 3 * t * t)));
    const withD = activation({ value: Math.sin, derivative: Math.cos });
    expect(Array.from(applyActivation(x, withD, { derivative: true }))).toEqual(Array.from(x, Math.cos));
  });

  it("reject unknown names, malformed objects and non-finite outputs with typed errors", () => {
    expect(() => activation("softplus" as "relu")).toThrow(InvalidArgumentError);
    expect(() => activation("softplus" as "relu")).toThrow(/unknown activation 'softplus'.*relu/);
    expect(() => activation({} as never)).toThrow(InvalidArgumentError);
    expect(() => activation({ value: (x: number) => x, derivative: 3 } as never)).toThrow(InvalidArgumentError);
    expect(() => applyActivation([1, 0, 2], { value: (x) => 1 / x })).toThrow(NonFiniteError);
    expect(() => applyActivation([1, NaN], "relu")).toThrow(NonFiniteError);
    expect(() => activation({ value: (x: number) => x, kinks: [NaN] })).toThrow(InvalidArgumentError);
  });
});
