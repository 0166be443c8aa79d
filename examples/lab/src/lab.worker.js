// The lab's compute worker: loads spikelab once, then answers the page's requests, so that the
// page stays responsive while a spectrum or a benchmark runs. Started by compute.js as
// `new Worker(new URL("./lab.worker.js", import.meta.url), { type: "module" })`; its first message
// says which build to load:
//   { task: "init", threads: "auto" }  the threads build wherever the page is cross-origin isolated
//                                      (spikelab then starts its own workers from this one)
//   { task: "init", threads: "off" }   the single-threaded build (ready({ shared: false }))
// Messages in:  { id, task: "spectrum", model, params, seed } | { id, task: "throughput", sizes, repeats }
// Messages out: { id, ok: true, result, info } | { id, ok: false, error } | { id, row } (throughput rows)
import { activeBuild, getThreads, liveWorkers, ready } from "spikelab";
import { modelSpectrum } from "./models.js";
import { measureThroughput } from "./throughput.js";

let mode = "auto";
let loading = null;

function info() {
  return { build: activeBuild(), threads: getThreads(), workers: liveWorkers(), isolated: self.crossOriginIsolated, mode };
}

self.onmessage = async ({ data }) => {
  const { id } = data;
  if (data.task === "init") {
    mode = data.threads === "off" ? "off" : "auto";
    loading = ready(mode === "off" ? { shared: false } : {});
    loading.catch(() => {}); // reported to each request below
    return;
  }
  try {
    if (!loading) throw new Error("the compute worker got a request before its init message");
    await loading;
    let result;
    const t0 = performance.now();
    if (data.task === "spectrum") {
      result = modelSpectrum(data.model, data.params, data.seed);
    } else if (data.task === "throughput") {
      result = measureThroughput({ sizes: data.sizes, repeats: data.repeats }, (row) => self.postMessage({ id, row }));
    } else if (data.task === "info") {
      result = null;
    } else {
      throw new Error(`unknown task '${data.task}'`);
    }
    self.postMessage({ id, ok: true, result, info: { ...info(), ms: performance.now() - t0 } });
  } catch (err) {
    self.postMessage({ id, ok: false, error: `${err?.name ?? "Error"}: ${err?.message ?? err}` });
  }
};
