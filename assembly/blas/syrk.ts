// DSYRK, row-major: C := alpha A A^T + beta C (trans = NO_TRANS, A is n x k) or
// C := alpha A^T A + beta C (trans = TRANS, A is k x n), on one triangle of the n x n C
// (uplo = UPPER: C[i, j], j >= i; LOWER: j <= i). The other triangle is not touched.
//
// dsyrk runs GEMM's own loops (gemm.ts: Goto-van de Geijn packing, the 4 x 4 micro-kernel) over
// the triangle alone, as GotoBLAS/BLIS do for SYRK (Goto & van de Geijn 2008, section 6;
// Van Zee & van de Geijn, "BLIS", ACM TOMS 41(3), 2015, "structured" macro-kernels): op(A)^T is
// packed once per KC-deep slice and NC-wide column block, each MC-row block of alpha op(A) once
// per slice, and the macro-kernel skips the micro-tiles wholly outside the triangle; tiles
// crossing the diagonal are computed into a scratch tile and only their triangle is added. So
// n (n + 4) k flops are done (n^2 k + O(n k MR)), all in the micro-kernel: gram at GEMM speed
// (issue #21; before, each 128-row block was its own GEMM call, which repacked op(A)^T per block
// and computed the whole 128 x 128 diagonal block). dsyr2k (syr2k.ts) runs the same loops twice,
// with the operands of A B^T and then of B A^T (triangleRows takes two operands).
// Workspace: dsyrk_worksize(n, k) doubles.

import { NO_TRANS, TRANS, UPPER } from "../simd";
import { dgemm_worksize, KC, MC, microKernel4x4, MR, NC, NR, packPanelsA, packPanelsB, roundUp } from "./gemm";
import { scalUnit } from "./level1";

export const SYRK_NB: i32 = 128;

/** The block-row height of dsyrk/dsyr2k (SYRK_NB): the unit of dsyrk_rows ranges. */
export function dsyrk_blocksize(): i32 {
  return SYRK_NB;
}

/**
 * Doubles of workspace dsyrk, dsyrk_rows, dsyr2k and dsyr2k_rows need: what GEMM's loops take for
 * an n x n product of depth k (a packed A block, a packed B block, one scratch tile), no more
 * (triangleRows packs exactly as dgemm does).
 */
export function dsyrk_worksize(n: i32, k: i32): i32 {
  if (n <= 0) return 0;
  return dgemm_worksize(n, n, k);
}

export function dsyrk(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  triangleRows(uplo, trans, n, k, alpha, a, lda, a, lda, beta, c, ldc, work, 0, n);
}

/**
 * The block rows [rowStart, rowEnd) of dsyrk: the rows of C's triangle that the serial routine
 * computes in its block rows starting at rowStart, rowStart + SYRK_NB, ... < rowEnd (rowStart a
 * multiple of SYRK_NB). Disjoint ranges write disjoint parts of C and each element is computed
 * exactly as in dsyrk, so threads splitting the block rows (src/threads/) reproduce the serial
 * result bit for bit. Workspace: dsyrk_worksize(n, k) doubles per caller.
 */
export function dsyrk_rows(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  triangleRows(uplo, trans, n, k, alpha, a, lda, a, lda, beta, c, ldc, work, rowStart, min(rowEnd, n));
}

/**
 * Rows [rowStart, rowEnd) of C := alpha opA opB^T + beta C on one triangle, opX = X (NO_TRANS, X
 * n x k) or X^T (TRANS, X k x n): dsyrk with b = a, each half of dsyr2k otherwise. Every element
 * is the micro-kernel's sum over k in KC slices, in the same order whichever rows a call covers,
 * and is added to beta C once per slice: so splitting the rows among threads gives the one-call
 * result bit for bit. rowStart must be a multiple of MR (dsyrk_rows' callers pass multiples of
 * SYRK_NB).
 */
export function triangleRows(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  if (n <= 0 || rowStart >= rowEnd) return;
  const upper = uplo == UPPER;
  const cRow = <usize>ldc << 3;
  // beta on the rows' part of the triangle
  if (beta != 1) {
    for (let i = rowStart; i < rowEnd; i++) {
      const j0 = upper ? i : 0;
      const len = upper ? n - i : i + 1;
      scalUnit(len, beta, c + <usize>i * cRow + (<usize>j0 << 3));
    }
  }
  if (k <= 0 || alpha == 0) return;
  // the columns these rows touch: [rowStart, n) for UPPER, [0, rowEnd) for LOWER
  const colStart = upper ? rowStart : 0;
  const colEnd = upper ? n : rowEnd;
  // op(A)[i, p] and op(B)[p, j] = opB[j, p]: the GEMM transposes of A B^T (NO_TRANS) or A^T B
  const ta = trans == NO_TRANS ? NO_TRANS : TRANS;
  const tb = trans == NO_TRANS ? TRANS : NO_TRANS;
  const mcMax = min(MC, roundUp(rowEnd - rowStart, MR));
  const kcMax = min(KC, k);
  const packA = work;
  const packB = packA + (<usize>(2 * mcMax * kcMax) << 3);
  const tile = packB + (<usize>(kcMax * min(NC, roundUp(colEnd - colStart, NR))) << 3);
  for (let jc = colStart; jc < colEnd; jc += NC) {
    const nc = min(NC, colEnd - jc);
    // the row blocks that meet this column block's part of the triangle
    const iFirst = upper ? rowStart : max(rowStart, jc);
    const iLast = upper ? min(rowEnd, jc + nc) : rowEnd;
    if (iFirst >= iLast) continue;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelsB(tb, kc, nc, b, ldb, pc, jc, packB);
      for (let ic = iFirst - ((iFirst - rowStart) % MR); ic < iLast; ic += MC) {
        const mc = min(MC, iLast - ic);
        packPanelsA(ta, mc, kc, alpha, a, lda, ic, pc, packA);
        triangleMacroKernel(upper, ic, jc, mc, nc, kc, packA, packB, c, cRow, tile);
      }
    }
  }
}

/**
 * GEMM's macro-kernel (gemm.ts) on the micro-tiles of rows ic..ic+mc, columns jc..jc+nc of C that
 * meet the triangle: whole tiles straight into C, tiles crossing the diagonal (or C's edge)
 * through the scratch tile, of which only the triangle's elements are added. As in GEMM, the loop
 * over B's micro-panels is outside (each stays in L1 while A's panels stream from L2).
 */
function triangleMacroKernel(
  upper: bool, ic: i32, jc: i32, mc: i32, nc: i32, kc: i32,
  packA: usize, packB: usize, c: usize, cRow: usize, tile: usize,
): void {
  // column tiles that meet these rows: j + NR - 1 >= ic (UPPER), j <= ic + mc - 1 (LOWER)
  const jrStart = upper ? max(0, ((ic - jc) / NR) * NR) : 0;
  const jrEnd = upper ? nc : min(nc, ic + mc - jc);
  for (let jr = jrStart; jr < jrEnd; jr += NR) {
    const j = jc + jr;
    const cols = min(NR, nc - jr);
    const bp = packB + (<usize>(jr * kc) << 3);
    // row tiles that meet this column tile: i <= j + NR - 1 (UPPER), i + MR - 1 >= j (LOWER)
    const irStart = upper ? 0 : max(0, ((j - ic) / MR) * MR);
    const irEnd = upper ? min(mc, j + NR - ic) : mc;
    for (let ir = irStart; ir < irEnd; ir += MR) {
      const i = ic + ir;
      const rows = min(MR, mc - ir);
      const ap = packA + (<usize>(2 * ir * kc) << 3);
      const ct = c + <usize>i * cRow + (<usize>j << 3);
      // whole tile inside the triangle
      const inside = upper ? j >= i + MR - 1 : j + NR - 1 <= i;
      if (inside && rows == MR && cols == NR) {
        microKernel4x4(kc, ap, bp, ct, cRow);
        continue;
      }
      memory.fill(tile, 0, <usize>(MR * NR) << 3);
      microKernel4x4(kc, ap, bp, tile, <usize>NR << 3);
      for (let r = 0; r < rows; r++) {
        const s0 = upper ? max(0, i + r - j) : 0;
        const s1 = upper ? cols : min(cols, i + r - j + 1);
        for (let s = s0; s < s1; s++) {
          const pc = ct + <usize>r * cRow + (<usize>s << 3);
          store<f64>(pc, load<f64>(pc) + load<f64>(tile + (<usize>(r * NR + s) << 3)));
        }
      }
    }
  }
}
