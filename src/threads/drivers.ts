/**
 * Parallel drivers: the BLAS-3 and LAPACK steps that dominate spikelab's dense work, cut into
 * jobs of kernel calls for the thread pool (src/threads/pool.ts). Arguments are those of the
 * kernel (row-major, byte addresses in WASM memory) plus the thread count and the scratch scope
 * that holds the per-thread workspace.
 *
 * Partitioning, and why results do not depend on the thread count:
 * - GEMM by blocks of C: row blocks of MC rows over one shared packed B (or column blocks when C
 *   is wide), at multiples of the micro-tile. Each element of C is accumulated over k in the
 *   same order as in one dgemm call, whichever block holds it.
 * - SYRK / SYR2K by the serial routine's own block rows (dsyrk_rows): the same operations.
 * - The tridiagonal reduction (LAPACK dsytrd): dlatrd row by row on the caller, except each
 *   row's trailing-block DSYMV, which the kernel itself computes as fixed row chunks summed in
 *   order (dsymvChunked) and which runs here one chunk per job; then the rank-2b trailing update
 *   (SYR2K) by block rows. The back transformation (dormtr) by column blocks of the eigenvector
 *   matrix, each column transformed independently.
 * - Sums over the rows of X (the sample-covariance, TAP and LAMP applications): fixed row chunks
 *   whose partial sums are added in chunk order (`rowChunks`), the same for any thread count.
 * - GEMMs inside LAPACK kernels (dgemmShared) reach `gemm` through the env.parallel_dgemm import.
 * Below a size threshold each driver makes one serial kernel call: waking workers costs tens of
 * microseconds. Jobs are written with the typed builders of protocol.ts (`job.dgemm({ ... })`):
 * arguments by name, so one in the wrong place does not compile.
 */
import type { KernelExports, NamedKernel, Ptr } from "../wasm/exports.js";
import { NO_TRANS, TRANS, UPPER } from "../wasm/exports.js";
import { withScratch, type Scratch } from "../wasm/memory.js";
import { setParallelGemm } from "../wasm/loader.js";
import { batchRunning, batchThreads, runBatch, threadCount, type Job, type Workspace } from "./pool.js";
import { job, perThread, type BuiltCall } from "./protocol.js";

/** Multiply-adds below which a GEMM runs on one thread (about 0.1 ms of work). */
export const PARALLEL_GEMM_MIN = 2 ** 20;
/** Row jobs of one threaded GEMM phase at most (MC rows each below m = MAX_ROW_JOBS MC). */
const MAX_ROW_JOBS = 64;
/** Rows of the micro-tile: block boundaries at multiples keep every element's arithmetic. */
const TILE = 4;
const BYTES = 8;

/** Per-thread workspace of `doubles` doubles for `slots` threads, 64-byte separated. */
function workspace(s: Scratch, slots: number, doubles: number, what: string): Workspace {
  const stride = Math.ceil(Math.max(doubles, 1) / 8) * 8;
  const block = s.alloc(stride * slots, what);
  return { ptr: block.ptr, strideBytes: stride * BYTES };
}

/** Splits [0, total) into about `parts` ranges whose starts are multiples of `unit`. */
export function splitRange(total: number, parts: number, unit: number): [number, number][] {
  const units = Math.ceil(total / unit);
  const count = Math.max(1, Math.min(parts, units));
  const out: [number, number][] = [];
  for (let p = 0; p < count; p++) {
    const start = Math.round((p * units) / count) * unit;
    const end = Math.min(total, Math.round(((p + 1) * units) / count) * unit);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/**
 * DGEMM on `threads` threads: C := alpha op(A) op(B) + beta C (arguments as the kernel's, less
 * the workspace).
 *
 * Tall C (m >= n): the scheme of BLIS / OpenBLAS threading. Per NC x KC block of op(B), the
 * threads first pack it together (one shared copy, a column range each), then take row blocks of
 * C of MC rows each, with their own packed A. One packed B serves all threads, so neither the
 * packing nor the cache it fills is duplicated, and since A is packed per MC rows anyway, jobs of
 * MC rows cost nothing extra: the queue balances a core slowed by other load to within one job.
 * Wide C: column blocks, each one dgemm call that packs its own columns of B.
 */
export function gemm(
  s: Scratch, threads: number, transA: number, transB: number, m: number, n: number, k: number,
  alpha: number, a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number,
): void {
  const kx = s.k;
  if (m === 0 || n === 0) return;
  if (threads <= 1 || m * n * k < PARALLEL_GEMM_MIN || Math.max(m, n) < 2 * TILE) {
    const w = s.alloc(kx.dgemm_worksize(m, n, k), "GEMM workspace");
    kx.dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, w.ptr);
    return;
  }
  const MC = kx.dgemm_blocking(0), KC = kx.dgemm_blocking(1), NC = kx.dgemm_blocking(2), NR = kx.dgemm_blocking(4);
  if (m >= n && m >= 2 * MC) {
    const rowBlocks = splitRange(m, Math.min(MAX_ROW_JOBS, Math.ceil(m / MC)), MC);
    if (beta !== 1) {
      // dgemm with k = 0 applies only beta, row by row, as the one-call dgemm does first
      runBatch(rowBlocks.map(([lo, hi]) => [job.dgemm({
        transA, transB, m: hi - lo, n, k: 0, alpha, a, lda, b, ldb, beta, c: c + lo * ldc * BYTES, ldc, work: 0,
      })]), threads);
    }
    if (k === 0 || alpha === 0) return;
    const packB = s.alloc(kx.dgemm_packb_size(n, k), "the shared packed B block");
    const rowWork = workspace(s, batchThreads(rowBlocks.length, threads), kx.dgemm_rows_worksize(k), "GEMM workspace");
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      const colParts = splitRange(nc, threads, NR);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        runBatch(colParts.map(([q0, q1]) => [job.dgemm_pack_b({
          transB, kc, nc: q1 - q0, b, ldb, pc, jc: jc + q0, dst: packB.ptr + q0 * kc * BYTES,
        })]), threads);
        runBatch(rowBlocks.map(([lo, hi]) => [job.dgemm_rows({
          transA, i0: lo, i1: hi, nc, kc, alpha, a, lda, pc, packB: packB.ptr, c: c + jc * BYTES, ldc, work: perThread(),
        })]), threads, rowWork);
      }
    }
    return;
  }
  const blocks = splitRange(n, 2 * threads, TILE);
  const jobs: Job[] = blocks.map(([lo, hi]) => {
    const bj = transB === NO_TRANS ? b + lo * BYTES : b + lo * ldb * BYTES;
    return [job.dgemm({ transA, transB, m, n: hi - lo, k, alpha, a, lda, b: bj, ldb, beta, c: c + lo * BYTES, ldc, work: perThread() })];
  });
  const widest = blocks.reduce((w, [lo, hi]) => Math.max(w, hi - lo), 0);
  runBatch(jobs, threads, workspace(s, batchThreads(jobs.length, threads), kx.dgemm_worksize(m, widest, k), "GEMM workspace"));
}

/**
 * DSYRK (twoSided false) or DSYR2K (true) on `threads` threads, by the serial routine's block
 * rows: C := alpha (opA opB^T [+ opB opA^T]) + beta C on the `uplo` triangle (b = a for SYRK).
 */
export function rankUpdate(
  s: Scratch, threads: number, twoSided: boolean, uplo: number, trans: number, n: number, k: number,
  alpha: number, a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number,
): void {
  const kx = s.k;
  if (n === 0) return;
  const nb = kx.dsyrk_blocksize();
  const ws = twoSided ? kx.dsyr2k_worksize(n, k) : kx.dsyrk_worksize(n, k);
  if (threads <= 1 || n * n * k < 2 * PARALLEL_GEMM_MIN || n <= nb) {
    const w = s.alloc(ws, "SYRK workspace");
    if (twoSided) kx.dsyr2k(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, w.ptr);
    else kx.dsyrk(uplo, trans, n, k, alpha, a, lda, beta, c, ldc, w.ptr);
    return;
  }
  // One job per block row; with the upper triangle the first rows are the longest, so the
  // queue hands out the big jobs first (the lower triangle: the reverse order).
  const jobs: Job[] = [];
  for (let i0 = 0; i0 < n; i0 += nb) {
    const rows = { uplo, trans, n, k, alpha, a, lda, beta, c, ldc, work: perThread(), rowStart: i0, rowEnd: i0 + nb };
    jobs.push([twoSided ? job.dsyr2k_rows({ ...rows, b, ldb }) : job.dsyrk_rows(rows)]);
  }
  if (uplo !== UPPER) jobs.reverse();
  runBatch(jobs, threads, workspace(s, batchThreads(jobs.length, threads), ws, "SYRK workspace"));
}

/**
 * y := A x for the UPPER triangle of the order-n A (unit strides) by the kernel's fixed row chunks
 * (dsymv_chunks), one job per chunk on `threads` threads, partial sums added in chunk order: the
 * result of the one-thread dsymvChunked. `partials` holds dsymv_chunks(n) n doubles.
 */
function symvChunked(kx: KernelExports, threads: number, n: number, a: Ptr, lda: number, x: Ptr, y: Ptr, partials: Ptr): void {
  const chunks = kx.dsymv_chunks(n);
  if (chunks === 1) {
    kx.dsymv(UPPER, n, 1, a, lda, x, 1, 0, y, 1);
    return;
  }
  const jobs: Job[] = [];
  for (let c = 0; c < chunks; c++) {
    jobs.push([job.dsymv_upper_rows({
      n, alpha: 1, a, lda, x, out: partials + c * n * BYTES, r0: kx.dsymv_chunk_start(n, c, chunks), r1: kx.dsymv_chunk_start(n, c + 1, chunks),
    })]);
  }
  runBatch(jobs, threads);
  kx.dsymv_reduce(n, chunks, partials, 0, y);
}

/**
 * LAPACK dsytrd (uplo = UPPER, default panel height) on `threads` threads. The same steps as the
 * kernel dsytrd (assembly/lapack/dsytrd.ts), so the same result bit for bit: per panel of b rows,
 * dlatrd row by row (dlatrd_row_start; the trailing-block dsymv by fixed row chunks on all
 * threads; dlatrd_row_finish), then A22 -= V^T W + W^T V by block rows, then e and d restored;
 * the last rows by dsytd2. Returns the kernel's status.
 */
export function sytrd(s: Scratch, threads: number, n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tau: Ptr): number {
  const kx = s.k;
  const b = kx.dsytrd_blocksize();
  const nx = Math.max(b, kx.dsytrd_crossover());
  if (threads <= 1 || n <= Math.max(nx, 2 * kx.dsyrk_blocksize())) {
    const w = s.alloc(kx.dsytrd_worksize(n, 0), "dsytrd workspace");
    return kx.dsytrd(UPPER, n, a, lda, d, e, tau, w.ptr, 0);
  }
  const wpanel = s.alloc(b * n, "the dlatrd panel");
  const partials = s.alloc(Math.max(kx.dlatrd_worksize(n), 1), "dsymv partial sums");
  const row = lda * BYTES;
  let i = 0;
  for (; i < n - nx; i += b) {
    const m = n - i;
    const aii = a + i * row + i * BYTES;
    const ei = e + i * BYTES, ti = tau + i * BYTES;
    // dlatrd(UPPER, m, b, aii, lda, ei, ti, wpanel, n, partials), its dsymv on the threads
    for (let r = 0; r < b; r++) {
      kx.dlatrd_row_start(m, r, aii, lda, ei, ti, wpanel.ptr, n);
      if (r < m - 1) {
        const off = r * BYTES + BYTES;
        symvChunked(kx, threads, m - r - 1, aii + (r + 1) * row + off, lda, aii + r * row + off, wpanel.ptr + r * n * BYTES + off, partials.ptr);
        kx.dlatrd_row_finish(m, r, aii, lda, ti, wpanel.ptr, n);
      }
    }
    rankUpdate(s, threads, true, UPPER, TRANS, m - b, b, -1, aii + b * BYTES, lda, wpanel.ptr + b * BYTES, n, 1,
      aii + b * row + b * BYTES, lda);
    // e_j back on the superdiagonal, the diagonal into d (as the kernel does)
    const mem = kx.memory.buffer;
    const av = new Float64Array(mem, a, (n - 1) * lda + n);
    const ev = new Float64Array(mem, e, n);
    const dv = new Float64Array(mem, d, n);
    for (let j = i; j < i + b; j++) {
      av[j * lda + j + 1] = ev[j]!;
      dv[j] = av[j * lda + j]!;
    }
  }
  return kx.dsytd2(UPPER, n - i, a + i * row + i * BYTES, lda, d + i * BYTES, e + i * BYTES, tau + i * BYTES);
}

/**
 * LAPACK dormtr (uplo = UPPER): C := op(Q) C for the n x ncols C, Q from dsytrd, on `threads`
 * threads by column blocks of C. Returns the first nonzero kernel status, else 0.
 */
export function ormtr(
  s: Scratch, threads: number, trans: number, n: number, ncols: number, a: Ptr, lda: number, tau: Ptr, c: Ptr, ldc: number,
): number {
  const kx = s.k;
  if (threads <= 1 || n * n * ncols < 2 * PARALLEL_GEMM_MIN || ncols < 2 * TILE) {
    const w = s.alloc(kx.dormtr_worksize(n, ncols, 0), "dormtr workspace");
    return kx.dormtr(trans, n, ncols, a, lda, tau, c, ldc, w.ptr, 0);
  }
  const blocks = splitRange(ncols, threads, TILE);
  const jobs: Job[] = blocks.map(([lo, hi]) => [
    job.dormtr({ trans, n, ncols: hi - lo, a, lda, tau, c: c + lo * BYTES, ldc, work: perThread(), nb: 0 }),
  ]);
  const widest = blocks.reduce((w, [lo, hi]) => Math.max(w, hi - lo), 0);
  const status = runBatch(jobs, threads, workspace(s, batchThreads(jobs.length, threads), kx.dormtr_worksize(n, widest, 0), "dormtr workspace"));
  return status.find((x) => x !== 0) ?? 0;
}

/**
 * Rows per chunk of a row sum (see `rowChunks`): enough chunks to balance two or more threads at
 * the sizes of a sweep (n = 20000: 20 chunks), while the extra cost, one length-d partial sum
 * per chunk, stays below 0.1% of the pass over X.
 */
export const ROW_CHUNK = 1024;

/**
 * The fixed row chunks [lo, hi) of an m-row sum: one chunk up to ROW_CHUNK rows, else chunks of
 * ROW_CHUNK rows (a multiple of 4, the row blocking of the one-pass kernels). They depend on m
 * only, so partial sums added in chunk order give the same result for any thread count.
 */
export function rowChunks(m: number): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = 0; lo < m; lo += ROW_CHUNK) out.push([lo, Math.min(m, lo + ROW_CHUNK)]);
  if (out.length === 0) out.push([0, 0]);
  return out;
}

/**
 * out := sum over the rows of an m-row kernel product, computed by fixed row chunks on `threads`
 * threads: `call(lo, hi, dst)` is the kernel call (a `job.<kernel>` builder) that writes the chunk [lo, hi)'s sum into
 * dst (overwriting it), `length` the doubles of the sum. Chunk 0 writes `out` directly, the
 * others write partial sums that are then added to `out` in chunk order (daxpy).
 */
export function rowSum(
  s: Scratch, threads: number, m: number, length: number, out: Ptr, call: (lo: number, hi: number, dst: Ptr) => BuiltCall<NamedKernel>,
  work?: { doubles: number },
): void {
  const kx: KernelExports = s.k;
  const chunks = rowChunks(m);
  const ws = work ? workspace(s, batchThreads(chunks.length, threads), work.doubles, "row-sum workspace") : undefined;
  const partial = chunks.length > 1 ? s.alloc(length * (chunks.length - 1), "row-chunk partial sums") : null;
  const jobs: Job[] = chunks.map(([lo, hi], c) => [call(lo, hi, c === 0 ? out : partial!.ptr + (c - 1) * length * BYTES)]);
  runBatch(jobs, threads, ws);
  for (let c = 1; c < chunks.length; c++) kx.daxpy(length, 1, partial!.ptr + (c - 1) * length * BYTES, 1, out, 1);
}

/**
 * A kernel that treats the rows of an m-row problem independently, by row blocks on `threads`
 * threads: `call(lo, hi)` is its call (a `job.<kernel>` builder) on the rows [lo, hi).
 */
export function rowSplit(threads: number, m: number, minRows: number, call: (lo: number, hi: number) => BuiltCall<NamedKernel>): void {
  const blocks = threads <= 1 || m < 2 * minRows ? [[0, m] as [number, number]] : splitRange(m, 2 * threads, TILE);
  runBatch(blocks.map(([lo, hi]) => [call(lo, hi)]), threads);
}

/**
 * y := alpha X^T diag(w) X v for an m x n X (DGRAMV), as a sum over fixed row chunks computed on
 * `threads` threads and added in chunk order. w = 0: no weights.
 */
export function gramv(
  s: Scratch, threads: number, m: number, n: number, alpha: number, x: Ptr, ldx: number, w: Ptr, v: Ptr, y: Ptr,
): void {
  rowSum(s, threads, m, n, y, (lo, hi, dst) => job.dgramv({
    m: hi - lo, n, alpha, x: x + lo * ldx * BYTES, ldx, w: w === 0 ? 0 : w + lo * BYTES, v, beta: 0, y: dst,
  }));
}

// The GEMMs inside LAPACK kernels (dgemmShared: D&C merges, block reflectors, Hessenberg
// reduction) come here through the module's parallel_dgemm import. Inside a batch (a kernel run
// as one job of a parallel call, or on a worker) they stay on their thread.
let callThreads: number | null = null;

/**
 * Runs `fn` with `threads` as the thread count of the GEMMs that kernels offer to the host (a
 * call's own `threads` option), instead of `getThreads()`.
 */
export function withThreads<T>(threads: number, fn: () => T): T {
  const outer = callThreads;
  callThreads = threads;
  try {
    return fn();
  } finally {
    callThreads = outer;
  }
}

setParallelGemm((transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
  const threads = callThreads ?? threadCount();
  if (threads <= 1 || batchRunning()) return 0;
  withScratch((s) => gemm(s, threads, transA, transB, m, n, k, alpha, a >>> 0, lda, b >>> 0, ldb, beta, c >>> 0, ldc));
  return 1;
});
