/**
 * Dense nonsymmetric eigenproblems: `eig(A)` returns all eigenvalues of a real square matrix as
 * `{ re, im }` and, optionally, its right eigenvectors.
 *
 * Algorithm (LAPACK dgeev structure, kernels in assembly/lapack/):
 *   1. scale A into [sqrt(safmin)/ulp, 1/that] when its largest entry lies outside (as dgeev);
 *   2. balance (dgebal: permutations isolating eigenvalues, then a diagonal scaling by powers
 *      of 2 that equalizes row and column norms): with `balance: false` this step is skipped;
 *   3. Householder reduction to upper Hessenberg form Q^T A Q = H (dgehrd: dlahr2 panels of 32
 *      columns, trailing updates on GEMM), 10/3 n^3 flops, and, for vectors, Q explicitly
 *      (dorghr: blocked reflectors on GEMM, 4/3 n^3);
 *   4. the real Schur form H = Z T Z^T by the Francis double-shift implicit QR algorithm
 *      (dlahqr, with LAPACK's deflation criteria and exceptional shifts), about 10 n^3 flops
 *      with vectors and 4 n^3 without;
 *   5. for vectors, the eigenvectors of the quasi-triangular T by back substitution, multiplied
 *      by Z (dtrevc, GEMM), undone balancing (dgebak), and normalized as numpy / LAPACK dgeev
 *      do: unit Euclidean norm, largest component real (and, here, positive).
 * Memory in WASM: n^2 doubles for values only, 2 n^2 with vectors, plus about 100 n of workspace.
 *
 * Order of the output (a convention of this package): eigenvalues sorted by descending real
 * part; equal real parts by descending |imaginary part|, the +im member of a conjugate pair
 * first. So a complex pair always sits in two adjacent entries, (re, +im) then (re, -im),
 * and real eigenvalues appear as im = 0. Eigenvector column j belongs to eigenvalue j; the
 * vectors of a conjugate pair are conjugates of each other.
 *
 * Range: A is scaled into [SMLNUM, BIGNUM] before the reduction (step 1), so no intermediate
 * overflows for any finite A and the eigenvalues come back in A's units; only an eigenvalue
 * whose modulus itself exceeds the largest double (entries near 1.8e308) cannot be returned,
 * and raises NonFiniteError instead of coming back as Infinity (issue #13).
 *
 * Accuracy: backward stable (the computed pairs are exact for A + E with ||E|| about n eps
 * ||A||). Eigenvalues of a defective or highly non-normal matrix are ill-conditioned: a Jordan
 * block of size m moves its eigenvalue by about (eps ||A||)^(1/m), and its "eigenvectors" are
 * nearly parallel.
 */
import { NonFiniteError } from "../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import { assertFiniteMatrix, assertFiniteResult, assertOptions, assertSquare, booleanOption, finiteAt } from "../validate.js";
import { withScratch } from "../wasm/memory.js";
import { checkStatus } from "../wasm/status.js";

export interface EigOptions {
  /** Compute right eigenvectors too (default false). */
  vectors?: boolean;
  /** Balance A first (dgebal permute + scale, default true), as numpy's eig does. */
  balance?: boolean;
}

export interface EigResult {
  /** Real parts of the eigenvalues, in the order described in the module comment. */
  re: Float64Array;
  /** Imaginary parts (0 for real eigenvalues; a conjugate pair as +w then -w). */
  im: Float64Array;
  /**
   * Right eigenvectors as the columns of two n x n matrices: column j of `re` + i column j of
   * `im` is the eigenvector of eigenvalue j (unit Euclidean norm, largest component real and
   * positive).
   * Present when `vectors: true`.
   */
  vectors?: { re: Matrix; im: Matrix };
}

// dgeev's thresholds for rescaling A: sqrt(safmin) / ulp and its inverse
const SMLNUM = Math.sqrt(2.2250738585072014e-308) / 2.220446049250313e-16;
const BIGNUM = 1 / SMLNUM;

/**
 * All eigenvalues (and optionally right eigenvectors) of the real n x n matrix A
 * (numpy.linalg.eig / scipy.linalg.eig). See the module comment for the algorithm, the output
 * order and the normalization. Cost about 10 n^3 flops (values) or 25 n^3 (with vectors).
 *
 * Throws ShapeError for a non-square A, NonFiniteError for NaN/Inf entries or an eigenvalue
 * beyond the double range (|lambda| > 1.8e308, possible only for entries near it),
 * InvalidArgumentError for an ill-typed option, and ConvergenceError (with the eigenvalues
 * that did converge in `partial`) if the QR iteration exceeds LAPACK's limit of 30 iterations
 * per eigenvalue.
 */
export function eig(A: MatrixLike, options: EigOptions = {}): EigResult {
  assertOptions(options, "eig");
  const a = asMatrix(A, "A");
  assertSquare(a, "A");
  assertFiniteMatrix(a, "A");
  const vectors = booleanOption(options.vectors, false, "eig", "vectors");
  const balance = booleanOption(options.balance, true, "eig", "balance");
  const n = a.rows;
  if (n === 0) {
    const out: EigResult = { re: new Float64Array(0), im: new Float64Array(0) };
    if (vectors) out.vectors = { re: new Matrix(0, 0), im: new Matrix(0, 0) };
    return out;
  }

  let anrm = 0;
  for (const v of a.data) anrm = Math.max(anrm, Math.abs(v));
  let scale = 1;
  if (anrm > 0 && anrm < SMLNUM) scale = SMLNUM / anrm;
  else if (anrm > BIGNUM) scale = BIGNUM / anrm;

  const job = balance ? 3 : 0;
  return withScratch((s) => {
    const k = s.k;
    const work = Math.max(k.dgehrd_worksize(n), k.dorghr_worksize(n, 0, n - 1), vectors ? k.dtrevc_worksize(n) : 0, k.dlahqr_worksize());
    s.reserve([n * n, vectors ? n * n : 0, 5 * n, work], `eig of a ${n} x ${n} matrix`);
    const pa = s.from(a.data, "the matrix A");
    if (scale !== 1) {
      const h = pa.view();
      for (let i = 0; i < h.length; i++) h[i]! *= scale;
    }
    const pscale = s.alloc(n, "balancing factors");
    const pout = s.alloc(1, "dgebal's ilo and ihi");
    const ptau = s.alloc(Math.max(n - 1, 1), "reflector scalars");
    const pwr = s.alloc(n, "eigenvalues (real parts)");
    const pwi = s.alloc(n, "eigenvalues (imaginary parts)");
    const pz = vectors ? s.alloc(n * n, "the Schur vectors") : null;
    const pw = s.alloc(work, "eig workspace");

    checkStatus("dgebal", k.dgebal(job, n, pa.ptr, n, pscale.ptr, pout.ptr), { fn: "eig", n });
    const bounds = new Int32Array(k.memory.buffer, pout.ptr, 2);
    const ilo = bounds[0]!;
    const ihi = bounds[1]!;
    checkStatus("dgehrd", k.dgehrd(n, ilo, ihi, pa.ptr, n, ptau.ptr, pw.ptr), { fn: "eig", n });
    if (pz) {
      checkStatus("dorghr", k.dorghr(n, ilo, ihi, pa.ptr, n, ptau.ptr, pz.ptr, n, pw.ptr), { fn: "eig", n });
      transposeInPlace(pz.view(), n); // dlahqr and dtrevc take the Schur vectors as rows
    }
    // H: clear the reflectors below the subdiagonal
    const h = pa.view();
    for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);

    const status = k.dlahqr(pz ? 1 : 0, pz ? 1 : 0, n, ilo, ihi, pa.ptr, n, pwr.ptr, pwi.ptr, 0, n - 1, pz ? pz.ptr : 0, n, 1, pw.ptr);
    if (status < 0) checkStatus("dlahqr", status, { fn: "eig", n, ilo, ihi });
    const wr = pwr.view().slice();
    const wi = pwi.view().slice();
    const hv = pa.view();
    // eigenvalues isolated by balancing sit on the diagonal of the triangular parts
    for (let i = 0; i < n; i++) {
      if (i < ilo || i > ihi) {
        wr[i] = hv[i * n + i]!;
        wi[i] = 0;
      }
    }
    if (status > 0) {
      // eigenvalues status..ihi (0-based) converged; the rest is an unreduced Hessenberg block
      let sub = 0;
      let hnorm = 0;
      for (let i = ilo; i < status; i++) {
        if (i > ilo) sub = Math.max(sub, Math.abs(hv[i * n + i - 1]!));
        hnorm = Math.max(hnorm, Math.abs(hv[i * n + i]!));
      }
      const re: number[] = [];
      const im: number[] = [];
      for (let i = 0; i < n; i++) {
        if (i >= ilo && i < status) continue;
        re.push(wr[i]! / scale);
        im.push(wi[i]! / scale);
      }
      checkStatus("dlahqr", status, {
        fn: "eig", n, ilo, ihi,
        detail: `largest remaining subdiagonal ${sub.toExponential(2)} against |h_ii| up to ${hnorm.toExponential(2)}`,
        residual: hnorm > 0 ? sub / hnorm : sub,
        partial: { re: Float64Array.from(re), im: Float64Array.from(im) },
      });
    }
    if (scale !== 1) {
      for (let i = 0; i < n; i++) {
        const r = wr[i]! / scale;
        const m = wi[i]! / scale;
        // only when scale < 1 (max|a_ij| > BIGNUM): the eigenvalue of the scaled A is finite
        if (!Number.isFinite(r) || !Number.isFinite(m)) overflow(i, wr[i]!, wi[i]!, scale, anrm);
        wr[i] = r;
        wi[i] = m;
      }
    }

    const order = eigenvalueOrder(wr, wi);
    const re = Float64Array.from(order, (i) => wr[i]!);
    const im = Float64Array.from(order, (i) => wi[i]!);
    if (!pz) return { re, im };

    checkStatus("dtrevc", k.dtrevc(n, pa.ptr, n, pz.ptr, n, 1, pw.ptr), { fn: "eig", n });
    checkStatus("dgebak", k.dgebak(job, n, ilo, ihi, pscale.ptr, n, pz.ptr, n, 1), { fn: "eig", n });
    // row j of vt: eigenvector of the real eigenvalue j, or (rows j, j+1) the real and
    // imaginary parts of the eigenvector of wr[j] + i wi[j], wi[j] > 0
    const vt = pz.view();
    normalizeRows(vt, n, wi);
    // unit vectors of the scaled A: finite unless a kernel misbehaved; O(n^2) against O(n^3)
    if (!finiteAt(k, pz.ptr, n * n)) assertFiniteResult(vt, "eig", "the eigenvectors", n, "report this matrix as a bug");
    const vre = new Matrix(n, n);
    const vim = new Matrix(n, n);
    const dre = vre.data;
    const dim = vim.data;
    for (let col = 0; col < n; col++) {
      const j = order[col]!;
      let rowRe: number;
      let rowIm = -1;
      let sign = 1;
      if (wi[j] === 0) {
        rowRe = j;
      } else if (wi[j]! > 0) {
        rowRe = j;
        rowIm = j + 1;
      } else {
        // the conjugate of the vector stored with eigenvalue j - 1
        rowRe = j - 1;
        rowIm = j;
        sign = -1;
      }
      const br = rowRe * n;
      for (let i = 0; i < n; i++) dre[i * n + col] = vt[br + i]!;
      if (rowIm >= 0) {
        const bi = rowIm * n;
        for (let i = 0; i < n; i++) dim[i * n + col] = sign * vt[bi + i]! + 0; // + 0: no -0
      }
    }
    return { re, im, vectors: { re: vre, im: vim } };
  });
}

function overflow(i: number, re: number, im: number, scale: number, anrm: number): never {
  const v = Math.hypot(re, im) / scale;
  throw new NonFiniteError(
    `eig: eigenvalue ${i} overflowed: its modulus is about ${Math.hypot(re, im).toPrecision(3)} / ${scale.toPrecision(3)}, ` +
      `beyond the largest double (1.8e308); scale A down (its largest entry is ${anrm.toPrecision(3)})`,
    "the eigenvalues", i, v,
  );
}

/**
 * Indices sorting (wr, wi) by descending real part, then descending |imaginary part|, then
 * descending imaginary part (+im before -im), so that conjugate pairs stay adjacent.
 */
export function eigenvalueOrder(wr: Float64Array, wi: Float64Array): number[] {
  const idx = Array.from({ length: wr.length }, (_, i) => i);
  idx.sort((p, q) => wr[q]! - wr[p]! || Math.abs(wi[q]!) - Math.abs(wi[p]!) || wi[q]! - wi[p]! || p - q);
  return idx;
}

function transposeInPlace(x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = x[i * n + j]!;
      x[i * n + j] = x[j * n + i]!;
      x[j * n + i] = t;
    }
  }
}

/**
 * Normalizes the eigenvectors stored as rows (dtrevc's layout: one row per real vector, two rows
 * re/im per complex pair) as dgeev does, unit Euclidean norm and largest component real, and
 * fixes the remaining sign / phase: the largest component is made positive (dgeev leaves its
 * sign as it comes).
 */
function normalizeRows(vt: Float64Array, n: number, wi: Float64Array): void {
  let j = 0;
  while (j < n) {
    const br = j * n;
    if (wi[j] === 0) {
      let ss = 0;
      let kmax = 0;
      for (let i = 0; i < n; i++) {
        ss += vt[br + i]! * vt[br + i]!;
        if (Math.abs(vt[br + i]!) > Math.abs(vt[br + kmax]!)) kmax = i;
      }
      const inv = (ss > 0 ? 1 / Math.sqrt(ss) : 1) * (vt[br + kmax]! < 0 ? -1 : 1);
      for (let i = 0; i < n; i++) vt[br + i]! *= inv;
      j += 1;
    } else {
      const bi = br + n;
      let ss = 0;
      let kmax = 0;
      let mmax = -1;
      for (let i = 0; i < n; i++) {
        const m = vt[br + i]! * vt[br + i]! + vt[bi + i]! * vt[bi + i]!;
        ss += m;
        if (m > mmax) {
          mmax = m;
          kmax = i;
        }
      }
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : 1;
      // multiply by conj(v_k) / |v_k| so that v_k becomes real and positive
      const xr = vt[br + kmax]!;
      const xi = vt[bi + kmax]!;
      const r = Math.hypot(xr, xi);
      const c = r > 0 ? xr / r : 1;
      const s = r > 0 ? xi / r : 0;
      for (let i = 0; i < n; i++) {
        const a = vt[br + i]!;
        const b = vt[bi + i]!;
        // (a + i b)(c - i s) = (a c + b s) + i (b c - a s)
        vt[br + i] = (a * c + b * s) * inv;
        vt[bi + i] = (b * c - a * s) * inv;
      }
      vt[bi + kmax] = 0;
      j += 2;
    }
  }
}
