/**
 * A kernel worker: one more instance of the threads build over the caller's shared
 * WebAssembly.Memory. It sleeps on the control block's generation counter, runs jobs of each
 * batch it takes part in (src/threads/protocol.ts), and reports done. It never allocates: every
 * address it touches was allocated by the calling thread.
 *
 * Node: started by worker_threads with the init data as workerData. Browsers: a module Web
 * Worker that receives the same data as its first message. dist/threads/worker.js is this file
 * bundled with its imports by esbuild, so that it runs without resolving any relative import
 * (a bundler that inlines or copies it as an asset would otherwise break it: #19).
 */
import { isNode, nodeBuiltin, type WasmMemory, type WasmModule } from "../wasm/host.js";
import {
  ADMIT, DONE, GEN, PARTICIPANTS, READY, SHUTDOWN, functionTable, runJobs, viewBuffers, type ProtocolBuffers,
} from "./protocol.js";

export interface WorkerInit {
  id: number;
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  jobs: SharedArrayBuffer;
  results: SharedArrayBuffer;
}

function serve(init: WorkerInit): void {
  const b: ProtocolBuffers = viewBuffers(init);
  const { control } = b;
  let table: ReturnType<typeof functionTable>;
  try {
    const instance = new WebAssembly.Instance(init.module, {
      env: {
        memory: init.memory,
        // a worker's LAPACK routines compute their GEMMs themselves: no nested batches
        parallel_dgemm: () => 0,
        abort(_msg: number, _file: number, line: number, column: number): never {
          throw new Error(`kernel abort at ${line}:${column}`);
        },
      },
    });
    table = functionTable(instance.exports);
  } catch (err) {
    Atomics.store(control, READY + init.id, -1);
    Atomics.notify(control, READY + init.id);
    throw err;
  }
  Atomics.store(control, READY + init.id, 1);
  Atomics.notify(control, READY + init.id);
  // The caller admits a ready worker between two batches, writing 1 + the generation then
  // current: from then on the caller counts this worker's report for every batch it publishes.
  Atomics.wait(control, ADMIT + init.id, 0);
  let gen = Atomics.load(control, ADMIT + init.id) - 1;
  for (;;) {
    Atomics.wait(control, GEN, gen);
    gen = Atomics.load(control, GEN);
    if (Atomics.load(control, SHUTDOWN)) return;
    // Every admitted worker reports each batch, taking part or not, and the caller publishes
    // the next batch only after all reports: so PARTICIPANTS read here is this batch's.
    if (init.id < Atomics.load(control, PARTICIPANTS)) runJobs(b, table, init.id);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

// No top-level await and no node: import: the built file is one self-contained script
// (scripts/bundleWorker.mjs) that any bundler may rebuild as a classic or module worker.
if (isNode) {
  void nodeBuiltin<typeof import("node:worker_threads")>("node:worker_threads").then(({ workerData }) => {
    if (workerData) serve(workerData as WorkerInit);
  });
} else {
  const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<WorkerInit>) => void) | null };
  scope.onmessage = (e) => {
    scope.onmessage = null;
    serve(e.data);
  };
}
