// DGEMM, row-major: C := alpha op(A) op(B) + beta C, with op(A) m x k, op(B) k x n, C m x n,
// X[i, j] at x + 8 (i ldx + j); op(X) = X (NO_TRANS) or X^T (TRANS).
//
// Algorithm: Goto-van de Geijn blocking (Goto & van de Geijn, "Anatomy of high-performance
// matrix multiplication", ACM TOMS 34(3), 2008; as in BLIS/OpenBLAS). For each NC-wide column
// block of C and each KC-deep slice of k, op(B) is packed into NR-wide micro-panels (k-major, NR
// values per step); for each MC-tall row block, alpha op(A) is packed into MR-tall micro-panels.
// The MR x NR = 4 x 4 micro-kernel keeps the tile of C in eight f64x2 accumulators and per step
// of k loads two B vectors and four (pre-broadcast) A vectors.
//
// A is packed pre-broadcast: every value of alpha op(A) is stored twice, as the f64x2 [a, a],
// so the micro-kernel reads it with a plain v128.load instead of v128.load64_splat, at the price
// of a packed A block twice as large (MC KC f64x2 = 256 KiB, a quarter of a 1 MiB L2). Four by
// four with eight accumulators is the largest tile V8 keeps in the xmm registers. The
// measurements behind these choices (plain against fused multiply-add, the other tile shapes and
// block sizes tried) are in bench/RESULTS.md, "GEMM micro-kernel design notes".
//
// Packing makes every transpose case the same kernel and pads ragged edges with zeros; edge
// tiles are computed into a scratch tile and added. Workspace: dgemm_worksize(m, n, k) doubles
// at `work` (16-byte aligned). Cost 2 m n k flops.

import { madd, NO_TRANS } from "../simd";
import { scalUnit } from "./level1";

export const MR: i32 = 4;
export const NR: i32 = 4;
export const MC: i32 = 64;
export const KC: i32 = 256;
export const NC: i32 = 2048;

// @ts-ignore: decorator
@inline
export function roundUp(x: i32, r: i32): i32 {
  return ((x + r - 1) / r) * r;
}

/**
 * Doubles of workspace dgemm needs for these sizes: the packed A block (two doubles per value),
 * the packed B block and one MR x NR edge tile.
 */
export function dgemm_worksize(m: i32, n: i32, k: i32): i32 {
  if (m <= 0 || n <= 0 || k <= 0) return 0;
  const mc = min(MC, roundUp(m, MR));
  const nc = min(NC, roundUp(n, NR));
  const kc = min(KC, k);
  return 2 * mc * kc + kc * nc + MR * NR;
}

export function dgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const cRow = <usize>ldc << 3;
  if (beta != 1) {
    for (let i = 0; i < m; i++) scalUnit(n, beta, c + <usize>i * cRow);
  }
  if (k <= 0 || alpha == 0) return;

  const mcMax = min(MC, roundUp(m, MR));
  const kcMax = min(KC, k);
  const packA = work;
  const packB = packA + (<usize>(2 * mcMax * kcMax) << 3);
  const tile = packB + (<usize>(kcMax * min(NC, roundUp(n, NR))) << 3);

  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelsB(transB, kc, nc, b, ldb, pc, jc, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packPanelsA(transA, mc, kc, alpha, a, lda, ic, pc, packA);
        macroKernel(mc, nc, kc, packA, packB, c + <usize>ic * cRow + (<usize>jc << 3), cRow, tile);
      }
    }
  }
}

// Packs rows ic..ic+mc of alpha op(A), columns pc..pc+kc, into MR-row micro-panels, each value
// broadcast to both lanes: panel q holds for each p the MR f64x2 [v, v] with
// v = alpha op(A)[ic + q MR + r, pc + p], r = 0..MR-1 (zeros past row mc). A panel step is
// 2 MR doubles (64 bytes).
export function packPanelsA(trans: i32, mc: i32, kc: i32, alpha: f64, a: usize, lda: i32, ic: i32, pc: i32, dst: usize): void {
  const ldaBytes = <usize>lda << 3;
  for (let q = 0; q < mc; q += MR) {
    const rows = min(MR, mc - q);
    const panel = dst + (<usize>(2 * q * kc) << 3);
    if (trans == NO_TRANS) {
      // op(A)[i, p] = A[i, p]: walk MR rows in step
      const r0 = a + <usize>(ic + q) * ldaBytes + (<usize>pc << 3);
      if (rows == MR) {
        const r1 = r0 + ldaBytes, r2 = r1 + ldaBytes, r3 = r2 + ldaBytes;
        for (let p = 0; p < kc; p++) {
          const off = <usize>p << 3;
          const d = panel + (<usize>p << 6);
          v128.store(d, f64x2.splat(alpha * load<f64>(r0 + off)));
          v128.store(d, f64x2.splat(alpha * load<f64>(r1 + off)), 16);
          v128.store(d, f64x2.splat(alpha * load<f64>(r2 + off)), 32);
          v128.store(d, f64x2.splat(alpha * load<f64>(r3 + off)), 48);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const d = panel + (<usize>p << 6);
          for (let r = 0; r < MR; r++) {
            const v = r < rows ? alpha * load<f64>(r0 + <usize>r * ldaBytes + (<usize>p << 3)) : 0.0;
            v128.store(d + (<usize>r << 4), f64x2.splat(v));
          }
        }
      }
    } else {
      // op(A)[i, p] = A[p, i]: MR consecutive values of row p of A
      const base = a + <usize>pc * ldaBytes + (<usize>(ic + q) << 3);
      if (rows == MR) {
        for (let p = 0; p < kc; p++) {
          const s = base + <usize>p * ldaBytes;
          const d = panel + (<usize>p << 6);
          v128.store(d, f64x2.splat(alpha * load<f64>(s)));
          v128.store(d, f64x2.splat(alpha * load<f64>(s, 8)), 16);
          v128.store(d, f64x2.splat(alpha * load<f64>(s, 16)), 32);
          v128.store(d, f64x2.splat(alpha * load<f64>(s, 24)), 48);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = base + <usize>p * ldaBytes;
          const d = panel + (<usize>p << 6);
          for (let r = 0; r < MR; r++) {
            const v = r < rows ? alpha * load<f64>(s + (<usize>r << 3)) : 0.0;
            v128.store(d + (<usize>r << 4), f64x2.splat(v));
          }
        }
      }
    }
  }
}

// Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column micro-panels: panel q holds for each p the
// NR values op(B)[pc + p, jc + q NR + s], s = 0..NR-1 (zeros past column nc).
export function packPanelsB(trans: i32, kc: i32, nc: i32, b: usize, ldb: i32, pc: i32, jc: i32, dst: usize): void {
  const ldbBytes = <usize>ldb << 3;
  for (let q = 0; q < nc; q += NR) {
    const cols = min(NR, nc - q);
    const panel = dst + (<usize>(q * kc) << 3);
    if (trans == NO_TRANS) {
      // op(B)[p, j] = B[p, j]: NR consecutive values of row p
      const base = b + <usize>pc * ldbBytes + (<usize>(jc + q) << 3);
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          const s = base + <usize>p * ldbBytes;
          const d = panel + (<usize>p << 5);
          v128.store(d, v128.load(s));
          v128.store(d, v128.load(s, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = base + <usize>p * ldbBytes;
          const d = panel + (<usize>p << 5);
          for (let t = 0; t < NR; t++) store<f64>(d + (<usize>t << 3), t < cols ? load<f64>(s + (<usize>t << 3)) : 0.0);
        }
      }
    } else {
      // op(B)[p, j] = B[j, p]: walk NR rows of B in step
      const r0 = b + <usize>(jc + q) * ldbBytes + (<usize>pc << 3);
      if (cols == NR) {
        const r1 = r0 + ldbBytes, r2 = r1 + ldbBytes, r3 = r2 + ldbBytes;
        for (let p = 0; p < kc; p++) {
          const off = <usize>p << 3;
          const d = panel + (<usize>p << 5);
          store<f64>(d, load<f64>(r0 + off));
          store<f64>(d, load<f64>(r1 + off), 8);
          store<f64>(d, load<f64>(r2 + off), 16);
          store<f64>(d, load<f64>(r3 + off), 24);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const d = panel + (<usize>p << 5);
          for (let t = 0; t < NR; t++) {
            store<f64>(d + (<usize>t << 3), t < cols ? load<f64>(r0 + <usize>t * ldbBytes + (<usize>p << 3)) : 0.0);
          }
        }
      }
    }
  }
}

// For each NR-wide micro-panel of the packed B (kept in L1 across the inner loop) and each
// MR-tall micro-panel of the packed A (streamed from L2), one micro-kernel call on the tile.
function macroKernel(mc: i32, nc: i32, kc: i32, packA: usize, packB: usize, c: usize, cRow: usize, tile: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const bp = packB + (<usize>(jr * kc) << 3);
    const cols = min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const ap = packA + (<usize>(2 * ir * kc) << 3);
      const rows = min(MR, mc - ir);
      const ct = c + <usize>ir * cRow + (<usize>jr << 3);
      if (rows == MR && cols == NR) {
        microKernel4x4(kc, ap, bp, ct, cRow);
      } else {
        memory.fill(tile, 0, <usize>(MR * NR) << 3);
        microKernel4x4(kc, ap, bp, tile, <usize>NR << 3);
        for (let r = 0; r < rows; r++) {
          for (let s = 0; s < cols; s++) {
            const pc = ct + <usize>r * cRow + (<usize>s << 3);
            store<f64>(pc, load<f64>(pc) + load<f64>(tile + (<usize>(r * NR + s) << 3)));
          }
        }
      }
    }
  }
}

// C[0:4, 0:4] += Apanel (4 x kc, pre-broadcast) * Bpanel (kc x 4); rows of the C tile are cRow
// bytes apart. The loop runs on the B pointer alone (one compare per step, no separate counter).
// @ts-ignore: decorator
@inline
export function microKernel4x4(kc: i32, ap: usize, bp: usize, c: usize, cRow: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  const bEnd = bp + (<usize>kc << 5);
  while (bp < bEnd) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load(ap);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load(ap, 16);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load(ap, 32);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load(ap, 48);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    ap += 64;
    bp += 32;
  }
  let r = c;
  v128.store(r, f64x2.add(v128.load(r), c00));
  v128.store(r, f64x2.add(v128.load(r, 16), c01), 16);
  r += cRow;
  v128.store(r, f64x2.add(v128.load(r), c10));
  v128.store(r, f64x2.add(v128.load(r, 16), c11), 16);
  r += cRow;
  v128.store(r, f64x2.add(v128.load(r), c20));
  v128.store(r, f64x2.add(v128.load(r, 16), c21), 16);
  r += cRow;
  v128.store(r, f64x2.add(v128.load(r), c30));
  v128.store(r, f64x2.add(v128.load(r, 16), c31), 16);
}

// ---- the steps of dgemm, for threads that share one packed B block (src/threads/drivers.ts) ----
// A parallel GEMM runs, per NC-wide column block jc and KC-deep slice pc: dgemm_pack_b on column
// ranges of the block (the packed layout of a column range does not depend on the others), then,
// once B is packed, dgemm_rows on row ranges of C, each thread with its own packed A. These are
// the operations of dgemm in the same order for every element, so the product is bit for bit the
// one-call result; beta is applied first (dgemm with k = 0).

/** The blocking of dgemm: 0 MC, 1 KC, 2 NC, 3 MR, 4 NR. */
export function dgemm_blocking(which: i32): i32 {
  return which == 0 ? MC : which == 1 ? KC : which == 2 ? NC : which == 3 ? MR : NR;
}

/** Doubles of the shared packed B block for op(B) with n columns and depth k. */
export function dgemm_packb_size(n: i32, k: i32): i32 {
  if (n <= 0 || k <= 0) return 0;
  return min(KC, k) * min(NC, roundUp(n, NR));
}

/** Doubles of per-thread workspace of dgemm_rows (a packed A block and one edge tile). */
export function dgemm_rows_worksize(k: i32): i32 {
  return 2 * MC * min(KC, max(k, 1)) + MR * NR;
}

/**
 * Packs columns jc..jc+nc (jc relative to op(B)'s first column) of rows pc..pc+kc of op(B) into
 * NR-wide micro-panels at dst; columns q0.. of a block start at block + q0 kc doubles.
 */
export function dgemm_pack_b(transB: i32, kc: i32, nc: i32, b: usize, ldb: i32, pc: i32, jc: i32, dst: usize): void {
  packPanelsB(transB, kc, nc, b, ldb, pc, jc, dst);
}

/**
 * C[i0:i1, block] += alpha op(A)[i0:i1, pc:pc+kc] * packedB for a kc x nc block packed by
 * dgemm_pack_b; c points at C's first column of the block (row 0). i0 a multiple of MR.
 * Workspace: dgemm_rows_worksize(kc) doubles.
 */
export function dgemm_rows(
  transA: i32, i0: i32, i1: i32, nc: i32, kc: i32, alpha: f64, a: usize, lda: i32, pc: i32,
  packB: usize, c: usize, ldc: i32, work: usize,
): void {
  const cRow = <usize>ldc << 3;
  const packA = work;
  const tile = packA + (<usize>(2 * MC * kc) << 3);
  for (let ic = i0; ic < i1; ic += MC) {
    const mc = min(MC, i1 - ic);
    packPanelsA(transA, mc, kc, alpha, a, lda, ic, pc, packA);
    macroKernel(mc, nc, kc, packA, packB, c + <usize>ic * cRow, cRow, tile);
  }
}

// ---- GEMM inside LAPACK routines, on all threads where the host offers it ----

// The host (src/threads/drivers.ts) runs C := alpha op(A) op(B) + beta C with its threaded GEMM
// and returns 1, or returns 0 to decline (one thread configured, a batch already running, or a
// worker's instance, which never nests): then the caller computes it here. The threaded product
// is bit for bit this module's dgemm, so results do not depend on which path ran.
// @ts-ignore: decorator
@external("env", "parallel_dgemm")
declare function hostParallelDgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f64, c: usize, ldc: i32,
): i32;

/** Multiply-adds from which a GEMM inside a LAPACK routine is offered to the host's threads. */
const HOST_GEMM_MIN: f64 = 2097152.0;

/**
 * dgemm for the large products of LAPACK routines (the divide-and-conquer merges of dlaed3, the
 * block reflectors of dlarfb, the Hessenberg reduction): offered to the host's threads first.
 * Same arguments and workspace as dgemm.
 */
export function dgemmShared(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  if (<f64>m * <f64>n * <f64>k >= HOST_GEMM_MIN && hostParallelDgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) != 0) return;
  dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}
