/**
 * Errors thrown by spikelab. Every failure at the public boundary is a SpikelabError subclass
 * whose message names the argument and the problem, so callers can catch by class.
 */
export class SpikelabError extends Error {
  // Each class spells its own name: `new.target.name` would be whatever a minifier renamed the
  // class to (a bundled error printed as "as"), and callers match on `err.name` (issue #19).
  override name = "SpikelabError";
  constructor(message: string) {
    super(message);
  }
}

/** Dimensions that do not fit together (non-square where square is needed, inner sizes differ...). */
export class ShapeError extends SpikelabError {
  override name = "ShapeError";
}

/** An input holds NaN or +-Infinity. `index` is the flat (row-major) index of the first one. */
export class NonFiniteError extends SpikelabError {
  override name = "NonFiniteError";
  constructor(message: string, readonly argument: string, readonly index: number, readonly value: number) {
    super(message);
  }
}

/** An iteration stopped before meeting its tolerance. Carries what was reached. */
export class ConvergenceError extends SpikelabError {
  override name = "ConvergenceError";
  constructor(
    message: string,
    readonly iterations: number,
    readonly residual: number,
    readonly partial?: unknown,
  ) {
    super(message);
  }
}

/** A request that WebAssembly (wasm32) memory cannot hold, or a module that is not loaded. */
export class WasmMemoryError extends SpikelabError {
  override name = "WasmMemoryError";
  constructor(message: string, readonly bytesNeeded: number) {
    super(message);
  }
}

/** An argument outside its domain (negative size, unknown option value, out-of-range index...). */
export class InvalidArgumentError extends SpikelabError {
  override name = "InvalidArgumentError";
}

/**
 * A "cannot happen": spikelab broke one of its own invariants, most often a kernel rejecting an
 * argument that its wrapper passed (a negative LAPACK-style status, src/wasm/status.ts). Never
 * the caller's input, which is checked before any kernel runs; the message asks for a report.
 * `routine` names the kernel and `status` its code when a kernel status gave it away.
 */
export class InternalError extends SpikelabError {
  override name = "InternalError";
  constructor(detail: string, readonly routine?: string, readonly status?: number) {
    super(`internal error in spikelab, please report: ${detail}`);
  }
}

/** The WASM module was used before `ready()` resolved. */
export class NotReadyError extends SpikelabError {
  override name = "NotReadyError";
}

/**
 * The kernel module could not be loaded: its file is missing or unreadable, a fetch failed, or
 * the bytes do not compile or instantiate on this engine (e.g. the relaxed build where relaxed
 * SIMD is off). `source` names what was loaded (a path, a URL or "the given bytes") and `cause`
 * holds the engine's or file system's own error.
 */
export class WasmLoadError extends SpikelabError {
  override name = "WasmLoadError";
  constructor(message: string, readonly source: string, override readonly cause?: unknown) {
    super(message);
  }
}

/**
 * A kernel failed on one of the worker threads of a parallel call (src/threads/), or a worker
 * could not start. `thread` is the failing thread's id (0 = the calling thread) and `job` the
 * index of the job in its batch, -1 when no job was running.
 */
export class WorkerError extends SpikelabError {
  override name = "WorkerError";
  constructor(message: string, readonly thread: number, readonly job: number) {
    super(message);
  }
}
