// The page's side of the compute worker (lab.worker.js): requests as promises. `latest(key, ...)`
// drops a request still queued behind a newer one for the same key (a slider moved again before
// the worker got to it), so that a dragged slider recomputes for where it stopped, not for every
// position it passed.

export class ComputeWorker {
  /** @param {"auto" | "off"} threads */
  constructor(threads) {
    this.worker = new Worker(new URL("./lab.worker.js", import.meta.url), { type: "module" });
    this.worker.postMessage({ task: "init", threads });
    this.next = 1;
    this.pending = new Map();
    this.worker.onmessage = ({ data }) => {
      const p = this.pending.get(data.id);
      if (!p) return;
      if (data.row) return p.onRow?.(data.row);
      this.pending.delete(data.id);
      if (data.ok) p.resolve({ result: data.result, info: data.info });
      else p.reject(new Error(data.error));
    };
    this.worker.onerror = (event) => {
      const err = new Error(`the compute worker failed: ${event.message ?? "it did not load"}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.waiting = new Map();
  }

  request(message, onRow) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onRow });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Like request, but resolves to null when a newer request for `key` superseded this one. */
  latest(key, message) {
    const ticket = {};
    const before = this.waiting.get(key);
    this.waiting.set(key, ticket);
    const run = (before?.done ?? Promise.resolve()).then(() => (this.waiting.get(key) === ticket ? this.request(message) : null));
    ticket.done = run.catch(() => {});
    return run;
  }

  terminate() {
    this.worker.terminate();
  }
}
