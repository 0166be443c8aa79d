// BLAS level 1 kernels (assembly/blas/level1.ts) against plain-JS references (./reference.ts),
// called through the raw exports. Vectors are laid out with strides whose gaps hold sentinels:
// NaN in inputs (a read of a gap poisons the result) and a finite marker in outputs (a write to
// a gap shows as a changed value).
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { productErrorRatio } from "../helpers.js";
import { normalSource } from "../helpers.js";
import {
  changedWhere, fromSource, gapsOf, gather, refDot, refIamax, refNrm2, runKernel, strided,
} from "./reference.js";

const SIZES = [0, 1, 2, 3, 7, 64, 1001];
// (incx, incy): unit, and non-unit on either side
const STRIDES: Array<[number, number]> = [[1, 1], [2, 1], [1, 3], [3, 2]];
const OUT_GAP = -777.25;
const EPS = Number.EPSILON;

describe("ddot", () => {
  it("matches the accurate dot product within n eps sum|x_i y_i| for every size and stride", () => {
    let seed = 100;
    for (const n of SIZES) {
      for (const [incx, incy] of STRIDES) {
        const g = normalSource(seed++);
        const x = fromSource(n, g);
        const y = fromSource(n, g);
        const want = refDot(x, y);
        const { result } = runKernel([strided(x, incx, NaN), strided(y, incy, NaN)],
          (k, [px, py]) => k.ddot(n, px!, incx, py!, incy));
        const ratio = productErrorRatio(Float64Array.of(result), Float64Array.of(want.value), Float64Array.of(want.abs), n);
        expect(ratio, `n=${n} incx=${incx} incy=${incy}: got ${result}, want ${want.value}`).toBeLessThan(1);
      }
    }
  });

  it("gives exact integer results and 0 for n = 0", () => {
    // x = 1..n, y = 1: sum = n (n + 1) / 2, exact in any order
    for (const n of SIZES) {
      const x = Float64Array.from({ length: n }, (_, i) => i + 1);
      const y = new Float64Array(n).fill(1);
      const { result } = runKernel([x, y], (k, [px, py]) => k.ddot(n, px!, 1, py!, 1));
      expect(result, `n=${n}`).toBe((n * (n + 1)) / 2);
    }
  });
});

describe("daxpy", () => {
  it("computes y := alpha x + y within 2 eps (|alpha x_i| + |y_i|) and leaves the gaps of y alone", () => {
    let seed = 200;
    for (const n of SIZES) {
      for (const [incx, incy] of STRIDES) {
        for (const alpha of [1, -2.5, 0.3]) {
          const g = normalSource(seed++);
          const x = fromSource(n, g);
          const y = fromSource(n, g);
          const yBuf = strided(y, incy, OUT_GAP);
          const { after: [, yAfter] } = runKernel([strided(x, incx, NaN), yBuf],
            (k, [px, py]) => k.daxpy(n, alpha, px!, incx, py!, incy));
          const got = gather(yAfter!, n, incy);
          const want = new Float64Array(n);
          const abs = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            const r = refDot(Float64Array.of(alpha, 1), Float64Array.of(x[i]!, y[i]!));
            want[i] = r.value;
            abs[i] = r.abs;
          }
          const what = `n=${n} incx=${incx} incy=${incy} alpha=${alpha}`;
          expect(productErrorRatio(got, want, abs, 2), what).toBeLessThan(1);
          expect(changedWhere(yBuf, yAfter!, gapsOf(n, incy)), `${what}: gaps of y written`).toEqual([]);
        }
      }
    }
  });

  it("returns y unchanged when alpha = 0, even where x holds NaN and Inf", () => {
    const n = 7;
    const x = Float64Array.of(NaN, Infinity, -Infinity, 1, 2, NaN, 3);
    const y = fromSource(n, normalSource(3));
    for (const inc of [1, 2]) {
      const yBuf = strided(y, inc, OUT_GAP);
      const { after: [, yAfter] } = runKernel([strided(x, inc, NaN), yBuf],
        (k, [px, py]) => k.daxpy(n, 0, px!, inc, py!, inc));
      expect(changedWhere(yBuf, yAfter!, () => true), `inc=${inc}`).toEqual([]);
    }
  });
});

describe("dscal", () => {
  it("scales by alpha with one correctly rounded multiply per entry (bitwise equal to JS)", () => {
    let seed = 300;
    for (const n of SIZES) {
      for (const inc of [1, 2, 3]) {
        for (const alpha of [1, -0.3, 2.5, 1e-310]) {
          const x = fromSource(n, normalSource(seed++));
          const buf = strided(x, inc, OUT_GAP);
          const { after: [xAfter] } = runKernel([buf], (k, [px]) => k.dscal(n, alpha, px!, inc));
          const got = gather(xAfter!, n, inc);
          const what = `n=${n} inc=${inc} alpha=${alpha}`;
          for (let i = 0; i < n; i++) expect(Object.is(got[i], alpha * x[i]!), `${what} entry ${i}`).toBe(true);
          expect(changedWhere(buf, xAfter!, gapsOf(n, inc)), `${what}: gaps written`).toEqual([]);
        }
      }
    }
  });

  it("writes zeros when alpha = 0, clearing NaN and Inf (reference BLAS 3.10+), gaps untouched", () => {
    for (const n of SIZES) {
      for (const inc of [1, 2, 3]) {
        const x = Float64Array.from({ length: n }, (_, i) => [NaN, Infinity, -Infinity, -1.5, 2][i % 5]!);
        const buf = strided(x, inc, OUT_GAP);
        const { after: [xAfter] } = runKernel([buf], (k, [px]) => k.dscal(n, 0, px!, inc));
        expect(Array.from(gather(xAfter!, n, inc)), `n=${n} inc=${inc}`).toEqual(new Array(n).fill(0));
        expect(changedWhere(buf, xAfter!, gapsOf(n, inc)), `n=${n} inc=${inc}: gaps written`).toEqual([]);
      }
    }
  });
});

describe("dcopy", () => {
  it("copies bit for bit (NaN, Inf, -0 included) without writing the gaps of y", () => {
    let seed = 400;
    for (const n of SIZES) {
      for (const [incx, incy] of STRIDES) {
        const x = fromSource(n, normalSource(seed++));
        if (n >= 3) {
          x[0] = -0;
          x[1] = NaN;
          x[2] = -Infinity;
        }
        const yBuf = new Float64Array(strided(x, incy, 0).length).fill(OUT_GAP);
        const { after: [, yAfter] } = runKernel([strided(x, incx, 12345), yBuf],
          (k, [px, py]) => k.dcopy(n, px!, incx, py!, incy));
        const got = gather(yAfter!, n, incy);
        const what = `n=${n} incx=${incx} incy=${incy}`;
        for (let i = 0; i < n; i++) expect(Object.is(got[i], x[i]), `${what} entry ${i}`).toBe(true);
        expect(changedWhere(yBuf, yAfter!, gapsOf(n, incy)), `${what}: gaps written`).toEqual([]);
      }
    }
  });
});

describe("dnrm2", () => {
  function nrm2(x: Float64Array, inc = 1): number {
    return runKernel([strided(x, inc, NaN)], (k, [px]) => k.dnrm2(x.length, px!, inc)).result;
  }
  // sqrt of a sum of n squares: relative error at most about (n / 2 + 1) eps; a result that
  // underflows to a subnormal is also off by up to half its spacing, MIN_VALUE / 2
  function expectNorm(got: number, want: number, n: number, what: string): void {
    const tol = (n + 2) * EPS * want + Number.MIN_VALUE;
    expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
  }

  it("matches the scaled two-pass reference at every scale, for every size and stride", () => {
    // 1e300 overflows a plain sum of squares, 1e-300 and subnormals underflow it; 1e154 and
    // 1e-160 sit just outside the kernel's unscaled range [2^-500, 2^500]
    const scales = [1, 1e300, 1e-300, 1e154, 1e-160, 1e-310, Number.MIN_VALUE * 2 ** 20];
    let seed = 500;
    for (const n of SIZES) {
      for (const inc of [1, 2, 3]) {
        for (const scale of scales) {
          const g = normalSource(seed++);
          const x = fromSource(n, () => g() * scale);
          expectNorm(nrm2(x, inc), refNrm2(x), n, `n=${n} inc=${inc} scale=${scale}`);
        }
      }
    }
  });

  it("mixes huge, tiny and subnormal entries in one vector without losing the large ones", () => {
    const x = Float64Array.of(1e300, 1e-300, 5e-324, -3e299, 2.5e-310, 0, -1e300);
    for (const inc of [1, 2]) expectNorm(nrm2(x, inc), refNrm2(x), x.length, `inc=${inc}`);
    const y = Float64Array.of(1e-300, -2e-300, 5e-324, 3e-310, 1e-305, -1e-301, 2e-300);
    expectNorm(nrm2(y), refNrm2(y), y.length, "all tiny");
  });

  it("gives |c| sqrt(n) for constant vectors across the whole exponent range (closed form)", () => {
    for (const c of [1, -3, 2 ** 500, 1.5 * 2 ** 500, 1e300, -1e-300, 2 ** -500, 3e-310, Number.MIN_VALUE]) {
      for (const n of [1, 2, 3, 7, 64, 1001]) {
        const x = new Float64Array(n).fill(c);
        expectNorm(nrm2(x), Math.abs(c) * Math.sqrt(n), n, `c=${c} n=${n}`);
        expectNorm(nrm2(x, 3), Math.abs(c) * Math.sqrt(n), n, `c=${c} n=${n} inc=3`);
      }
    }
    // subnormal integers k 2^-1074, k = 1..n: norm 2^-1074 sqrt(n (n + 1) (2n + 1) / 6)
    const n = 1001;
    const x = Float64Array.from({ length: n }, (_, i) => (i + 1) * Number.MIN_VALUE);
    expectNorm(nrm2(x), Number.MIN_VALUE * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 6), n, "subnormal ramp");
  });

  it("does not overflow on 2^24 entries of 2^500 (a 128 MiB vector): 2^512", () => {
    // incx = 0 reads one stored entry n times: the sum of squares of a long constant vector
    // without allocating it. 2^24 squares of 2^500 sum to 2^1024, which overflows unless the
    // vector is scaled; the norm 2^500 sqrt(2^24) = 2^512 is exact.
    const big = runKernel([Float64Array.of(2 ** 500)], (k, [px]) => k.dnrm2(2 ** 24, px!, 0)).result;
    expect(big).toBe(2 ** 512);
    const tiny = runKernel([Float64Array.of(-(2 ** -520))], (k, [px]) => k.dnrm2(2 ** 20, px!, 0)).result;
    expect(tiny).toBe(2 ** -510);
  });

  it("is 0 for n = 0 and for zero vectors, |x| for n = 1", () => {
    expect(nrm2(new Float64Array(0))).toBe(0);
    expect(nrm2(new Float64Array(64))).toBe(0);
    expect(nrm2(Float64Array.of(-2.5))).toBe(2.5);
    expect(nrm2(Float64Array.of(-1e-320))).toBe(1e-320);
  });

  it("propagates NaN (over Inf too) and Inf, wherever they sit; never reads the gaps", () => {
    for (const n of [1, 2, 3, 7, 64, 1001]) {
      for (const inc of [1, 2]) {
        for (const at of new Set([0, Math.floor(n / 2), n - 1])) {
          const base = fromSource(n, normalSource(n + at));
          const withNaN = base.slice();
          withNaN[at] = NaN;
          expect(nrm2(withNaN, inc), `NaN at ${at} of ${n}, inc=${inc}`).toBeNaN();
          const withInf = base.slice();
          withInf[at] = -Infinity;
          expect(nrm2(withInf, inc), `-Inf at ${at} of ${n}, inc=${inc}`).toBe(Infinity);
          if (n > 1) {
            const both = withInf.slice();
            both[(at + 1) % n] = NaN;
            expect(nrm2(both, inc), `Inf and NaN in ${n}, inc=${inc}`).toBeNaN();
          }
        }
        // the strided layout fills the gaps with NaN: a finite result shows they were skipped
        if (inc > 1) expect(nrm2(fromSource(n, normalSource(n)), inc)).not.toBeNaN();
      }
    }
  });
});

describe("idamax", () => {
  function iamax(x: Float64Array, inc = 1, gap = NaN): number {
    return runKernel([strided(x, inc, gap)], (k, [px]) => k.idamax(x.length, px!, inc)).result;
  }

  it("finds the first index of the largest |x_i| for every size and stride", () => {
    let seed = 600;
    for (const n of SIZES) {
      for (const inc of [1, 2, 3]) {
        const x = fromSource(n, normalSource(seed++));
        // gaps hold a value larger than any entry: a read of a gap would win
        expect(iamax(x, inc, 1e308), `n=${n} inc=${inc}`).toBe(refIamax(x));
      }
    }
  });

  it("returns -1 for n = 0 and the first of tied maxima", () => {
    expect(iamax(new Float64Array(0))).toBe(-1);
    expect(iamax(Float64Array.of(-7))).toBe(0);
    expect(iamax(Float64Array.of(1, -3, 3, 2))).toBe(1);
    expect(iamax(Float64Array.of(3, -3))).toBe(0);
    expect(iamax(Float64Array.of(0, 0, 0))).toBe(0);
    expect(iamax(Float64Array.of(1, 2, -Infinity, Infinity), 2)).toBe(2);
  });
});
