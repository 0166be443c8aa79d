/**
 * Loads the kernel module in Node or a browser and keeps the active instance.
 *
 * Two builds ship in build/: `spikelab.simd.wasm` (128-bit SIMD, every engine since Node 16.4 /
 * Chrome 91) and `spikelab.relaxed.wasm` (the same kernels with f64x2.relaxed_madd, i.e. fused
 * multiply-add: Node 22+, Chrome 114+, Node 20 only with --experimental-wasm-relaxed-simd).
 * `ready()` picks the relaxed build when `WebAssembly.validate` accepts a relaxed-SIMD probe; on
 * Node 20 it first turns V8's flag on and keeps the relaxed build only if a self-check against the
 * plain build passes (relaxedSimd.ts); else the SIMD build. In Node the bytes are read next to this module (import.meta.url); in a
 * browser they are fetched from the same URL, or taken from `options.source`.
 *
 * Each build has a "threads" twin (`spikelab.threads.wasm`, `spikelab.threads-relaxed.wasm`):
 * the same kernels over an imported shared WebAssembly.Memory, so that worker threads can run
 * kernels on the same data (src/threads/). It is loaded wherever shared memory exists: in Node
 * always, in a browser only when the page is cross-origin isolated (SharedArrayBuffer is
 * available); elsewhere the single-threaded build is loaded and every call runs on one thread.
 */
import { InvalidArgumentError, NotReadyError, SpikelabError, WasmLoadError } from "../errors.js";
import type { KernelExports } from "./exports.js";
import { isNode, nodeBuiltin, type WasmBytes, type WasmMemory, type WasmModule } from "./host.js";
import { enableRelaxedSimd, relaxedBuildAgrees } from "./relaxedSimd.js";

export type WasmBuild = "simd" | "relaxed";

export interface LoadedModule {
  readonly build: WasmBuild;
  /** True for the threads build: memory is shared and worker threads can run its kernels. */
  readonly shared: boolean;
  readonly exports: KernelExports;
  /** The compiled module, which workers instantiate again over the same memory. */
  readonly module: WasmModule;
}

export interface ReadyOptions {
  /** Which build to load; "auto" (default) takes relaxed SIMD where the engine supports it. */
  build?: WasmBuild | "auto";
  /** Module bytes or a URL to load them from, instead of the file next to the package. */
  source?: WasmBytes | URL | string;
  /** Load again even if a module is already active (e.g. to switch builds). */
  force?: boolean;
  /**
   * Load the threads build over shared memory (default "auto": wherever SharedArrayBuffer is
   * available, i.e. Node, and browsers on cross-origin-isolated pages). false: the
   * single-threaded build, with no workers ever.
   */
  shared?: boolean | "auto";
}

/** Pages of 64 KiB in wasm32's 4 GiB. */
const MAX_PAGES = 65536;
/** The threads builds' initial memory (asconfig.json "initialMemory"), in pages. */
const SHARED_INITIAL_PAGES = 16;

/** True when this engine and context can create shared WebAssembly memory (threads build). */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics === "undefined") return false;
  // Browsers hand out SharedArrayBuffer only on cross-origin-isolated pages
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The shared memory of a threads instance: up to 4 GiB where the engine can reserve that
 * much address space, else the largest of 2 GiB, 1 GiB, 256 MiB it accepts.
 */
function sharedMemory(): WebAssembly.Memory {
  let lastError: unknown;
  for (const maximum of [MAX_PAGES, MAX_PAGES / 2, MAX_PAGES / 4, MAX_PAGES / 16]) {
    try {
      return new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum, shared: true });
    } catch (err) {
      lastError = err;
    }
  }
  throw new SpikelabError(`could not create shared WebAssembly memory for the threads build: ${String(lastError)}`);
}

// A module of one function whose body is f64x2.relaxed_madd on three v128 constants:
// WebAssembly.validate accepts it exactly when the engine has relaxed SIMD enabled.
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // function 0 of type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00, // code: 1 body of 59 bytes, no locals
  0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x87, 0x02, // f64x2.relaxed_madd
  0x0b, // end
]);

/** True when this engine validates relaxed-SIMD code (and so can run the relaxed build). */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/**
 * The packaged build's URL. One literal `new URL("...", import.meta.url)` per file: the pattern
 * Vite, webpack 5 and Rollup (with its URL plugins) recognise, copy as an asset and rewrite; a
 * template literal would be followed by Vite alone. esbuild leaves the expression as it is, so
 * its bundle looks for build/ at the same relative place (`ready({ source })` overrides it).
 */
function wasmUrl(build: WasmBuild, shared: boolean): URL {
  if (shared) {
    return build === "simd"
      ? new URL("../../build/spikelab.threads.wasm", import.meta.url)
      : new URL("../../build/spikelab.threads-relaxed.wasm", import.meta.url);
  }
  return build === "simd"
    ? new URL("../../build/spikelab.simd.wasm", import.meta.url)
    : new URL("../../build/spikelab.relaxed.wasm", import.meta.url);
}

/**
 * A `source` given as a string or URL, resolved against this module. The magic comment keeps
 * webpack 5 from taking the computed string for an asset to bundle (it would warn "Critical
 * dependency: the request of a dependency is an expression" and fail at run time); it then
 * resolves against the page's base URI, as a string given to a bundled page means.
 */
function sourceUrl(source: URL | string): URL {
  return new URL(/* webpackIgnore: true */ String(source), import.meta.url);
}

/** Where `source` (or the packaged build) is read from, as the messages name it. */
function sourceName(build: WasmBuild, shared: boolean, source?: WasmBytes | URL | string): string {
  if (source !== undefined && typeof source !== "string" && !(source instanceof URL)) return "the given bytes";
  const url = source === undefined ? wasmUrl(build, shared) : sourceUrl(source);
  return url.protocol === "file:" ? decodeURIComponent(url.pathname) : url.href;
}

async function readBytes(build: WasmBuild, shared: boolean, source?: WasmBytes | URL | string): Promise<WasmBytes> {
  if (source !== undefined && typeof source !== "string" && !(source instanceof URL)) return source;
  const url = source === undefined ? wasmUrl(build, shared) : sourceUrl(source);
  const name = sourceName(build, shared, source);
  try {
    if (isNode && url.protocol === "file:") {
      const fs = await nodeBuiltin<typeof import("node:fs/promises")>("node:fs/promises");
      const file = await fs.readFile(url);
      return new Uint8Array(file.buffer as ArrayBuffer, file.byteOffset, file.byteLength);
    }
    const response = await fetch(url);
    if (!response.ok) throw new WasmLoadError(`could not fetch the spikelab kernels from ${name}: HTTP ${response.status}`, name);
    return await response.arrayBuffer();
  } catch (err) {
    if (err instanceof WasmLoadError) throw err;
    // ENOENT, EACCES, EISDIR, a network failure...: say which file and why, keep the original
    throw new WasmLoadError(`could not read the spikelab kernels from ${name}: ${(err as Error).message ?? String(err)}`, name, err);
  }
}

/**
 * `instantiate`, with any failure (unreadable file, bytes that do not compile or link on this
 * engine) as a WasmLoadError naming the source: what `ready()` raises.
 */
async function load(build: WasmBuild, source: WasmBytes | URL | string | undefined, shared: boolean): Promise<LoadedModule> {
  try {
    return await instantiate(build, source, shared);
  } catch (err) {
    if (err instanceof WasmLoadError) throw err;
    const name = sourceName(build, shared, source);
    const what = err instanceof WebAssembly.CompileError ? "do not compile" : err instanceof WebAssembly.LinkError ? "do not link" : "failed to start";
    const hint = err instanceof WebAssembly.CompileError && build === "relaxed" && source === undefined
      ? " (this engine lacks relaxed SIMD: use build \"simd\" or \"auto\")" : "";
    throw new WasmLoadError(
      `the spikelab kernels from ${name} (${build} build${shared ? ", threads" : ""}) ${what} on this engine${hint}: ` +
        `${(err as Error).message ?? String(err)}`,
      name,
      err,
    );
  }
}

/** Throws InvalidArgumentError unless `options` is a valid ReadyOptions (checked before any loading). */
function checkReadyOptions(options: unknown): asserts options is ReadyOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(`ready: options must be an object (or omitted), got ${options === null ? "null" : typeof options}`);
  }
  const o = options as Record<string, unknown>;
  if (o.build !== undefined && o.build !== "auto" && o.build !== "simd" && o.build !== "relaxed") {
    throw new InvalidArgumentError(`ready: build must be "auto", "simd" or "relaxed", got ${JSON.stringify(o.build) ?? String(o.build)}`);
  }
  const src = o.source;
  const isBytes = src instanceof ArrayBuffer || ArrayBuffer.isView(src) ||
    (typeof SharedArrayBuffer !== "undefined" && src instanceof SharedArrayBuffer);
  if (src !== undefined && typeof src !== "string" && !(src instanceof URL) && !isBytes) {
    throw new InvalidArgumentError(
      `ready: source must be the module's bytes (ArrayBuffer or a typed array), a URL or a URL string, got ${src === null ? "null" : typeof src}`,
    );
  }
  if (typeof src === "string" && src.length === 0) throw new InvalidArgumentError("ready: source is an empty string");
  if (o.force !== undefined && typeof o.force !== "boolean") {
    throw new InvalidArgumentError(`ready: force must be a boolean, got ${typeof o.force}`);
  }
  if (o.shared !== undefined && o.shared !== "auto" && typeof o.shared !== "boolean") {
    throw new InvalidArgumentError(`ready: shared must be true, false or "auto", got ${JSON.stringify(o.shared) ?? String(o.shared)}`);
  }
}

function readString(memory: WebAssembly.Memory, ptr: number): string {
  // AssemblyScript strings: UTF-16, byte length stored 4 bytes before the data
  if (!ptr) return "";
  const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0]! >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, len));
}

/**
 * The host side of the kernels' `env.parallel_dgemm` import (assembly/blas/gemm.ts dgemmShared):
 * runs a GEMM a LAPACK routine asks for on the thread pool and returns 1, or returns 0 to let
 * the kernel compute it. Addresses arrive as signed i32.
 */
export type ParallelGemm = (
  transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
  b: number, ldb: number, beta: number, c: number, ldc: number,
) => number;

let parallelGemm: ParallelGemm | null = null;

/** Installs the host GEMM (src/threads/drivers.ts does, once). */
export function setParallelGemm(fn: ParallelGemm | null): void {
  parallelGemm = fn;
}

/**
 * Compiles and instantiates one build without making it the active module. `shared` selects
 * the threads twin, instantiated over a fresh shared memory.
 */
export async function instantiate(build: WasmBuild, source?: WasmBytes | URL | string, shared = false): Promise<LoadedModule> {
  const bytes = await readBytes(build, shared, source);
  let memory: WebAssembly.Memory | undefined = shared ? sharedMemory() : undefined;
  let self: KernelExports | undefined;
  const imports = {
    env: {
      ...(memory ? { memory } : {}),
      // only the active module's instance runs GEMMs on the pool (whose memory it is)
      parallel_dgemm: (...args: Parameters<ParallelGemm>): number =>
        parallelGemm && self !== undefined && active?.exports === self ? parallelGemm(...args) : 0,
      abort(msg: number, file: number, line: number, column: number): never {
        const where = memory ? `${readString(memory, file)}:${line}:${column}` : `${line}:${column}`;
        throw new SpikelabError(`kernel abort: ${memory ? readString(memory, msg) : msg} at ${where}`);
      },
    },
  };
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, imports);
  const exports = instance.exports as unknown as KernelExports;
  memory = exports.memory;
  self = exports;
  warmUp(exports);
  // `source` may be either twin: what was loaded decides, not what was asked for
  const isShared = typeof SharedArrayBuffer !== "undefined" && exports.memory.buffer instanceof SharedArrayBuffer;
  return { build, shared: isShared, exports, module };
}

// V8 runs a WASM function's first calls in its baseline tier (Liftoff), several times slower,
// and has no on-stack replacement: one small call of each hot kernel lets TurboFan take over
// before the first large call.
function warmUp(k: KernelExports): void {
  const n = 8;
  const bytes = n * n * 8;
  const workBytes = Math.max(k.dgemm_worksize(n, n, n), k.dsyrk_worksize(n, n)) * 8;
  const a = k.alloc(bytes), c = k.alloc(bytes), w = k.alloc(workBytes);
  new Float64Array(k.memory.buffer, a, n * n).fill(1);
  for (let i = 0; i < 2; i++) {
    k.dgemm(0, 0, n, n, n, 1, a, n, a, n, 0, c, n, w);
    k.dsyrk(0, 1, n, n, 1, a, n, 0, c, n, w);
    k.dgemv(0, n, n, 1, a, n, c, 1, 0, c + 64, 1);
    k.dsymv(0, n, 1, a, n, c, 1, 0, c + 64, 1);
  }
  k.free(w);
  k.free(c);
  k.free(a);
}

let active: LoadedModule | null = null;
let loading: Promise<LoadedModule> | null = null;

type ModuleListener = (mod: LoadedModule, previous: LoadedModule | null) => void | Promise<void>;
const moduleListeners: ModuleListener[] = [];

/**
 * Runs `listener` whenever `ready()` makes a module active, before `ready()` resolves (the
 * thread pool uses this to start workers for a new module and stop those of the old one).
 */
export function onModuleLoaded(listener: ModuleListener): void {
  moduleListeners.push(listener);
}

/**
 * The build `ready()` loads. "auto": relaxed where the engine validates relaxed SIMD; on Node 20,
 * where V8 has it behind a flag, the flag is turned on and the relaxed build is taken only if it
 * agrees with the plain build on a GEMM and an eigenvalue problem (src/wasm/relaxedSimd.ts);
 * otherwise, silently, the plain build. A forced "relaxed" turns the flag on where it can.
 */
async function chooseBuild(choice: WasmBuild | "auto", source: ReadyOptions["source"]): Promise<WasmBuild> {
  if (choice === "simd") return "simd";
  if (choice === "relaxed") {
    await enableRelaxedSimd(relaxedSimdSupported);
    return "relaxed";
  }
  if (relaxedSimdSupported()) return "relaxed";
  // bytes the caller gave are one build: they decide, no flag is touched for them
  if (source !== undefined) return "simd";
  if (!(await enableRelaxedSimd(relaxedSimdSupported))) return "simd";
  try {
    const [relaxed, plain] = await Promise.all([instantiate("relaxed"), instantiate("simd")]);
    return relaxedBuildAgrees(relaxed.exports, plain.exports) ? "relaxed" : "simd";
  } catch {
    return "simd";
  }
}

/**
 * Loads the kernel module (once) and makes it the one every spikelab function uses. The main
 * entry `spikelab` awaits this at import in Node; `spikelab/lazy` and the browser entry (no
 * top-level await, which bundlers' default targets reject) leave it to the caller.
 * Rejects with InvalidArgumentError for bad options (before loading anything) and with
 * WasmLoadError when the module cannot be read, compiled or instantiated (it names the file or
 * URL and keeps the original error as `cause`); the module active before stays active.
 */
export function ready(options: ReadyOptions = {}): Promise<LoadedModule> {
  try {
    checkReadyOptions(options);
  } catch (err) {
    return Promise.reject(err);
  }
  if (active && !options.force) return Promise.resolve(active);
  if (loading && !options.force) return loading;
  const choice = options.build ?? "auto";
  const shared = (options.shared ?? "auto") === "auto" ? sharedMemorySupported() : options.shared === true;
  const p = chooseBuild(choice, options.source)
    .then((build) =>
      load(build, options.source, shared).catch((err: unknown) => {
        // A relaxed build the engine rejects after all: fall back to plain SIMD
        if (choice === "auto" && build === "relaxed" && options.source === undefined) return load("simd", undefined, shared);
        throw err;
      }))
    .then(async (mod) => {
      const previous = active;
      active = mod;
      for (const listener of moduleListeners) await listener(mod, previous);
      return mod;
    })
    .finally(() => {
      if (loading === p) loading = null;
    });
  loading = p;
  return p;
}

/** The active module; throws NotReadyError before `ready()` has resolved. */
export function loaded(): LoadedModule {
  if (!active) {
    throw new NotReadyError(
      "spikelab's WASM kernels are not loaded yet: `await ready()` before the first call (needed with 'spikelab/lazy' " +
        "and in browsers and bundles; in Node, 'spikelab' loads them at import)",
    );
  }
  return active;
}

/** The active module's exports (see `loaded`). */
export function kernels(): KernelExports {
  return loaded().exports;
}

/** Which build is active, or null before `ready()`. */
export function activeBuild(): WasmBuild | null {
  return active?.build ?? null;
}
