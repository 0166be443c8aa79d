/**
 * The raw exports of the kernel module (assembly/index.ts). Pointers are byte addresses in
 * `memory`, sizes and strides are in elements, matrices are row-major with a leading dimension
 * (the row stride). Flags follow assembly/simd.ts. The status codes the LAPACK-style kernels
 * return are decoded by status.ts only; KERNEL_PARAMETERS (below) names their parameters.
 */
import type { WasmMemory } from "./host.js";

export const NO_TRANS = 0;
export const TRANS = 1;
export const UPPER = 0;
export const LOWER = 1;

export type Ptr = number;

/**
 * LAPACK's MAXIT: the QL/QR sweeps per eigenvalue that dsterf, dsteqr and the leaves of dstedc
 * may take by default (a call may take maxSweeps n in all). The limit is a kernel argument, so
 * that a call run on a worker thread obeys the same limit as one run on the caller.
 */
export const QL_MAX_SWEEPS = 30;

export interface KernelExports {
  readonly memory: WasmMemory;
  alloc(bytes: number): Ptr;
  free(ptr: Ptr): void;

  ddot(n: number, x: Ptr, incx: number, y: Ptr, incy: number): number;
  daxpy(n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  dscal(n: number, alpha: number, x: Ptr, incx: number): void;
  dcopy(n: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  dnrm2(n: number, x: Ptr, incx: number): number;
  idamax(n: number, x: Ptr, incx: number): number;

  dgemv(trans: number, m: number, n: number, alpha: number, a: Ptr, lda: number,
    x: Ptr, incx: number, beta: number, y: Ptr, incy: number): void;
  dsymv(uplo: number, n: number, alpha: number, a: Ptr, lda: number,
    x: Ptr, incx: number, beta: number, y: Ptr, incy: number): void;
  /** Row chunks of the chunked UPPER dsymv of order n (1: plain dsymv). */
  dsymv_chunks(n: number): number;
  dsymv_chunk_start(n: number, c: number, chunks: number): number;
  /** out[r0:n] := contributions of rows r0..r1-1 of alpha A (UPPER) to A x. */
  dsymv_upper_rows(n: number, alpha: number, a: Ptr, lda: number, x: Ptr, out: Ptr, r0: number, r1: number): void;
  /** y := beta y + the chunk partials in order. */
  dsymv_reduce(n: number, chunks: number, partials: Ptr, beta: number, y: Ptr): void;
  dger(m: number, n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number, a: Ptr, lda: number): void;
  dsyr2(uplo: number, n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number, a: Ptr, lda: number): void;

  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  /** Doubles of workspace dgemm needs. */
  dgemm_worksize(m: number, n: number, k: number): number;
  /** dgemm's blocking: 0 MC, 1 KC, 2 NC, 3 MR, 4 NR. */
  dgemm_blocking(which: number): number;
  /** Doubles of the packed B block a threaded GEMM shares. */
  dgemm_packb_size(n: number, k: number): number;
  /** Doubles of per-thread workspace of dgemm_rows. */
  dgemm_rows_worksize(k: number): number;
  /** Packs a kc x nc block of op(B) (rows pc.., columns jc..) into NR-wide micro-panels. */
  dgemm_pack_b(transB: number, kc: number, nc: number, b: Ptr, ldb: number, pc: number, jc: number, dst: Ptr): void;
  /**
   * The 4 x 4 micro-kernel run `reps` times on L1-resident packed panels of depth kc (32 kc reps
   * flops); returns the tile's sum. For the bench of the kernel's peak (bench/gemm.bench.ts).
   */
  dgemm_micro_peak(kc: number, reps: number, work: Ptr): number;
  /** Doubles of workspace of dgemm_micro_peak. */
  dgemm_micro_peak_worksize(kc: number): number;
  /** Rows i0..i1 of C (at the block's first column) += alpha op(A)[i0:i1, pc:pc+kc] packedB. */
  dgemm_rows(transA: number, i0: number, i1: number, nc: number, kc: number, alpha: number, a: Ptr, lda: number,
    pc: number, packB: Ptr, c: Ptr, ldc: number, work: Ptr): void;
  dsyrk(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dsyrk_worksize(n: number, k: number): number;
  dsyr2k(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dsyr2k_worksize(n: number, k: number): number;
  /** Block rows [rowStart, rowEnd) of dsyrk (rowStart a multiple of dsyrk_blocksize()). */
  dsyrk_rows(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    beta: number, c: Ptr, ldc: number, work: Ptr, rowStart: number, rowEnd: number): void;
  /** Block rows [rowStart, rowEnd) of dsyr2k. */
  dsyr2k_rows(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr, rowStart: number, rowEnd: number): void;
  /** The block-row height of dsyrk and dsyr2k. */
  dsyrk_blocksize(): number;
  /** xoshiro256** state of 4 u64 words at `state` (assembly/random/xoshiro.ts). */
  rng_seed(state: Ptr, seedLo: number, seedHi: number): void;
  rng_jump(state: Ptr): void;
  rng_fill_u64(state: Ptr, out: Ptr, n: number): void;
  rng_fill_uniform(state: Ptr, out: Ptr, n: number, lo: number, hi: number): void;
  rng_fill_normal(state: Ptr, out: Ptr, n: number, mean: number, std: number): void;
  /** n N(0, 1) draws (ziggurat) of chunk `chunk` of the stream keyed by keyHi:keyLo; work: 4 doubles of generator state. */
  rng_normal_chunk(keyLo: number, keyHi: number, chunk: number, out: Ptr, n: number, work: Ptr): void;

  // Householder tridiagonal reduction and its back transformation (assembly/lapack/, row-major,
  // UPPER triangle; status 0 or -i for a bad argument i).
  /** Householder reflector: x := v, *alphaPtr := beta; returns tau. */
  dlarfg(n: number, alphaPtr: Ptr, x: Ptr, incx: number): number;
  dsytd2(uplo: number, n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tau: Ptr): number;
  /** work: dlatrd_worksize(n) doubles for the chunked dsymv, or 0 for plain dsymv. */
  dlatrd(uplo: number, n: number, nb: number, a: Ptr, lda: number, e: Ptr, tau: Ptr, w: Ptr, ldw: number, work: Ptr): number;
  dlatrd_worksize(n: number): number;
  /** Panel row i of dlatrd, before its trailing-block dsymv: row update and reflector. */
  dlatrd_row_start(n: number, i: number, a: Ptr, lda: number, e: Ptr, tau: Ptr, w: Ptr, ldw: number): void;
  /** Panel row i of dlatrd, after W[i, i+1:n] = A22 v. */
  dlatrd_row_finish(n: number, i: number, a: Ptr, lda: number, tau: Ptr, w: Ptr, ldw: number): void;
  /** Blocked reduction; nb <= 0 selects the default panel height. */
  dsytrd(uplo: number, n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tau: Ptr, work: Ptr, nb: number): number;
  dsytrd_worksize(n: number, nb: number): number;
  /** dsytrd's default panel height. */
  dsytrd_blocksize(): number;
  /** The order below which dsytrd uses dsytd2 alone. */
  dsytrd_crossover(): number;
  dlarft(k: number, m: number, v: Ptr, ldv: number, tau: Ptr, t: Ptr, ldt: number): number;
  dlarfb(trans: number, m: number, n: number, k: number, v: Ptr, ldv: number, t: Ptr, ldt: number,
    c: Ptr, ldc: number, work: Ptr): number;
  dlarfb_worksize(k: number, m: number, n: number): number;
  /** C := Q C or Q^T C for the n x ncols C, Q from dsytrd. */
  dormtr(trans: number, n: number, ncols: number, a: Ptr, lda: number, tau: Ptr, c: Ptr, ldc: number,
    work: Ptr, nb: number): number;
  dormtr_worksize(n: number, ncols: number, nb: number): number;
  /** Q from dsytrd, written to q (n x n). */
  dorgtr(n: number, a: Ptr, lda: number, tau: Ptr, q: Ptr, ldq: number, work: Ptr, nb: number): number;
  dorgtr_worksize(n: number, nb: number): number;
  // Row-wise maps for implicit operators (assembly/rowwise.ts).
  // The two-layer-network trainer's per-sample maps (assembly/dynamics.ts).
  /** f := scale S a, c := dl/df (loss 0 square: f - y; 1 correlation: -y); returns the summed loss. */
  dyn_output(n: number, p: number, s: Ptr, a: Ptr, scale: number, loss: number, y: Ptr, f: Ptr, c: Ptr): number;
  /** dS[mu, i] *= c_mu scale a_i. */
  dyn_backprop(n: number, p: number, c: Ptr, a: Ptr, scale: number, ds: Ptr): void;
  /** Rows of W (p x d) back to norm `radius`. */
  dyn_project_rows(p: number, d: number, w: Ptr, radius: number): void;
  scale_rows(m: number, n: number, w: Ptr, y: Ptr, ldy: number): void;
  scale_cols(m: number, n: number, w: Ptr, y: Ptr, ldy: number): void;
  batched_small_matvec(m: number, p: number, t: Ptr, u: Ptr, v: Ptr): void;
  // Skinny products for the spectral-estimator operators (assembly/estimators.ts); Ut is p x d.
  /** Ut := V^T X (X n x d, V n x p). */
  skinny_xtv(n: number, d: number, p: number, x: Ptr, ldx: number, v: Ptr, ldv: number, ut: Ptr): void;
  /** R := X Ut^T (n x p, leading dimension ldr). */
  skinny_xu(n: number, d: number, p: number, x: Ptr, ldx: number, ut: Ptr, r: Ptr, ldr: number): void;
  /** Out := R - c_i Gam row-wise (c_i = 1, or ||x_i||^2 when diag != 0). */
  lamp_combine(n: number, d: number, p: number, x: Ptr, ldx: number, diag: number, r: Ptr, gam: Ptr, out: Ptr): void;
  /** Yt := sum_i (T_i Wt x_i) (x) x_i in one pass over X (Wt, Yt p x d; work 4 p doubles). */
  tap_apply(n: number, d: number, p: number, x: Ptr, ldx: number, t: Ptr, wt: Ptr, yt: Ptr, work: Ptr): void;

  // Symmetric tridiagonal eigensolvers (assembly/lapack/): T = tridiag(e, d, e), d of n entries, e of
  // n - 1. Z row-major, Z[i, j] = component i of eigenvector j. Status 0, -i for a bad argument i,
  // > 0 for no convergence (see each routine's doc comment).
  // maxSweeps: QL/QR sweeps allowed per eigenvalue (QL_MAX_SWEEPS, LAPACK's MAXIT, by default).
  /** All eigenvalues (ascending into d), root-free QL/QR; e destroyed. */
  dsterf(n: number, d: Ptr, e: Ptr, maxSweeps: number): number;
  /** compz 0 values only, 1 Z := Q * eigvecs(T) with Q given in Z, 2 Z := eigvecs(T). */
  dsteqr(compz: number, n: number, d: Ptr, e: Ptr, z: Ptr, ldz: number, work: Ptr, maxSweeps: number): number;
  dsteqr_worksize(n: number): number;
  /** Divide and conquer, same compz and outputs as dsteqr. */
  dstedc(compz: number, n: number, d: Ptr, e: Ptr, z: Ptr, ldz: number, work: Ptr, iwork: Ptr, maxSweeps: number): number;
  dstedc_worksize(compz: number, n: number): number;
  /** i32 entries of iwork dstedc needs. */
  dstedc_iworksize(compz: number, n: number): number;
  /**
   * Bisection: range 0 all, 1 values in (vl, vu], 2 indices il..iu (0-based, inclusive); order 0 by
   * block (for dstein), 1 ascending. Writes [m, nsplit] to the two i32 at counts.
   */
  dstebz(range: number, order: number, n: number, vl: number, vu: number, il: number, iu: number,
    abstol: number, d: Ptr, e: Ptr, counts: Ptr, w: Ptr, iblock: Ptr, isplit: Ptr, work: Ptr, iwork: Ptr): number;
  dstebz_worksize(n: number): number;
  dstebz_iworksize(n: number): number;
  /** Inverse iteration for the m eigenvalues w (by block, from dstebz); Z is n x m. */
  dstein(n: number, d: Ptr, e: Ptr, m: number, w: Ptr, iblock: Ptr, isplit: Ptr, z: Ptr, ldz: number,
    work: Ptr, iwork: Ptr, ifail: Ptr): number;
  dstein_worksize(n: number): number;
  dstein_iworksize(n: number): number;

  // Activations in place (assembly/pointwise.ts): kind codes as ACTIVATION_KIND in
  // src/features/activations.ts; status 0, -1 unknown kind, -2 n < 0.
  /** x[i] := sigma(x[i]) for the n doubles at x. */
  act_apply(kind: number, n: number, x: Ptr): number;
  /** x[i] := sigma'(x[i]). */
  act_derivative(kind: number, n: number, x: Ptr): number;
  /** dx[i] := sigma'(x[i]) and x[i] := sigma(x[i]) in one pass (dx, x disjoint). */
  act_apply_both(kind: number, n: number, x: Ptr, dx: Ptr): number;
  /** x[i] := erfc(x[i]) (Cody's rational approximations; exported for tests). */
  pointwise_erfc(n: number, x: Ptr): void;

  // Nonsymmetric eigensolvers (assembly/lapack/, row-major, LAPACK column indexing as in gonum;
  // status 0, -i for a bad argument i, > 0 as documented per routine).
  /** Balancing: job 0 none, 1 permute, 2 scale, 3 both; writes ilo, ihi as two i32 at out. 1 = NaN met. */
  dgebal(job: number, n: number, a: Ptr, lda: number, scale: Ptr, out: Ptr): number;
  /** V := P D V for the m vectors in V (vtrans 1: one vector per row). */
  dgebak(job: number, n: number, ilo: number, ihi: number, scale: Ptr, m: number, v: Ptr, ldv: number, vtrans: number): number;
  /** Unblocked Hessenberg reduction (work: 2 n doubles). */
  dgehd2(n: number, ilo: number, ihi: number, a: Ptr, lda: number, tau: Ptr, work: Ptr): number;
  /** Hessenberg reduction Q^T A Q = H; reflectors below the subdiagonal, tau of n - 1. */
  dgehrd(n: number, ilo: number, ihi: number, a: Ptr, lda: number, tau: Ptr, work: Ptr): number;
  dgehrd_worksize(n: number): number;
  /** Q from dgehrd into q (n x n). */
  dorghr(n: number, ilo: number, ihi: number, a: Ptr, lda: number, tau: Ptr, q: Ptr, ldq: number, work: Ptr): number;
  dorghr_worksize(n: number, ilo: number, ihi: number): number;
  /**
   * Francis double-shift QR on the Hessenberg block ilo..ihi: eigenvalues into wr, wi, the Schur
   * form in h (wantt), Z := Z U (wantz; ztrans 1: Z stored transposed). > 0: not converged
   * (eigenvalues status..ihi are done). work: dlahqr_worksize() doubles.
   */
  dlahqr(wantt: number, wantz: number, n: number, ilo: number, ihi: number, h: Ptr, ldh: number, wr: Ptr, wi: Ptr,
    iloz: number, ihiz: number, z: Ptr, ldz: number, ztrans: number, work: Ptr): number;
  dlahqr_worksize(): number;
  /** Standardized Schur form of [a b; c d]: writes aa, bb, cc, dd, rt1r, rt1i, rt2r, rt2i, cs, sn to out. */
  dlanv2_out(a: number, b: number, c: number, d: number, out: Ptr): void;
  /** Right eigenvectors of the Schur form T times Z (Z in vr on entry; vtrans 1: vectors as rows). */
  dtrevc(n: number, t: Ptr, ldt: number, vr: Ptr, ldvr: number, vtrans: number, work: Ptr): number;
  dtrevc_worksize(n: number): number;
  /** Moves the diagonal block of T at ifst to ilst (Q := Q U if wantq); writes the final ifst, ilst (i32) to out. 1 = rejected swap. work: n + 64. */
  dtrexc(wantq: number, n: number, t: Ptr, ldt: number, q: Ptr, ldq: number, ifst: number, ilst: number, out: Ptr, work: Ptr): number;
  /** y := alpha X^T diag(w) X v + beta y in one pass over the rows of X (w = 0: no weights). */
  dgramv(m: number, n: number, alpha: number, x: Ptr, ldx: number, w: Ptr, v: Ptr, beta: number, y: Ptr): void;
}

/** Names of the kernel exports that are functions (what a parallel job may call). */
export type KernelFunction = {
  [K in keyof KernelExports]: KernelExports[K] extends (...args: never[]) => unknown ? K : never;
}[keyof KernelExports];

/** A list of parameter names whose length is the arity of kernel K (checked by the compiler). */
type ParameterNames<K extends KernelFunction> = readonly string[] & { readonly length: Parameters<KernelExports[K]>["length"] };

/**
 * The parameter names of the kernels that return a status or run in parallel batches, in the
 * order of their signatures above (gonum's lapack/gonum/errors.go names them the same way).
 * Two readers: src/wasm/status.ts, whose InternalError names the argument a kernel rejected
 * (status -i: names[i - 1]), and the typed job builders of src/threads/protocol.ts, which take
 * the arguments by name and write them in this order. A list whose length differs from the
 * kernel's arity does not compile; a swap of two names within a list is what the kernels'
 * status tests (test/wasm/status.test.ts) catch.
 */
export const KERNEL_PARAMETERS = {
  // BLAS pieces run as batch jobs
  dscal: ["n", "alpha", "x", "incx"],
  dgemm: ["transA", "transB", "m", "n", "k", "alpha", "a", "lda", "b", "ldb", "beta", "c", "ldc", "work"],
  dgemm_pack_b: ["transB", "kc", "nc", "b", "ldb", "pc", "jc", "dst"],
  dgemm_rows: ["transA", "i0", "i1", "nc", "kc", "alpha", "a", "lda", "pc", "packB", "c", "ldc", "work"],
  dsyrk_rows: ["uplo", "trans", "n", "k", "alpha", "a", "lda", "beta", "c", "ldc", "work", "rowStart", "rowEnd"],
  dsyr2k_rows: ["uplo", "trans", "n", "k", "alpha", "a", "lda", "b", "ldb", "beta", "c", "ldc", "work", "rowStart", "rowEnd"],
  dsymv_upper_rows: ["n", "alpha", "a", "lda", "x", "out", "r0", "r1"],
  dgramv: ["m", "n", "alpha", "x", "ldx", "w", "v", "beta", "y"],
  skinny_xtv: ["n", "d", "p", "x", "ldx", "v", "ldv", "ut"],
  skinny_xu: ["n", "d", "p", "x", "ldx", "ut", "r", "ldr"],
  tap_apply: ["n", "d", "p", "x", "ldx", "t", "wt", "yt", "work"],
  // Householder tridiagonal reduction and back transformation
  dsytd2: ["uplo", "n", "a", "lda", "d", "e", "tau"],
  dlatrd: ["uplo", "n", "nb", "a", "lda", "e", "tau", "w", "ldw", "work"],
  dsytrd: ["uplo", "n", "a", "lda", "d", "e", "tau", "work", "nb"],
  dlarft: ["k", "m", "v", "ldv", "tau", "t", "ldt"],
  dlarfb: ["trans", "m", "n", "k", "v", "ldv", "t", "ldt", "c", "ldc", "work"],
  dormtr: ["trans", "n", "ncols", "a", "lda", "tau", "c", "ldc", "work", "nb"],
  dorgtr: ["n", "a", "lda", "tau", "q", "ldq", "work", "nb"],
  // symmetric tridiagonal eigensolvers
  dsterf: ["n", "d", "e", "maxSweeps"],
  dsteqr: ["compz", "n", "d", "e", "z", "ldz", "work", "maxSweeps"],
  dstedc: ["compz", "n", "d", "e", "z", "ldz", "work", "iwork", "maxSweeps"],
  dstebz: ["range", "order", "n", "vl", "vu", "il", "iu", "abstol", "d", "e", "counts", "w", "iblock", "isplit", "work", "iwork"],
  dstein: ["n", "d", "e", "m", "w", "iblock", "isplit", "z", "ldz", "work", "iwork", "ifail"],
  // activations
  act_apply: ["kind", "n", "x"],
  act_derivative: ["kind", "n", "x"],
  act_apply_both: ["kind", "n", "x", "dx"],
  // the trainer's per-sample maps (assembly/dynamics.ts)
  dyn_output: ["n", "p", "s", "a", "scale", "loss", "y", "f", "c"],
  dyn_backprop: ["n", "p", "c", "a", "scale", "ds"],
  dyn_project_rows: ["p", "d", "w", "radius"],
  rng_normal_chunk: ["keyLo", "keyHi", "chunk", "out", "n", "work"],
  // nonsymmetric eigensolvers
  dgebal: ["job", "n", "a", "lda", "scale", "out"],
  dgebak: ["job", "n", "ilo", "ihi", "scale", "m", "v", "ldv", "vtrans"],
  dgehd2: ["n", "ilo", "ihi", "a", "lda", "tau", "work"],
  dgehrd: ["n", "ilo", "ihi", "a", "lda", "tau", "work"],
  dorghr: ["n", "ilo", "ihi", "a", "lda", "tau", "q", "ldq", "work"],
  dlahqr: ["wantt", "wantz", "n", "ilo", "ihi", "h", "ldh", "wr", "wi", "iloz", "ihiz", "z", "ldz", "ztrans", "work"],
  dtrevc: ["n", "t", "ldt", "vr", "ldvr", "vtrans", "work"],
  dtrexc: ["wantq", "n", "t", "ldt", "q", "ldq", "ifst", "ilst", "out", "work"],
} as const satisfies { readonly [K in KernelFunction]?: ParameterNames<K> };

/** The kernels with named parameters (KERNEL_PARAMETERS). */
export type NamedKernel = keyof typeof KERNEL_PARAMETERS;
/** The parameter names of kernel K, in signature order. */
export type KernelParameterName<K extends NamedKernel> = (typeof KERNEL_PARAMETERS)[K][number];
