/**
 * The shared-memory protocol between the calling thread and the kernel workers (src/threads/pool.ts,
 * src/threads/worker.ts). It is plain data in two SharedArrayBuffers, so that the caller can hand
 * out work and wait for it synchronously (the public API is synchronous):
 *
 * - `control` (Int32Array): a generation counter the idle workers sleep on (Atomics.wait), the
 *   index of the next unclaimed job, the count of workers done with the generation, how many
 *   threads take part (worker ids below it; the caller is thread 0), the first failure, a
 *   shutdown flag, per worker a "ready" and an "admitted" word, and the failure's message.
 * - `jobs` (Float64Array): the batch. A job is a list of kernel calls run in order by whichever
 *   thread claims it (Atomics.add on the next-job index: a work queue, so a slow core simply
 *   takes fewer jobs). A call names a kernel export by its index in the sorted export list,
 *   which the caller and every worker compute from the same compiled module.
 *
 * Kernels never allocate, so a call is only numbers: sizes, scalars and byte addresses into the
 * one shared WebAssembly.Memory. A per-thread workspace argument is marked in the call and
 * replaced by `workBase + tid * workStride` on the thread that runs it.
 *
 * Calls are written with `job.<kernel>({ ...named arguments })` (one builder per kernel of
 * KERNEL_PARAMETERS, src/wasm/exports.ts): the names are the kernel's parameters, so a missing,
 * unknown or misplaced argument is a compile error, and `perThread(offset)` marks a workspace
 * argument. The builder writes the positional list of the wire format above.
 */
import { InternalError } from "../errors.js";
import { KERNEL_PARAMETERS, type KernelParameterName, type NamedKernel } from "../wasm/exports.js";

export const GEN = 0;
export const NEXT = 1;
export const DONE = 2;
export const PARTICIPANTS = 3;
/** Index of the first failed job, -1 when none. */
export const ERROR_JOB = 4;
/** Thread id of the first failure. */
export const ERROR_THREAD = 5;
export const SHUTDOWN = 6;
/** Length of the failure message in ERROR_TEXT. */
export const ERROR_LENGTH = 7;
/** Jobs run by workers (not the caller), cumulative: a diagnostic for tests. */
export const WORKER_JOBS = 8;
/** READY + id: 1 once worker `id` (1-based) listens, -1 if it failed to start. */
export const READY = 16;
export const MAX_WORKERS = 255;
/** ADMIT + id: 1 + the generation at which the caller started counting worker `id`'s reports. */
export const ADMIT = READY + MAX_WORKERS + 1;
/** Byte offset of the failure message (UTF-16, at most ERROR_CHARS code units). */
export const ERROR_TEXT_BYTE = (ADMIT + MAX_WORKERS + 1) * 4;
export const ERROR_CHARS = 512;

/** Doubles in the job buffer: header, job offsets and calls (a batch of a few thousand calls). */
export const JOB_CAPACITY = 1 << 16;
// header of the job buffer
const H_JOBS = 0;
const H_WORK_BASE = 1;
const H_WORK_STRIDE = 2;
const H_RESULTS = 3; // number of result slots
export const JOB_HEADER = 4;


export interface ProtocolBuffers {
  control: Int32Array;
  jobs: Float64Array;
  results: Float64Array;
}

export function createBuffers(): { control: SharedArrayBuffer; jobs: SharedArrayBuffer; results: SharedArrayBuffer } {
  return {
    control: new SharedArrayBuffer(ERROR_TEXT_BYTE + ERROR_CHARS * 2),
    jobs: new SharedArrayBuffer(JOB_CAPACITY * 8),
    results: new SharedArrayBuffer(JOB_CAPACITY * 8),
  };
}

export function viewBuffers(b: { control: SharedArrayBuffer; jobs: SharedArrayBuffer; results: SharedArrayBuffer }): ProtocolBuffers {
  return { control: new Int32Array(b.control, 0, ERROR_TEXT_BYTE / 4), jobs: new Float64Array(b.jobs), results: new Float64Array(b.results) };
}

/** The names of an instance's exported functions, sorted: index i is the call table's entry i. */
export function functionNames(exports: WebAssembly.Exports): string[] {
  return Object.keys(exports).filter((name) => typeof exports[name] === "function").sort();
}

/** The kernel functions of an instance, in `functionNames` order: the call table of the protocol. */
export function functionTable(exports: WebAssembly.Exports): ((...args: number[]) => number | void)[] {
  return functionNames(exports).map((name) => exports[name] as (...args: number[]) => number | void);
}

/** One kernel call of a job, already resolved to a table index. */
export interface EncodedCall {
  fn: number;
  args: readonly number[];
  /**
   * The arguments that point into the per-thread workspace: [argument index, byte offset in the
   * thread's slot], replaced on the running thread by slot + offset.
   */
  work: readonly (readonly [number, number])[];
}

/**
 * Writes a batch into the job buffer: job j's calls, each as (fn, argc, resultSlot, nwork,
 * (workArg, workOffset) x nwork, args...). Returns the number of result slots (one per call, in order). Throws a RangeError
 * when the batch does not fit (the drivers keep batches far below the capacity).
 */
export function encodeBatch(jobs: Float64Array, batch: readonly (readonly EncodedCall[])[], workBase: number, workStride: number): number {
  let at = JOB_HEADER + batch.length;
  let slot = 0;
  jobs[H_JOBS] = batch.length;
  jobs[H_WORK_BASE] = workBase;
  jobs[H_WORK_STRIDE] = workStride;
  for (let j = 0; j < batch.length; j++) {
    jobs[JOB_HEADER + j] = at;
    const calls = batch[j]!;
    if (at + 1 + calls.reduce((s, c) => s + 4 + 2 * c.work.length + c.args.length, 0) > JOB_CAPACITY) {
      throw new RangeError(`a parallel batch of ${batch.length} jobs does not fit the ${JOB_CAPACITY}-double job buffer`);
    }
    jobs[at++] = calls.length;
    for (const call of calls) {
      jobs[at++] = call.fn;
      jobs[at++] = call.args.length;
      jobs[at++] = slot++;
      jobs[at++] = call.work.length;
      for (const [arg, offset] of call.work) {
        jobs[at++] = arg;
        jobs[at++] = offset;
      }
      for (const a of call.args) jobs[at++] = a;
    }
  }
  jobs[H_RESULTS] = slot;
  return slot;
}

function recordFailure(b: ProtocolBuffers, job: number, tid: number, err: unknown): void {
  if (Atomics.compareExchange(b.control, ERROR_JOB, -1, job) !== -1) return;
  Atomics.store(b.control, ERROR_THREAD, tid);
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const chars = new Uint16Array(b.control.buffer, ERROR_TEXT_BYTE, ERROR_CHARS);
  const len = Math.min(text.length, ERROR_CHARS);
  for (let i = 0; i < len; i++) chars[i] = text.charCodeAt(i);
  Atomics.store(b.control, ERROR_LENGTH, len);
}

export function readFailure(b: ProtocolBuffers): { job: number; thread: number; message: string } | null {
  const job = Atomics.load(b.control, ERROR_JOB);
  if (job < 0) return null;
  const len = Atomics.load(b.control, ERROR_LENGTH);
  const chars = new Uint16Array(b.control.buffer, ERROR_TEXT_BYTE, len);
  return { job, thread: Atomics.load(b.control, ERROR_THREAD), message: String.fromCharCode(...chars) };
}

/**
 * Claims and runs jobs of the current batch until none is left (the loop of every participant,
 * the caller included). A throwing call (a trap) records the first failure and ends its job; the
 * thread goes on with the next one, so every participant still reaches the end of the batch
 * and nobody waits forever.
 */
export function runJobs(b: ProtocolBuffers, table: readonly ((...args: number[]) => number | void)[], tid: number): void {
  const { control, jobs, results } = b;
  const njobs = jobs[H_JOBS]!;
  const work = jobs[H_WORK_BASE]! + tid * jobs[H_WORK_STRIDE]!;
  const args: number[] = [];
  for (let j = Atomics.add(control, NEXT, 1); j < njobs; j = Atomics.add(control, NEXT, 1)) {
    let at = jobs[JOB_HEADER + j]!;
    const ncalls = jobs[at++]!;
    try {
      for (let c = 0; c < ncalls; c++) {
        const fn = table[jobs[at++]!]!;
        const argc = jobs[at++]!;
        const slot = jobs[at++]!;
        const nwork = jobs[at++]!;
        const workAt = at;
        at += 2 * nwork;
        args.length = argc;
        for (let i = 0; i < argc; i++) args[i] = jobs[at++]!;
        for (let w = 0; w < nwork; w++) args[jobs[workAt + 2 * w]!] = work + jobs[workAt + 2 * w + 1]!;
        const r = fn(...args);
        results[slot] = typeof r === "number" ? r : 0;
      }
    } catch (err) {
      recordFailure(b, j, tid, err);
    }
    if (tid !== 0) Atomics.add(control, WORKER_JOBS, 1);
  }
}

/** A workspace argument: the running thread's slot + `offsetBytes` (see `perThread`). */
export interface PerThread {
  readonly perThreadOffset: number;
}

/** Marks an argument as the per-thread workspace, `offsetBytes` into the thread's slot. */
export function perThread(offsetBytes = 0): PerThread {
  return { perThreadOffset: offsetBytes };
}

/** The arguments of kernel K by name: a number, or a per-thread workspace address. */
export type NamedArgs<K extends NamedKernel> = { readonly [P in KernelParameterName<K>]: number | PerThread };

/** A kernel call as the pool takes it (src/threads/pool.ts KernelCall): positional arguments. */
export interface BuiltCall<K extends NamedKernel> {
  readonly fn: K;
  readonly args: readonly number[];
  /** The per-thread workspace arguments: [argument index, byte offset in the slot]. */
  readonly workAt: readonly (readonly [number, number])[];
}

function build<K extends NamedKernel>(fn: K, named: NamedArgs<K>): BuiltCall<K> {
  const names: readonly string[] = KERNEL_PARAMETERS[fn];
  const values = named as unknown as Record<string, number | PerThread | undefined>;
  const args: number[] = [];
  const workAt: (readonly [number, number])[] = [];
  names.forEach((name, i) => {
    const v = values[name];
    if (typeof v === "number") {
      args.push(v);
    } else if (v !== undefined && typeof v === "object" && typeof v.perThreadOffset === "number") {
      args.push(0);
      workAt.push([i, v.perThreadOffset]);
    } else {
      // only reachable from untyped code: the types require every argument
      throw new InternalError(`the job builder for ${fn} got ${String(v)} for its argument ${name}`, fn);
    }
  });
  return { fn, args, workAt };
}

/**
 * The typed job builders: `job.dsyrk_rows({ uplo, trans, n, k, alpha, a, lda, beta, c, ldc,
 * work: perThread(), rowStart, rowEnd })` is one call of a batch job.
 */
export const job = Object.fromEntries(
  (Object.keys(KERNEL_PARAMETERS) as NamedKernel[]).map((fn) => [fn, (named: NamedArgs<typeof fn>) => build(fn, named)]),
) as { readonly [K in NamedKernel]: (args: NamedArgs<K>) => BuiltCall<K> };
