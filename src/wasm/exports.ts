/**
 * The raw exports of the kernel module (assembly/index.ts). Pointers are byte addresses in
 * `memory`, sizes and strides are in elements, matrices are row-major with a leading dimension
 * (the row stride). Flags follow assembly/simd.ts.
 */
export const NO_TRANS = 0;
export const TRANS = 1;
export const UPPER = 0;
export const LOWER = 1;

export type Ptr = number;

export interface KernelExports {
  readonly memory: WebAssembly.Memory;
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
  dger(m: number, n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number, a: Ptr, lda: number): void;
  dsyr2(uplo: number, n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number, a: Ptr, lda: number): void;

  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  /** Doubles of workspace dgemm needs. */
  dgemm_worksize(m: number, n: number, k: number): number;
  dsyrk(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dsyrk_worksize(n: number, k: number): number;
  dsyr2k(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dsyr2k_worksize(n: number, k: number): number;
  /** xoshiro256** state of 4 u64 words at `state` (assembly/random/xoshiro.ts). */
  rng_seed(state: Ptr, seedLo: number, seedHi: number): void;
  rng_jump(state: Ptr): void;
  rng_fill_u64(state: Ptr, out: Ptr, n: number): void;
  rng_fill_uniform(state: Ptr, out: Ptr, n: number, lo: number, hi: number): void;
  rng_fill_normal(state: Ptr, out: Ptr, n: number, mean: number, std: number): void;
  // Row-wise maps for implicit operators (assembly/rowwise.ts).
  scale_rows(m: number, n: number, w: Ptr, y: Ptr, ldy: number): void;
  scale_cols(m: number, n: number, w: Ptr, y: Ptr, ldy: number): void;
  batched_small_matvec(m: number, p: number, t: Ptr, u: Ptr, v: Ptr): void;
}
