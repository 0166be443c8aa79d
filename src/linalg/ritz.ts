/**
 * Helpers of `eigs` (src/linalg/eigs.ts): the ranking of Ritz values by `which`, the comparison
 * of two converged sets, the reordering of the Schur form, and the assembly of Ritz vectors.
 */
import { Matrix } from "../matrix.js";
import { NO_TRANS, type KernelExports, type Ptr } from "../wasm/exports.js";
import { checkStatus } from "../wasm/status.js";

/** Which eigenvalues eigs returns (see eigs). */
export type NonsymmetricWhich = "LR" | "SR" | "LM" | "LI";

/** Whether two lists of complex values are the same multiset, each within `tol`. */
export function sameValues(a: { re: number[]; im: number[] }, b: { re: number[]; im: number[] }, tol: number): boolean {
  if (a.re.length !== b.re.length) return false;
  const used = new Uint8Array(b.re.length);
  return a.re.every((re, i) => {
    const j = b.re.findIndex((r, t) => !used[t] && Math.hypot(re - r, a.im[i]! - b.im[t]!) <= tol);
    if (j >= 0) used[j] = 1;
    return j >= 0;
  });
}

/** Ranking key: larger is wanted more. */
function score(which: NonsymmetricWhich, re: number, im: number): number {
  switch (which) {
    case "LR":
      return re;
    case "SR":
      return -re;
    case "LM":
      return Math.hypot(re, im);
    case "LI":
      return Math.abs(im);
  }
}

/**
 * Indices of (re, im) from most to least wanted; ties by descending re, then descending |im|,
 * then +im first, so that the two members of a conjugate pair (equal scores) are always adjacent.
 */
export function rank(which: NonsymmetricWhich, re: ArrayLike<number>, im: ArrayLike<number>, count: number): number[] {
  const idx = Array.from({ length: count }, (_, i) => i);
  const key = idx.map((i) => score(which, re[i]!, im[i]!));
  idx.sort((p, q) => key[q]! - key[p]! || re[q]! - re[p]! || Math.abs(im[q]!) - Math.abs(im[p]!) || im[q]! - im[p]! || p - q);
  return idx;
}

/**
 * Moves the selected diagonal blocks of the real Schur form T (m x m, with its Schur vectors Z)
 * to the front, in order (LAPACK dtrsen's loop of dtrexc swaps; a 2 x 2 block moves when either
 * of its positions is selected); returns the size of the leading block they make. An
 * ill-conditioned swap that dtrexc refuses ends the loop: what is in front stays.
 */
export function moveToFront(kx: KernelExports, w: { m: number; T: Ptr; Z: Ptr; out: Ptr; work: Ptr }, selected: Uint8Array): number {
  const { m } = w;
  const T = new Float64Array(kx.memory.buffer, w.T, m * m);
  let ks = 0;
  let pos = 0;
  while (pos < m) {
    const bs = pos + 1 < m && T[(pos + 1) * m + pos] !== 0 ? 2 : 1;
    if (selected[pos] === 1 || (bs === 2 && selected[pos + 1] === 1)) {
      if (pos !== ks) {
        const st = kx.dtrexc(1, m, w.T, m, w.Z, m, pos, ks, w.out, w.work);
        if (st < 0) checkStatus("dtrexc", st, { fn: "eigs", n: m });
        if (st !== 0) break; // status 1: a swap too ill-conditioned was refused
      }
      ks += bs;
    }
    pos += bs;
  }
  return ks;
}

/** WASM blocks of the last Krylov-Schur decomposition (see eigs), all row-major with row length m. */
export interface SchurState {
  n: number;
  m: number;
  /** Size of the leading (reordered) block of the Schur form. */
  pk: number;
  /** The basis, m + 1 rows of length n. */
  V: Ptr;
  /** Schur vectors Z (m x m). */
  Z: Ptr;
  /** Eigenvectors X of the leading block (pk x pk, stride m; a pair as re, im columns). */
  X: Ptr;
  /** Scratch for the coefficient rows (m x m). */
  Y: Ptr;
  /** Scratch for the vectors (m x n). */
  out: Ptr;
  /** GEMM workspace for (m, n, m). */
  work: Ptr;
}

/**
 * The Ritz vectors y = V_m Z X of the leading-block positions `take` (ti: imaginary parts by
 * position, a pair as +w then -w), normalized as in `eig`: unit Euclidean norm, largest
 * component real and positive.
 */
export function ritzVectors(kx: KernelExports, w: SchurState, take: readonly number[], ti: Float64Array): { re: Matrix; im: Matrix } {
  const { n, m, pk } = w;
  const f64 = (ptr: Ptr, len: number) => new Float64Array(kx.memory.buffer, ptr, len);
  // coefficient rows (in the basis V_m) of the needed real / imaginary parts
  const Zv = f64(w.Z, m * m);
  const Xv = f64(w.X, m * m);
  const Yc = f64(w.Y, m * m);
  let nrows = 0;
  const rowOfCol = new Map<number, number>();
  const addCol = (col: number): number => {
    let r = rowOfCol.get(col);
    if (r !== undefined) return r;
    r = nrows++;
    rowOfCol.set(col, r);
    // Y[r, :] = (Z[:, :pk] X[:pk, col])^T
    for (let q = 0; q < m; q++) {
      let sum = 0;
      for (let i = 0; i < pk; i++) sum += Zv[q * m + i]! * Xv[i * m + col]!;
      Yc[r * m + q] = sum;
    }
    return r;
  };
  const plan = take.map((j) => {
    if (ti[j] === 0) return { reRow: addCol(j), imRow: -1, sign: 1 };
    if (ti[j]! > 0) return { reRow: addCol(j), imRow: addCol(j + 1), sign: 1 };
    return { reRow: addCol(j - 1), imRow: addCol(j), sign: -1 };
  });
  if (nrows > 0) kx.dgemm(NO_TRANS, NO_TRANS, nrows, n, m, 1, w.Y, m, w.V, n, 0, w.out, n, w.work);
  const rowsOut = f64(w.out, nrows * n).slice();
  const kk = take.length;
  const vre = new Matrix(n, kk);
  const vim = new Matrix(n, kk);
  for (let c = 0; c < kk; c++) {
    const { reRow, imRow, sign } = plan[c]!;
    const xr = rowsOut.subarray(reRow * n, (reRow + 1) * n);
    const xi = imRow >= 0 ? rowsOut.subarray(imRow * n, (imRow + 1) * n) : null;
    // unit norm, largest component real and positive
    let ss = 0;
    let kmax = 0;
    let mmax = -1;
    for (let i = 0; i < n; i++) {
      const mag = xr[i]! * xr[i]! + (xi ? xi[i]! * xi[i]! : 0);
      ss += mag;
      if (mag > mmax) {
        mmax = mag;
        kmax = i;
      }
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 1;
    const ar = xr[kmax]!;
    const ai = xi ? sign * xi[kmax]! : 0;
    const rr = Math.hypot(ar, ai);
    const cr = rr > 0 ? ar / rr : 1;
    const ci = rr > 0 ? ai / rr : 0;
    for (let i = 0; i < n; i++) {
      const a = xr[i]!;
      const bb = xi ? sign * xi[i]! : 0;
      vre.data[i * kk + c] = (a * cr + bb * ci) * inv;
      vim.data[i * kk + c] = (bb * cr - a * ci) * inv;
    }
    vim.data[kmax * kk + c] = 0;
  }
  return { re: vre, im: vim };
}
