// BLAS level 3 kernels (assembly/blas/{gemm,syrk,syr2k}.ts) against the accurate plain-JS
// references of ./reference.ts and against ml-matrix's mmul, through the raw exports.
//
// Error bound: every entry of C = alpha op(A) op(B) + beta C is a sum of k products plus two
// more roundings (alpha and beta), so |got - exact| <= (k + 2) eps (|alpha| sum_p |a_ip b_pj| +
// |beta c_ij|) for any summation order, fused or not: productErrorRatio(..., k + 2) < 1.
//
// Sentinels: NaN in the padding of A and B (lda > cols), in the workspace before the call, and in
// C when beta = 0 (none may leak into the result); a finite marker in the padding of C, in the
// triangle of C that syrk/syr2k must leave alone, and in a guard after the workspace (none may
// be written). Sizes cross the blocking of gemm.ts (MR = NR = 4, MC = 64, KC = 256, NC = 2048)
// and of syrk.ts (NB = 128) one or two dimensions at a time.
import "../../src/index.js";
import { Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { LOWER, NO_TRANS, TRANS, UPPER } from "../../src/wasm/exports.js";
import { normalSource, productErrorRatio, uniformSource } from "../helpers.js";
import { changedWhere, fromSource, refGemm, runGemm, runKernel, runRankK, type GemmCase } from "./reference.js";

const PADS = [0, 3];
// [alpha, beta]; beta = 0 runs with C full of NaN
const SCALARS: Array<[number, number]> = [[1, 0], [-0.5, 1], [1.7, -0.3]];
const TRANS_CASES: Array<[number, number]> = [[NO_TRANS, NO_TRANS], [NO_TRANS, TRANS], [TRANS, NO_TRANS], [TRANS, TRANS]];
const tname = (t: number) => (t === NO_TRANS ? "N" : "T");
const uname = (u: number) => (u === UPPER ? "U" : "L");

// Shapes (m, n, k). LARGE_GEMM is chosen against the block sizes above: retune it when gemm.ts
// changes MC, KC or NC (or syrk.ts NB, for RANK_K below). Small ones run every pad and scalar combination; large ones (any dimension
// past a block size) run one combination per transpose case, rotating, to keep the file fast.
const SMALL_GEMM: Array<[number, number, number]> = [
  [0, 0, 0], [0, 3, 2], [3, 0, 2], [3, 2, 0], [1, 1, 1], [1, 5, 3], [5, 1, 3], [3, 5, 1], [2, 3, 4],
  [4, 4, 4], [5, 7, 9], [8, 8, 8], [13, 11, 17], [33, 31, 29], [64, 64, 64],
];
const LARGE_GEMM: Array<[number, number, number]> = [
  [130, 5, 7], [6, 3, 260], [5, 2050, 3], [131, 6, 257], [130, 2050, 3], [130, 3, 260], [3, 2050, 260], [257, 9, 513],
];

const describeGemm = (c: GemmCase) =>
  `${tname(c.transA)}${tname(c.transB)} m=${c.m} n=${c.n} k=${c.k} pad=${c.pad} alpha=${c.alpha} beta=${c.beta}`;

/** Runs one dgemm case: within the bound, padding of C and the guard past the workspace untouched. */
function checkGemm(c: GemmCase): void {
  const r = runGemm(c);
  const what = describeGemm(c);
  expect(r.ratio, what).toBeLessThan(1);
  expect(r.paddingWritten, `${what}: padding of C written`).toEqual([]);
  expect(r.guardWritten, `${what}: written past dgemm_worksize`).toEqual([]);
}

describe("dgemm", () => {
  it("C := alpha op(A) op(B) + beta C within (k + 2) eps sum|terms|: four transposes, small and odd shapes, every pad and scalar", () => {
    let seed = 5000;
    for (const [m, n, k] of SMALL_GEMM) {
      for (const [transA, transB] of TRANS_CASES) {
        for (const pad of PADS) {
          for (const [alpha, beta] of SCALARS) checkGemm({ transA, transB, m, n, k, alpha, beta, pad, seed: seed++ });
        }
      }
    }
  });

  it("stays within the bound when m, n, k cross MC = 64 (and 128), NC = 2048 and KC = 256", () => {
    let seed = 6000;
    let rotation = 0;
    for (const [m, n, k] of LARGE_GEMM) {
      for (const [transA, transB] of TRANS_CASES) {
        const [alpha, beta] = SCALARS[rotation % SCALARS.length]!;
        const pad = PADS[Math.floor(rotation / SCALARS.length) % PADS.length]!;
        rotation++;
        checkGemm({ transA, transB, m, n, k, alpha, beta, pad, seed: seed++ });
      }
    }
  });

  it("alpha = 0 or k = 0 only scales C (A and B full of NaN are not read); beta = 0 then zeroes it", () => {
    const [m, n] = [5, 6];
    for (const k of [0, 3]) {
      const a = new Float64Array(m * Math.max(k, 1)).fill(NaN);
      const b = new Float64Array(Math.max(k, 1) * n).fill(NaN);
      for (const [alpha, beta] of [[0, 0], [0, -1.5], [1, 0], [2, 0.5]] as const) {
        if (k > 0 && alpha !== 0) continue; // with k > 0 and alpha != 0 the NaN operands are read
        const cIn = beta === 0 ? new Float64Array(m * n).fill(NaN) : fromSource(m * n, normalSource(11));
        const work = new Float64Array(runKernel([], (kk) => kk.dgemm_worksize(m, n, k)).result + 1);
        const { after: [, , cOut] } = runKernel([a, b, cIn, work],
          (kk, [pa, pb, pc, pw]) => kk.dgemm(NO_TRANS, NO_TRANS, m, n, k, alpha, pa!, Math.max(k, 1), pb!, n, beta, pc!, n, pw!));
        for (let i = 0; i < m * n; i++) {
          expect(Object.is(cOut![i], beta === 0 ? 0 : beta * cIn[i]!), `k=${k} alpha=${alpha} beta=${beta} entry ${i}`).toBe(true);
        }
      }
    }
  });

  it("agrees with ml-matrix mmul: bit for bit on integer data (exact in any order), within the bound on random data", () => {
    // integers in [-8, 8]: every partial sum is an integer below 2^53, so any summation order is exact
    const u = uniformSource(77);
    const int = (len: number) => Float64Array.from({ length: len }, () => Math.floor(u() * 17) - 8);
    for (const [m, n, k] of [[37, 41, 300], [130, 9, 17], [4, 2051, 5]] as const) {
      const a = int(m * k);
      const b = int(k * n);
      const work = new Float64Array(runKernel([], (kk) => kk.dgemm_worksize(m, n, k)).result);
      const { after: [, , cOut] } = runKernel([a, b, new Float64Array(m * n), work],
        (kk, [pa, pb, pc, pw]) => kk.dgemm(NO_TRANS, NO_TRANS, m, n, k, 1, pa!, k, pb!, n, 0, pc!, n, pw!));
      const ml = new MlMatrix(Array.from({ length: m }, (_, i) => Array.from(a.subarray(i * k, (i + 1) * k))))
        .mmul(new MlMatrix(Array.from({ length: k }, (_, i) => Array.from(b.subarray(i * n, (i + 1) * n)))));
      const mlFlat = Float64Array.from(ml.to1DArray());
      expect(Array.from(cOut!), `${m} x ${k} by ${k} x ${n}`).toEqual(Array.from(mlFlat));
    }
    // random data, transposed operands: ml-matrix's plain loop has its own k eps error, so
    // the two may differ by up to twice the bound; in practice both sit far below it
    let seed = 7000;
    for (const [transA, transB] of TRANS_CASES) {
      const c: GemmCase = { transA, transB, m: 29, n: 35, k: 131, alpha: 1, beta: 0, pad: 0, seed: seed++ };
      const r = runGemm(c);
      const [aRows, aCols] = transA === NO_TRANS ? [c.m, c.k] : [c.k, c.m];
      const [bRows, bCols] = transB === NO_TRANS ? [c.k, c.n] : [c.n, c.k];
      let A = MlMatrix.from1DArray(aRows, aCols, Array.from(r.a));
      let B = MlMatrix.from1DArray(bRows, bCols, Array.from(r.b));
      if (transA === TRANS) A = A.transpose();
      if (transB === TRANS) B = B.transpose();
      const ml = Float64Array.from(A.mmul(B).to1DArray());
      expect(productErrorRatio(r.got, ml, r.want.abs, c.k), describeGemm(c)).toBeLessThan(1);
    }
  });
});

// (n, k) for syrk/syr2k: around the block NB = 128, k past KC = 256, n past GEMM's NC = 2048
// (dsyrk's column blocks), and the empty cases
const RANK_K: Array<[number, number]> = [
  [0, 5], [1, 1], [3, 0], [2, 3], [5, 7], [7, 1], [8, 8], [17, 33], [64, 64], [127, 9], [128, 10], [129, 260], [130, 33], [257, 7],
  [2053, 3],
];

for (const twoSided of [false, true]) {
  const name = twoSided ? "dsyr2k" : "dsyrk";
  const formula = twoSided ? "alpha (op(A) op(B)^T + op(B) op(A)^T) + beta C" : "alpha op(A) op(A)^T + beta C";
  describe(name, () => {
    it(`C := ${formula} on one triangle, both uplo and trans, the other triangle and the padding untouched`, () => {
      let seed = twoSided ? 9000 : 8000;
      let rotation = 0;
      for (const [n, k] of RANK_K) {
        const large = n > 64 || k > 64;
        for (const uplo of [UPPER, LOWER]) {
          for (const trans of [NO_TRANS, TRANS]) {
            const combos: Array<[number, number, number]> = [];
            if (large) {
              const [alpha, beta] = SCALARS[rotation % SCALARS.length]!;
              combos.push([alpha, beta, PADS[Math.floor(rotation / SCALARS.length) % PADS.length]!]);
              rotation++;
            } else {
              for (const pad of PADS) for (const [alpha, beta] of SCALARS) combos.push([alpha, beta, pad]);
            }
            for (const [alpha, beta, pad] of combos) {
              const r = runRankK(twoSided, uplo, trans, n, k, alpha, beta, pad, seed++);
              const what = `${uname(uplo)}${tname(trans)} n=${n} k=${k} pad=${pad} alpha=${alpha} beta=${beta}`;
              expect(r.ratio, what).toBeLessThan(1);
              expect(r.untouchedWritten, `${what}: other triangle or padding written`).toEqual([]);
              expect(r.guardWritten, `${what}: written past ${name}_worksize`).toEqual([]);
            }
          }
        }
      }
    });
  });
}

describe("dsyrk and dsyr2k against each other", () => {
  it("dsyr2k(A, A) = 2 dsyrk(A), and the upper and lower triangles are transposes, within the bound", () => {
    const n = 131, k = 45;
    const a = fromSource(n * k, normalSource(31));
    const work = new Float64Array(runKernel([], (kk) => Math.max(kk.dsyrk_worksize(n, k), kk.dsyr2k_worksize(n, k))).result);
    const syrk = (uplo: number) => runKernel([a, new Float64Array(n * n), work],
      (kk, [pa, pc, pw]) => kk.dsyrk(uplo, NO_TRANS, n, k, 2, pa!, k, 0, pc!, n, pw!)).after[1]!;
    const syr2k = runKernel([a, new Float64Array(n * n), work],
      (kk, [pa, pc, pw]) => kk.dsyr2k(UPPER, NO_TRANS, n, k, 1, pa!, k, pa!, k, 0, pc!, n, pw!)).after[1]!;
    const up = syrk(UPPER);
    const lo = syrk(LOWER);
    const loT = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) loT[i * n + j] = lo[j * n + i]!;
    const want = refGemm(NO_TRANS, TRANS, n, n, k, 2, a, a, 0, new Float64Array(n * n));
    // on the upper triangle (the lower one is 0 in all three), each is within (k + 2) eps of
    // the exact value, so any two are within twice that of each other
    expect(productErrorRatio(up, syr2k, want.abs, 2 * (2 * k + 2))).toBeLessThan(1);
    expect(productErrorRatio(up, loT, want.abs, 2 * (k + 2))).toBeLessThan(1);
    const upper = (i: number) => i % n >= Math.floor(i / n);
    const masked = (v: Float64Array) => v.map((x, i) => (upper(i) ? x : 0));
    expect(productErrorRatio(up, masked(want.value), want.abs, k + 2)).toBeLessThan(1);
  });
});
