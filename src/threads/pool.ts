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
import { loaded, onModuleLoaded, type LoadedModule } from "../wasm/loader.js";
import { KernelPool } from "./kernelPool.js";
import { runHere, type Job, type Workspace } from "./kernelJobs.js";
import { checkThreadCount, defaultThreads, isNode, loadNodePlatform } from "./threadPlatform.js";

export { batchThreads, type Job, type KernelCall, type KernelName, type Workspace } from "./kernelJobs.js";
export { maxThreads } from "./threadPlatform.js";

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
    p.spawn(wantedThreads() - 1);
    await p.whenReady();
  }
});

/** `setThreads`' value, else the number of cores: what the pool starts workers for. */
function wantedThreads(): number {
  return requested ?? defaultThreads();
}

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
  const wanted = wantedThreads();
  // Browsers: the workers ready() started are the threads there are; one that failed to load
  // was dropped (and said so once), and the count says what actually runs (#19)
  if (!isNode && pool && pool.mod === mod) return Math.min(wanted, 1 + pool.liveCount);
  return wanted;
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
