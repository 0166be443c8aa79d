/**
 * One pool of kernel workers over the loaded module's shared memory, and its synchronous batch
 * run: jobs go to whichever thread (the caller or an admitted worker) is free, and a failure is
 * reported after every thread is done with the batch (protocol: src/threads/protocol.ts).
 */
import { InvalidArgumentError, WorkerError } from "../errors.js";
import type { LoadedModule } from "../wasm/loader.js";
import {
  ADMIT, DONE, ERROR_JOB, GEN, MAX_WORKERS, NEXT, PARTICIPANTS, READY, SHUTDOWN, WORKER_JOBS,
  createBuffers, encodeBatch, functionNames, functionTable, readFailure, runJobs, viewBuffers,
  type EncodedCall, type ProtocolBuffers,
} from "./protocol.js";
import { workArgs, type Job, type Workspace } from "./kernelJobs.js";
import { canBlock, isNode, START_TIMEOUT_MS, startWorker, type WorkerHandle } from "./threadPlatform.js";
import type { WorkerInit } from "./worker.js";

export class KernelPool {
  private readonly shared: ReturnType<typeof createBuffers>;
  private readonly b: ProtocolBuffers;
  private readonly workers: WorkerHandle[] = [];
  private readonly index: Map<string, number>;
  private readonly table: ReturnType<typeof functionTable>;
  private readonly blocking: boolean;
  private closed = false;
  private warnedDrop = false;
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
      const w = startWorker(id, this.init(id), this.b.control);
      if (!w) return;
      this.workers.push(w);
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
    // Browsers go on with fewer threads: say so once per pool instead of silently (#19)
    if (!isNode && !this.warnedDrop) {
      this.warnedDrop = true;
      console.warn(
        `spikelab: kernel worker ${w.id} did not start (its script failed to load or the module did not instantiate); ` +
          `parallel calls run on ${1 + this.workers.length} thread(s)`,
      );
    }
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
