/**
 * The platform side of the pool: how many cores there are and how many threads a call may ask
 * for, and starting one kernel worker, a Node worker_threads Worker (unref'd, so it never keeps a
 * process alive) or a browser module Web Worker.
 */
import { InvalidArgumentError } from "../errors.js";
import { isNode, nodeBuiltin } from "../wasm/host.js";
import { MAX_WORKERS, READY, SHUTDOWN } from "./protocol.js";
import type { WorkerInit } from "./worker.js";

export { isNode };
/** How long a starting worker may take before the call gives up on it. */
export const START_TIMEOUT_MS = 30_000;

export interface WorkerHandle {
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

export async function loadNodePlatform(): Promise<NodePlatform> {
  if (nodePlatform) return nodePlatform;
  const [{ Worker }, os, fs] = await Promise.all([
    nodeBuiltin<typeof import("node:worker_threads")>("node:worker_threads"),
    nodeBuiltin<typeof import("node:os")>("node:os"),
    nodeBuiltin<typeof import("node:fs")>("node:fs"),
  ]);
  // From dist/ the worker (one self-contained file, scripts/bundleWorker.mjs) sits next to this
  // file; from the TypeScript sources (tests) use the build
  const here = new URL("./worker.js", import.meta.url);
  const built = new URL("../../dist/threads/worker.js", import.meta.url);
  const workerUrl = fs.existsSync(here) ? here : built;
  nodePlatform = { Worker: Worker as unknown as NodeWorkerCtor, workerUrl, cores: os.availableParallelism() };
  return nodePlatform;
}

export function defaultThreads(): number {
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
export function checkThreadCount(n: unknown, what: string): asserts n is number {
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
export function canBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, SHUTDOWN, -12345, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts kernel worker `id` with `init` (Node once loadNodePlatform resolved, else a browser module
 * Worker); a worker that fails to load sets its READY slot of `control` to -1. Null where the
 * platform has no workers.
 */
export function startWorker(id: number, init: WorkerInit, control: Int32Array): WorkerHandle | null {
  if (isNode && nodePlatform) {
    const w = new nodePlatform.Worker(nodePlatform.workerUrl, { workerData: init });
    w.unref();
    const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
    w.once("error", () => Atomics.store(control, READY + id, -1));
    return { id, terminate: () => w.terminate(), exited, admitted: false };
  }
  if (typeof Worker === "undefined") return null;
  // Written exactly as `new Worker(new URL("./worker.js", import.meta.url), { type: "module" })`:
  // the form Vite and webpack 5 recognise and bundle as a worker (esbuild leaves it, and the
  // page then serves worker.js beside the bundle). The file has no imports, so it runs whether a
  // bundler rebuilds it, copies it as an asset or inlines it.
  const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  let markExited: () => void = () => {};
  const exited = new Promise<void>((resolve) => (markExited = resolve));
  w.onerror = () => {
    Atomics.store(control, READY + id, -1);
    markExited();
  };
  w.postMessage(init);
  return { id, terminate: () => { w.terminate(); markExited(); }, exited, admitted: false };
}
