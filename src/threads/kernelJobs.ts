/**
 * What a parallel batch is made of: jobs of kernel calls with their per-thread workspace
 * arguments (the drivers in src/threads/drivers.ts build them; pool.ts runs them), and the serial
 * route that runs a batch on the calling thread with no pool involved.
 */
import type { KernelExports, Ptr } from "../wasm/exports.js";
import { loaded } from "../wasm/loader.js";

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
export function workArgs(call: KernelCall): (readonly [number, number])[] {
  return [...(call.workArg === undefined ? [] : [[call.workArg, 0] as const]), ...(call.workAt ?? [])];
}

/** The jobs run in order on the calling thread, with no pool (and no shared memory) involved. */
export function runHere(jobs: readonly Job[], work: Workspace | undefined): Float64Array {
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

/** How many threads (and so workspace slots) a batch of `jobs` jobs uses at most. */
export function batchThreads(jobs: number, threads: number): number {
  return Math.max(1, Math.min(jobs, threads));
}
