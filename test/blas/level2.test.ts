// BLAS level 2 kernels (assembly/blas/{gemv,symv,ger,syr2}.ts) against the accurate plain-JS
// references of ./reference.ts, through the raw exports. Row-major storage with lda >= cols.
// Sentinels: NaN in whatever a kernel must not read (padding of A, gaps of x, the other
// triangle of a symmetric A, y when beta = 0), a finite marker in whatever it must not write
// (gaps of y, padding and the other triangle of an updated A).
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { LOWER, NO_TRANS, TRANS, UPPER, type KernelExports } from "../../src/wasm/exports.js";
import { normalSource, productErrorRatio } from "../helpers.js";
import {
  changedWhere, fromSource, gapsOf, gather, otherTriangleOf, padded, paddingOf, refGemv, refGer, refSymv,
  refSyr2, runKernel, strided, unpadded,
} from "./reference.js";

const OUT_GAP = -777.25;
const STRIDES: Array<[number, number]> = [[1, 1], [2, 1], [1, 3], [3, 2]];
// [alpha, beta]: beta = 0 is run with y full of NaN, which must not propagate
const SCALARS: Array<[number, number]> = [[1, 0], [-0.7, 1], [2, -0.4], [1.3, 0.5]];
const SHAPES: Array<[number, number]> = [
  [0, 0], [0, 3], [3, 0], [1, 1], [1, 7], [7, 1], [2, 3], [5, 3], [3, 5], [4, 4], [17, 33], [33, 17], [64, 64], [130, 7], [7, 130],
];
const PADS = [0, 3];
const SYM_SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 64, 65, 130];

// Large sizes run a subset of the stride and scalar combinations (one unit, one strided; beta = 0
// and a general beta) to keep the file at about a second; the small sizes run them all.
const stridesFor = (size: number) => (size >= 64 ? [STRIDES[0]!, STRIDES[3]!] : STRIDES);
const scalarsFor = (size: number) => (size >= 64 ? [SCALARS[0]!, SCALARS[2]!] : SCALARS);

const tname = (t: number) => (t === NO_TRANS ? "N" : "T");
const uname = (u: number) => (u === UPPER ? "U" : "L");

/**
 * A seeded rank update: A (rows x cols, padding OUT_GAP up to lda), x (rows) and y (cols) from
 * normalSource(seed) in that order, then `call` on strided copies of x and y (gaps NaN) and A.
 */
function rankUpdate(rows: number, cols: number, lda: number, incx: number, incy: number, seed: number,
  call: (k: KernelExports, px: number, py: number, pa: number) => void) {
  const g = normalSource(seed);
  const a = fromSource(rows * cols, g);
  const x = fromSource(rows, g);
  const y = fromSource(cols, g);
  const aBuf = padded(a, rows, cols, lda, OUT_GAP);
  const { after: [, , aAfter] } = runKernel([strided(x, incx, NaN), strided(y, incy, NaN), aBuf], (k, [px, py, pa]) => call(k, px!, py!, pa!));
  return { a, x, y, aBuf, aAfter: aAfter! };
}

/** The storage cases of the general kernels: every shape and padding. */
function* generalLayouts(): Generator<{ m: number; n: number; lda: number }> {
  for (const [m, n] of SHAPES) for (const pad of PADS) yield { m, n, lda: n + pad };
}

/** The storage cases of the symmetric kernels: every order, padding, triangle and stride pair. */
function* symmetricLayouts(): Generator<{ n: number; lda: number; uplo: number; incx: number; incy: number }> {
  for (const n of SYM_SIZES) {
    for (const pad of PADS) {
      for (const uplo of [UPPER, LOWER]) {
        for (const [incx, incy] of stridesFor(n)) yield { n, lda: n + pad, uplo, incx, incy };
      }
    }
  }
}

describe("dgemv", () => {
  it("y := alpha op(A) x + beta y within (n + 2) eps of the accurate sum, both transposes, all shapes and strides", () => {
    let seed = 1000;
    for (const { m, n, lda } of generalLayouts()) {
      for (const trans of [NO_TRANS, TRANS]) {
        const lenx = trans === NO_TRANS ? n : m;
        const leny = trans === NO_TRANS ? m : n;
        for (const [incx, incy] of stridesFor(Math.max(m, n))) {
          for (const [alpha, beta] of scalarsFor(Math.max(m, n))) {
            const g = normalSource(seed++);
            const a = fromSource(m * n, g);
            const x = fromSource(lenx, g);
            const y = beta === 0 ? new Float64Array(leny).fill(NaN) : fromSource(leny, g);
            const yBuf = strided(y, incy, OUT_GAP);
            const aBuf = padded(a, m, n, lda, NaN);
            const { after: [aAfter, , yAfter] } = runKernel([aBuf, strided(x, incx, NaN), yBuf],
              (k, [pa, px, py]) => k.dgemv(trans, m, n, alpha, pa!, lda, px!, incx, beta, py!, incy));
            const want = refGemv(trans, m, n, alpha, a, x, beta, y);
            const what = `${tname(trans)} m=${m} n=${n} lda=${lda} incx=${incx} incy=${incy} alpha=${alpha} beta=${beta}`;
            expect(productErrorRatio(gather(yAfter!, leny, incy), want.value, want.abs, lenx + 2), what).toBeLessThan(1);
            expect(changedWhere(yBuf, yAfter!, gapsOf(leny, incy)), `${what}: gaps of y written`).toEqual([]);
            expect(changedWhere(aBuf, aAfter!, () => true), `${what}: A written`).toEqual([]);
          }
        }
      }
    }
  });

  it("alpha = 0 only scales y (A and x full of NaN are not read); beta = 0 then zeroes it", () => {
    const [m, n] = [5, 6];
    const a = new Float64Array(m * n).fill(NaN);
    for (const trans of [NO_TRANS, TRANS]) {
      const leny = trans === NO_TRANS ? m : n;
      const x = new Float64Array(trans === NO_TRANS ? n : m).fill(NaN);
      const y = fromSource(leny, normalSource(7));
      for (const beta of [0, 1, -2.5]) {
        const { after: [, , yAfter] } = runKernel([a, x, y], (k, [pa, px, py]) => k.dgemv(trans, m, n, 0, pa!, n, px!, 1, beta, py!, 1));
        for (let i = 0; i < leny; i++) {
          expect(Object.is(yAfter![i], beta === 0 ? 0 : beta * y[i]!), `${tname(trans)} beta=${beta} entry ${i}`).toBe(true);
        }
      }
    }
  });
});

describe("dsymv", () => {
  it("y := alpha A x + beta y from one triangle, never reading the other (NaN there), both triangles, all sizes and strides", () => {
    let seed = 2000;
    for (const { n, lda, uplo, incx, incy } of symmetricLayouts()) {
      for (const [alpha, beta] of scalarsFor(n)) {
        const g = normalSource(seed++);
        const a = fromSource(n * n, g);
        const x = fromSource(n, g);
        const y = beta === 0 ? new Float64Array(n).fill(NaN) : fromSource(n, g);
        const aBuf = padded(a, n, n, lda, NaN);
        const other = otherTriangleOf(uplo, n, lda);
        for (let i = 0; i < aBuf.length; i++) if (other(i)) aBuf[i] = NaN;
        const yBuf = strided(y, incy, OUT_GAP);
        const { after: [aAfter, , yAfter] } = runKernel([aBuf, strided(x, incx, NaN), yBuf],
          (k, [pa, px, py]) => k.dsymv(uplo, n, alpha, pa!, lda, px!, incx, beta, py!, incy));
        const want = refSymv(uplo, n, alpha, a, x, beta, y);
        const what = `${uname(uplo)} n=${n} lda=${lda} incx=${incx} incy=${incy} alpha=${alpha} beta=${beta}`;
        expect(productErrorRatio(gather(yAfter!, n, incy), want.value, want.abs, n + 2), what).toBeLessThan(1);
        expect(changedWhere(yBuf, yAfter!, gapsOf(n, incy)), `${what}: gaps of y written`).toEqual([]);
        expect(changedWhere(aBuf, aAfter!, () => true), `${what}: A written`).toEqual([]);
      }
    }
  });

  it("upper and lower storage of the same symmetric matrix give the same product", () => {
    const n = 37;
    const g = normalSource(2500);
    const s = fromSource(n * n, g);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) s[i * n + j] = s[j * n + i]!;
    const x = fromSource(n, g);
    const run = (uplo: number) =>
      runKernel([s, x, new Float64Array(n)], (k, [pa, px, py]) => k.dsymv(uplo, n, 1, pa!, n, px!, 1, 0, py!, 1)).after[2]!;
    const up = run(UPPER);
    const lo = run(LOWER);
    const want = refSymv(UPPER, n, 1, s, x, 0, new Float64Array(n));
    expect(productErrorRatio(up, want.value, want.abs, n + 2)).toBeLessThan(1);
    expect(productErrorRatio(lo, want.value, want.abs, n + 2)).toBeLessThan(1);
  });
});

describe("dger", () => {
  it("A := alpha x y^T + A within 3 eps per entry, padding untouched, all shapes and strides", () => {
    let seed = 3000;
    for (const { m, n, lda } of generalLayouts()) {
      for (const [incx, incy] of stridesFor(Math.max(m, n))) {
        for (const alpha of [1, -0.7, 2]) {
          const { a, x, y, aBuf, aAfter } = rankUpdate(m, n, lda, incx, incy, seed++,
            (k, px, py, pa) => k.dger(m, n, alpha, px, incx, py, incy, pa, lda));
          const want = refGer(m, n, alpha, x, y, a);
          const what = `m=${m} n=${n} lda=${lda} incx=${incx} incy=${incy} alpha=${alpha}`;
          expect(productErrorRatio(unpadded(aAfter, m, n, lda), want.value, want.abs, 3), what).toBeLessThan(1);
          expect(changedWhere(aBuf, aAfter, paddingOf(n, lda)), `${what}: padding written`).toEqual([]);
        }
      }
    }
  });

  it("alpha = 0 leaves A unchanged even where x and y hold NaN", () => {
    const a = fromSource(12, normalSource(9));
    const nan = new Float64Array(4).fill(NaN);
    const { after: [, , aAfter] } = runKernel([nan, nan, a], (k, [px, py, pa]) => k.dger(3, 4, 0, px!, 1, py!, 1, pa!, 4));
    expect(changedWhere(a, aAfter!, () => true)).toEqual([]);
  });
});

describe("dsyr2", () => {
  it("A := alpha (x y^T + y x^T) + A on one triangle; the other triangle and the padding untouched", () => {
    let seed = 4000;
    for (const { n, lda, uplo, incx, incy } of symmetricLayouts()) {
      for (const alpha of [1, -0.7]) {
        const { a, x, y, aBuf, aAfter } = rankUpdate(n, n, lda, incx, incy, seed++,
          (k, px, py, pa) => k.dsyr2(uplo, n, alpha, px, incx, py, incy, pa, lda));
        const want = refSyr2(uplo, n, alpha, x, y, a);
        const what = `${uname(uplo)} n=${n} lda=${lda} incx=${incx} incy=${incy} alpha=${alpha}`;
        expect(productErrorRatio(unpadded(aAfter, n, n, lda), want.value, want.abs, 4), what).toBeLessThan(1);
        const other = otherTriangleOf(uplo, n, lda);
        const pads = paddingOf(n, lda);
        expect(changedWhere(aBuf, aAfter, (i) => other(i) || pads(i)), `${what}: other triangle or padding written`).toEqual([]);
      }
    }
  });
});
