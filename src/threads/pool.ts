/**
 * The kernel thread pool: worker threads that each instantiate the threads build over the active
 * module's shared memory, and a synchronous `runBatch` that spreads a batch of kernel-call jobs
 * over them and the calling thread (protocol: src/threads/protocol.ts).
 *
 * - Node: workers (worker_threads, unref'd so they never keep a process alive) start on the
 *   first parallel call that needs them; the caller blocks until they listen (about 40 ms once).
 * - Browsers: workers (module Web Workers) can only start while the page's event loop runs, so
 *   `ready()` starts them and waits; a later `setThreads(n)` starts more in the background and
 *   each joins the first batch after it is ready. Without cross-origin isolation there is no
 *   shared memory, the single-threaded build is loaded and every call runs on the caller.
 * - The number of threads is `setThreads(n)` (default: the number of cores), or a per-call
 *   `threads` option of the parallel functions; 1 means no workers at all. Either is capped at
 *   `maxThreads()`, 4 x the cores the platform reports.
 *
 * Every batch is a work queue: jobs go to whichever thread is free. The drivers (src/threads/
 * drivers.ts) cut work so that each element is computed by the same operations whatever thread
 * runs it, so results do not depend on the number of threads.
 */
import { InvalidArgumentError, WorkerError } from "../errors.js";
import type { KernelExports, Ptr } from "../wasm/exports.js";
import { loaded, onModuleLoaded, type LoadedModule } from "../wasm/loader.js";
import {
  ADMIT, DONE, ERROR_JOB, GEN, MAX_WORKERS, NEXT, PARTICIPANTS, READY, SHUTDOWN, WORKER_JOBS,
  createBuffers, encodeBatch, functionNames, functionTable, readFailure, runJobs, viewBuffers,
  type EncodedCall, type ProtocolBuffers,
} from "./protocol.js";
import type { WorkerInit } from "./worker.js";

/** Kernel exports that are functions: what a parallel job may call. */
export type KernelName = { [K in keyof KernelExports]: KernelExports[K] extends (...args: never[]) => unknown ? K : never }[keyof KernelExports];

/** One kernel call of a job. */
export interface KernelCall {
  fn: KernelName;
  args: readonly number[];
  /** Index of the argument that is the per-thread workspace (see `Workspace`). */
  workArg?: number;
  /** More arguments into the per-thread workspace: [argument index, byte offset in the slot]. */
  workAt?: readonly (readonly [number, number])[];
}

/** A job: kernel calls run in order on one thread. */
export type Job = readonly KernelCall[];

/** Per-thread workspace of a batch: thread t (0 = caller) gets `ptr + t * strideBytes`. */
export interface Workspace {
  ptr: Ptr;
  strideBytes: number;
}

/** A call's workspace arguments as [argument index, byte offset] pairs. */
function workArgs(call: KernelCall): (readonly [number, number])[] {
  return [...(call.workArg === undefined ? [] : [[call.workArg, 0] as const]), ...(call.workAt ?? [])];
}

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
/** How long a starting worker may take before the call gives up on it. */
const START_TIMEOUT_MS = 30_000;

interface WorkerHandle {
  id: number;
  terminate(): Promise<unknown> | void;
  exited: Promise<void>;
  admitted: boolean;
}

type NodeWorkerCtor = new (url: URL, options: { workerData: WorkerInit }) => {
  unref(): void;
  terminate(): Promise<number>;
  once(event: "exit" | "error", listener: (arg: unknown) => void): void;
};

interface NodePlatform {
  Worker: NodeWorkerCtor;
  workerUrl: URL;
  cores: number;
}

let nodePlatform: NodePlatform | null = null;

async function loadNodePlatform(): Promise<NodePlatform> {
  if (nodePlatform) return nodePlatform;
  const [{ Worker }, os, fs] = await Promise.all([import("node:worker_threads"), import("node:os"), import("node:fs")]);
  // From dist/ the worker sits next to this file; from the TypeScript sources (tests) use the build
  const here = new URL("./worker.js", import.meta.url);
  const built = new URL("../../dist/threads/worker.js", import.meta.url);
  const workerUrl = fs.existsSync(here) ? here : built;
  nodePlatform = { Worker: Worker as unknown as NodeWorkerCtor, workerUrl, cores: os.availableParallelism() };
  return nodePlatform;
}

function defaultThreads(): number {
  if (isNode) return nodePlatform?.cores ?? 1;
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(MAX_WORKERS + 1, n ?? 1));
}

/** Cores as the platform reports them: os.availableParallelism() in Node, hardwareConcurrency in browsers. */
function reportedCores(): number {
  if (isNode) {
    if (nodePlatform) return nodePlatform.cores;
    // before ready() (lazy entry): node:os without an async import (Node >= 20.16)
    const os = (process as { getBuiltinModule?: (id: string) => { availableParallelism(): number } | undefined })
      .getBuiltinModule?.("node:os");
    if (os) return os.availableParallelism();
    return MAX_WORKERS + 1;
  }
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return n !== undefined && n >= 1 ? n : MAX_WORKERS + 1;
}

/**
 * The most threads a call or `setThreads` may ask for: 4 x the cores the platform reports, at
 * most 256 (the protocol's worker slots). Kernels are compute-bound, so threads beyond the cores
 * only time-share them; a few times the cores still lets tests and benchmarks oversubscribe on
 * purpose, while a typo such as 256 on a laptop no longer starts hundreds of workers (each one
 * instantiates the module, about 1 MB and 40 ms).
 */
export function maxThreads(): number {
  return Math.max(1, Math.min(MAX_WORKERS + 1, 4 * reportedCores()));
}

/** Throws InvalidArgumentError unless n is an integer in 1..maxThreads(), saying the cap and why. */
function checkThreadCount(n: unknown, what: string): asserts n is number {
  const cap = maxThreads();
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${what} must be an integer in 1..${cap}, got ${String(n)}`);
  }
  if (n > cap) {
    throw new InvalidArgumentError(
      `${what} is ${n}, above the cap of ${cap} = 4 x the ${reportedCores()} cores this platform reports ` +
        `(compute-bound kernels gain nothing from more threads than cores; the cap leaves room to oversubscribe)`,
    );
  }
}

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, SHUTDOWN, -12345, 0);
    return true;
  } catch {
    return false;
  }
}

class KernelPool {
  private readonly shared: ReturnType<typeof createBuffers>;
  private readonly b: ProtocolBuffers;
  private readonly workers: WorkerHandle[] = [];
  private readonly index: Map<string, number>;
  private readonly table: ReturnType<typeof functionTable>;
  private readonly blocking: boolean;
  private closed = false;
  /** True while a batch runs: a GEMM offered by a kernel then runs serially (no nesting). */
  running = false;

  constructor(readonly mod: LoadedModule) {
    this.shared = createBuffers();
    this.b = viewBuffers(this.shared);
    Atomics.store(this.b.control, ERROR_JOB, -1);
    const exports = mod.exports as unknown as WebAssembly.Exports;
    this.index = new Map(functionNames(exports).map((name, i) => [name, i]));
    this.table = functionTable(exports);
    this.blocking = canBlock(this.b.control);
  }

  /** Workers admitted to batches. */
  get admittedCount(): number {
    return this.workers.filter((w) => w.admitted).length;
  }

  get liveCount(): number {
    return this.workers.length;
  }

  get workerJobs(): number {
    return Atomics.load(this.b.control, WORKER_JOBS);
  }

  private init(id: number): WorkerInit {
    return { id, module: this.mod.module, memory: this.mod.exports.memory, ...this.shared };
  }

  /** Starts workers 1..count (those not running yet); in Node waits until they listen. */
  spawn(count: number): void {
    if (this.closed) return;
    count = Math.min(count, MAX_WORKERS);
    // ids stay unique after a dropped worker (then ids are not contiguous and workers above the
    // gap sit batches out: safe, since thread ids never exceed the participants' workspace slots)
    for (let id = this.workers.reduce((m, w) => Math.max(m, w.id), 0) + 1; this.workers.length < count; id++) {
      Atomics.store(this.b.control, READY + id, 0);
      Atomics.store(this.b.control, ADMIT + id, 0);
      if (isNode && nodePlatform) {
        const w = new nodePlatform.Worker(nodePlatform.workerUrl, { workerData: this.init(id) });
        w.unref();
        const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
        w.once("error", () => Atomics.store(this.b.control, READY + id, -1));
        this.workers.push({ id, terminate: () => w.terminate(), exited, admitted: false });
      } else {
        const W = (globalThis as { Worker?: new (url: URL, o: { type: "module" }) => { postMessage(d: unknown): void; terminate(): void; onerror: unknown } }).Worker;
        if (!W) return;
        const w = new W(new URL("./worker.js", import.meta.url), { type: "module" });
        let markExited: () => void = () => {};
        const exited = new Promise<void>((resolve) => (markExited = resolve));
        w.onerror = () => {
          Atomics.store(this.b.control, READY + id, -1);
          markExited();
        };
        w.postMessage(this.init(id));
        this.workers.push({ id, terminate: () => { w.terminate(); markExited(); }, exited, admitted: false });
      }
    }
    if (isNode) for (const w of this.workers) this.awaitReadySync(w);
  }

  private awaitReadySync(w: WorkerHandle): void {
    const start = Date.now();
    while (Atomics.load(this.b.control, READY + w.id) === 0 && Date.now() - start < START_TIMEOUT_MS) {
      Atomics.wait(this.b.control, READY + w.id, 0, 100);
    }
    const state = Atomics.load(this.b.control, READY + w.id);
    if (state !== 1) {
      this.dropWorker(w);
      throw new WorkerError(
        state === 0
          ? `kernel worker ${w.id} did not start within ${START_TIMEOUT_MS / 1000} s`
          : `kernel worker ${w.id} failed to start (its script or the module's instantiation threw)`,
        w.id,
        -1,
      );
    }
  }

  /**
   * Resolves once every started worker listens (browsers; Node workers start synchronously). A
   * worker that fails or does not start in time is dropped: the calls then use fewer threads.
   */
  async whenReady(): Promise<void> {
    const start = Date.now();
    for (const w of [...this.workers]) {
      while (Atomics.load(this.b.control, READY + w.id) === 0 && Date.now() - start < START_TIMEOUT_MS) {
        await new Promise((r) => setTimeout(r, 5));
      }
      if (Atomics.load(this.b.control, READY + w.id) !== 1) this.dropWorker(w);
    }
  }

  private dropWorker(w: WorkerHandle): void {
    void w.terminate();
    this.workers.splice(this.workers.indexOf(w), 1);
  }

  /** Admits the contiguous run of ready workers 1..k, between two batches. */
  private admit(): void {
    const gen = Atomics.load(this.b.control, GEN);
    for (const w of this.workers) {
      if (w.admitted) continue;
      if (Atomics.load(this.b.control, READY + w.id) !== 1) break;
      w.admitted = true;
      Atomics.store(this.b.control, ADMIT + w.id, gen + 1);
      Atomics.notify(this.b.control, ADMIT + w.id);
    }
  }

  resolve(fn: string): number {
    const i = this.index.get(fn);
    if (i === undefined) throw new InvalidArgumentError(`no kernel named ${fn} in the loaded module`);
    return i;
  }

  /**
   * Runs the batch on up to `threads` threads (the caller and threads - 1 workers) and returns
   * each call's return value, in order. Throws a WorkerError naming the first failing job after
   * every thread is done with the batch, so no kernel still runs when the caller frees memory.
   */
  run(jobs: readonly Job[], threads: number, work: Workspace | undefined): Float64Array {
    if (this.running) throw new WorkerError("internal error: a parallel batch was started inside another", 0, -1);
    this.running = true;
    try {
      return this.runLocked(jobs, threads, work);
    } finally {
      this.running = false;
    }
  }

  private runLocked(jobs: readonly Job[], threads: number, work: Workspace | undefined): Float64Array {
    const encoded: EncodedCall[][] = jobs.map((job) =>
      job.map((c) => ({ fn: this.resolve(c.fn), args: c.args, work: workArgs(c) })));
    const slots = encodeBatch(this.b.jobs, encoded, work?.ptr ?? 0, work?.strideBytes ?? 0);
    const { control } = this.b;
    Atomics.store(control, ERROR_JOB, -1);
    Atomics.store(control, NEXT, 0);
    Atomics.store(control, DONE, 0);
    let reporting = 0;
    if (threads > 1 && jobs.length > 1) {
      if (isNode) this.spawn(threads - 1);
      this.admit();
      reporting = this.admittedCount;
    }
    // never more participants than jobs: thread ids stay below the workspace slots the caller sized
    const participants = Math.min(threads, 1 + reporting, jobs.length);
    Atomics.store(control, PARTICIPANTS, participants);
    if (reporting > 0) {
      Atomics.add(control, GEN, 1);
      Atomics.notify(control, GEN);
    }
    runJobs(this.b, this.table, 0);
    // Wait for every admitted worker's report (participants or not: see worker.ts)
    for (let done = Atomics.load(control, DONE); done < reporting; done = Atomics.load(control, DONE)) {
      if (this.blocking) Atomics.wait(control, DONE, done, 1000);
    }
    const failure = readFailure(this.b);
    if (failure) {
      const call = jobs[failure.job]?.map((c) => c.fn).join(", ") ?? "?";
      throw new WorkerError(
        `a parallel kernel call failed on ${failure.thread === 0 ? "the calling thread" : `worker ${failure.thread}`} ` +
          `(job ${failure.job}: ${call}): ${failure.message}`,
        failure.thread,
        failure.job,
      );
    }
    return this.b.results.slice(0, slots);
  }

  /** Stops every worker; resolves when all have exited. */
  async close(): Promise<void> {
    this.closed = true;
    Atomics.store(this.b.control, SHUTDOWN, 1);
    Atomics.add(this.b.control, GEN, 1);
    Atomics.notify(this.b.control, GEN);
    for (const w of this.workers) Atomics.notify(this.b.control, ADMIT + w.id);
    const exits = this.workers.map((w) => {
      void w.terminate();
      return w.exited;
    });
    this.workers.length = 0;
    await Promise.all(exits);
  }
}

let pool: KernelPool | null = null;
let requested: number | null = null;

function currentPool(): KernelPool {
  const mod = loaded();
  if (!pool || pool.mod !== mod) {
    const old = pool;
    pool = new KernelPool(mod);
    if (old) void old.close();
  }
  return pool;
}

onModuleLoaded(async (mod, previous) => {
  if (mod.shared && isNode) await loadNodePlatform();
  if (pool && pool.mod === previous) {
    const old = pool;
    pool = null;
    await old.close();
  }
  // Browsers: workers can only start while the event loop runs, so start them now
  if (mod.shared && !isNode) {
    const p = currentPool();
    p.spawn(threadCount() - 1);
    await p.whenReady();
  }
});

/**
 * The number of threads parallel calls use: `setThreads`' value, else the number of cores;
 * always 1 when the loaded module is the single-threaded build (no shared memory).
 */
export function threadCount(): number {
  let mod: LoadedModule;
  try {
    mod = loaded();
  } catch {
    return 1;
  }
  if (!mod.shared) return 1;
  return requested ?? defaultThreads();
}

/**
 * Sets how many threads spikelab's parallel kernels use (the caller plus n - 1 workers). 1 stops
 * every worker. Where the single-threaded build is loaded (a browser page that is not
 * cross-origin isolated) the setting is kept but calls still run on one thread.
 */
export function setThreads(n: number): void {
  checkThreadCount(n, "setThreads: the thread count");
  const before = threadCount();
  requested = n;
  if (pool && pool.liveCount > n - 1) {
    // fewer workers: stop them all, the next parallel call starts what it needs
    const old = pool;
    pool = null;
    void old.close();
  }
  if (pool && !isNode && n > before && pool.mod.shared) pool.spawn(n - 1);
}

/** Stops every kernel worker now; resolves once all have exited. Later parallel calls start new ones. */
export async function terminateThreads(): Promise<void> {
  const old = pool;
  pool = null;
  if (old) await old.close();
}

/** Kernel workers alive now (for tests and diagnostics). */
export function liveWorkers(): number {
  return pool?.liveCount ?? 0;
}

/** Jobs the current pool's workers (not the caller) have run so far (for tests and diagnostics). */
export function workerJobs(): number {
  return pool?.workerJobs ?? 0;
}

function sharedLoaded(): boolean {
  try {
    return loaded().shared;
  } catch {
    return false;
  }
}

/**
 * The threads a call may use: its `threads` option (validated) or `threadCount()`; 1 where the
 * single-threaded build is loaded.
 */
export function threadsFor(option: number | undefined, fn: string): number {
  if (option !== undefined) checkThreadCount(option, `${fn}: threads`);
  return sharedLoaded() ? (option ?? threadCount()) : 1;
}

/** The jobs run in order on the calling thread, with no pool (and no shared memory) involved. */
function runHere(jobs: readonly Job[], work: Workspace | undefined): Float64Array {
  const k = loaded().exports as unknown as Record<string, (...args: number[]) => number | void>;
  const out = new Float64Array(jobs.reduce((s, j) => s + j.length, 0));
  let slot = 0;
  for (const job of jobs) {
    for (const call of job) {
      const args = [...call.args];
      for (const [arg, offset] of workArgs(call)) args[arg] = work!.ptr + offset;
      const r = k[call.fn]!(...args);
      out[slot++] = typeof r === "number" ? r : 0;
    }
  }
  return out;
}

/**
 * Runs a batch of kernel-call jobs on up to `threads` threads (see KernelPool.run). With one
 * thread, or one job, everything runs on the caller and no worker is started; a trap then
 * propagates as it is.
 */
export function runBatch(jobs: readonly Job[], threads: number, work?: Workspace): Float64Array {
  if (threads <= 1 || jobs.length <= 1 || !sharedLoaded()) return runHere(jobs, work);
  return currentPool().run(jobs, threads, work);
}

/** True while a batch of the current pool runs (on this, the calling, thread). */
export function batchRunning(): boolean {
  return pool?.running ?? false;
}

/** How many threads (and so workspace slots) a batch of `jobs` jobs uses at most. */
export function batchThreads(jobs: number, threads: number): number {
  return Math.max(1, Math.min(jobs, threads));
}
