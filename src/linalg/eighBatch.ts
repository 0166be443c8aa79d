/**
 * Batches of dense symmetric eigenproblems (`eigvalshBatch`, `eighBatch`): each matrix is one job
 * of the thread pool (src/threads/pool.ts), validated, scaled and mirrored exactly as `eigh` does
 * (eigh.ts), so that each result equals eigh's bit for bit whatever the thread count.
 */
import { InvalidArgumentError } from "../errors.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { assertOptions } from "../validate.js";
import { NO_TRANS, UPPER, type KernelExports } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { checkStatus } from "../wasm/status.js";
import { withThreads } from "../threads/drivers.js";
import { batchThreads, runBatch, threadsFor, type Job } from "../threads/pool.js";
import { job, perThread } from "../threads/protocol.js";
import {
  mirrorLower, overflow, scaleFor, tridiagonalStatus, type EighOptions, type EighResult,
} from "./eigh.js";
import { validate, type Checked } from "./eighChecks.js";

/**
 * The eigenvalues of several real symmetric matrices (ascending, one Float64Array per matrix,
 * in order), solved side by side: each problem is one job (dsytrd + dsterf, as `eigvalsh`) and
 * the jobs go to `threads` threads (default `getThreads()`), e.g. the instances of one sweep
 * point. Same validation and options as `eigvalsh` (no `range`); the results are those of
 * `eigvalsh` on each matrix, bit for bit, whatever the thread count. WASM memory: the matrices
 * are all copied in at once (n^2 doubles each).
 */
export function eigvalshBatch(matrices: readonly MatrixLike[], options: Omit<EighOptions, "vectors" | "range"> = {}): Float64Array[] {
  return solveBatch("eigvalshBatch", matrices, options, false).map((r) => r.values);
}

/**
 * `eigh` (all eigenpairs) of several real symmetric matrices side by side: each problem is one
 * job (dsytrd + dstedc + dormtr) on `threads` threads (default `getThreads()`). Same validation
 * and options as `eigh` (no `range`); each result equals `eigh`'s bit for bit, whatever the
 * thread count. WASM memory: about 2 n^2 doubles per matrix at once, plus a dstedc workspace
 * per thread.
 */
export function eighBatch(matrices: readonly MatrixLike[], options: Omit<EighOptions, "vectors" | "range"> = {}): EighResult[] {
  return solveBatch("eighBatch", matrices, options, true);
}

function solveBatch(fn: string, matrices: readonly MatrixLike[], options: EighOptions, vectors: boolean): EighResult[] {
  if (!Array.isArray(matrices)) throw new InvalidArgumentError(`${fn}: matrices must be an array, got ${typeof matrices}`);
  assertOptions(options, fn);
  if (options.range !== undefined) throw new InvalidArgumentError(`${fn}: range is not supported; use ${vectors ? "eigh" : "eigvalsh"} per matrix`);
  const checked = matrices.map((A, i) => {
    try {
      return validate(A, { ...options, vectors }, vectors, fn);
    } catch (err) {
      if (err instanceof Error) err.message = err.message.replace(`${fn}:`, `${fn}: matrix ${i}:`);
      throw err;
    }
  });
  const threads = threadsFor(options.threads, fn);
  return withThreads(threads, () => withScratch((s) => {
    const k: KernelExports = s.k;
    const nmax = checked.reduce((m, c) => Math.max(m, c.n), 0);
    // one slot per thread: [work | iwork], work for whichever step needs most
    const work = Math.max(k.dsytrd_worksize(nmax, 0), vectors ? k.dstedc_worksize(2, nmax) : 0, vectors ? k.dormtr_worksize(nmax, nmax, 0) : 0, 1);
    const stride = Math.ceil(work / 8) * 8;
    const iwork = vectors ? Math.ceil(k.dstedc_iworksize(2, nmax) / 2) + 1 : 0;
    const slot = stride + Math.ceil(iwork / 8) * 8;
    const slots = batchThreads(checked.length, threads);
    s.reserve([...checked.flatMap((c) => [c.n * c.n, c.n, c.n, c.n, vectors ? c.n * c.n : 0]), slot * slots], `${fn} of ${checked.length} matrices`);
    const blocks = checked.map((c) => ({
      a: mirrored(s.from(c.a.data, "a matrix of the batch"), c),
      d: s.alloc(Math.max(c.n, 1), "the tridiagonal diagonal"),
      e: s.alloc(Math.max(c.n, 1), "the tridiagonal off-diagonal"),
      tau: s.alloc(Math.max(c.n, 1), "the reflector scalars"),
      z: vectors ? s.alloc(Math.max(c.n * c.n, 1), "the eigenvectors") : null,
      sigma: scaleFor(c.anorm),
    }));
    const ws = s.alloc(slot * slots, "eigensolver workspace");
    const jobs: Job[] = checked.map((c, i) => {
      const b = blocks[i]!;
      if (c.n === 0) return [];
      const { n, maxSweeps } = c;
      const [a, d, e, tau] = [b.a.ptr, b.d.ptr, b.e.ptr, b.tau.ptr];
      return [
        ...(b.sigma !== 1 ? [job.dscal({ n: n * n, alpha: b.sigma, x: a, incx: 1 })] : []),
        job.dsytrd({ uplo: UPPER, n, a, lda: n, d, e, tau, work: perThread(), nb: 0 }),
        ...(b.z
          ? [
            job.dstedc({ compz: 2, n, d, e, z: b.z.ptr, ldz: n, work: perThread(), iwork: perThread(stride * 8), maxSweeps }),
            job.dormtr({ trans: NO_TRANS, n, ncols: n, a, lda: n, tau, c: b.z.ptr, ldc: n, work: perThread(), nb: 0 }),
          ]
          : [job.dsterf({ n, d, e, maxSweeps })]),
      ];
    });
    const status = runBatch(jobs, threads, { ptr: ws.ptr, strideBytes: slot * 8 });
    let at = 0;
    return checked.map((c, i) => {
      if (c.n === 0) return vectors ? { values: new Float64Array(0), vectors: new Matrix(0, 0) } : { values: new Float64Array(0) };
      const b = blocks[i]!;
      if (b.sigma !== 1) at++; // dscal returns nothing
      const which = `${fn}: matrix ${i}`;
      checkStatus("dsytrd", status[at++]!, { fn: which, n: c.n });
      tridiagonalStatus(k, which, vectors ? "dstedc" : "dsterf", status[at++]!, c.n, b.d.ptr, b.sigma, c.maxSweeps);
      if (vectors) checkStatus("dormtr", status[at++]!, { fn: which, n: c.n });
      const values = b.d.view().slice(0, c.n);
      if (b.sigma !== 1) {
        for (let j = 0; j < c.n; j++) {
          const w = values[j]! / b.sigma;
          if (!Number.isFinite(w)) overflow(`${fn}: matrix ${i}`, j, values[j]!, b.sigma, c.anorm);
          values[j] = w;
        }
      }
      return b.z ? { values, vectors: new Matrix(c.n, c.n, b.z.view().slice(0, c.n * c.n)) } : { values };
    });
  }));
}

function mirrored<T extends { view(): Float64Array }>(block: T, c: Checked): T {
  if (c.lower) mirrorLower(block.view(), c.n);
  return block;
}
