// The lab's page: two tabs (#spectrum, #throughput). All computing happens in compute workers
// (lab.worker.js) that load spikelab: the page only draws. The spectrum tab keeps one worker
// (threads wherever the page is cross-origin isolated); each throughput run starts a fresh worker
// with threads on or off and closes it afterwards.
// State for tests and for the curious sits on the elements as data-* attributes:
// #spectrum-plot: data-version (one more per drawing), data-model, data-params, data-measured,
// data-predicted; #throughput-info: data-mode, data-threads, data-workers, data-worker-jobs, data-done.
import { ComputeWorker } from "./compute.js";
import { MODELS } from "./modelParams.js";
import { plotComplexSpectrum, plotRealSpectrum } from "./plot.js";

const $ = (id) => document.getElementById(id);
const status = $("status");
const fmt = (v, digits = 4) => (v === null || v === undefined || Number.isNaN(v) ? "-" : Number(v).toFixed(digits));

const DENSITY_LABEL = {
  "spiked-wigner": "semicircle law",
  "spiked-covariance": "Marchenko-Pastur law",
  "spiked-rf": "deterministic equivalent",
};

// --- tabs -------------------------------------------------------------------------------------
function showPage() {
  const page = location.hash === "#throughput" ? "throughput" : "spectrum";
  for (const p of ["spectrum", "throughput"]) $(`page-${p}`).hidden = p !== page;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.page === page);
}
addEventListener("hashchange", showPage);
showPage();

// --- spectra ----------------------------------------------------------------------------------
const spectrumWorker = new ComputeWorker("auto");
const plot = $("spectrum-plot");
const modelSelect = $("model");

function currentParams() {
  const params = {};
  for (const input of $("sliders").querySelectorAll("input")) params[input.name] = Number(input.value);
  return params;
}

function buildSliders() {
  const model = MODELS[modelSelect.value];
  $("model-title").textContent = model.title;
  $("model-note").textContent = model.note;
  const box = $("sliders");
  box.replaceChildren();
  for (const p of model.params) {
    const label = document.createElement("label");
    const input = Object.assign(document.createElement("input"), { type: "range", name: p.name, id: `slider-${p.name}`, min: p.min, max: p.max, step: p.step, value: p.value });
    const out = document.createElement("output");
    out.value = String(p.value);
    input.addEventListener("input", () => {
      out.value = input.value;
      recompute();
    });
    label.append(`${p.label} `, out, input);
    box.append(label);
  }
}

function renderTable(model, result, info) {
  const rows = [["", "measured", "predicted"]];
  const [o] = result.outliers;
  rows.push([model === "lamp" ? "largest real eigenvalue" : model === "spiked-rf" ? "order-p spike" : "largest eigenvalue", fmt(o.measured), o.predicted === null ? "none (below threshold)" : fmt(o.predicted)]);
  const f = result.facts;
  if ("predictedOverlap" in f) rows.push(["squared overlap with the spike", fmt(f.overlap), fmt(f.predictedOverlap)]);
  if ("threshold" in f) rows.push(["threshold", "", fmt(f.threshold)]);
  if ("alphaC" in f) rows.push(["alpha_c", "", fmt(f.alphaC)]);
  if ("bulkTop" in f) rows.push(["bulk edge", fmt(f.bulkTop), `${fmt(f.predictedEdge)} (+- ${fmt(f.edgeResolution, 3)})`]);
  rows.push(["time in the worker", `${fmt(info.ms, 0)} ms`, `${info.threads} thread${info.threads > 1 ? "s" : ""}`]);
  const table = $("spectrum-table");
  table.replaceChildren(...rows.map((cells, i) => {
    const tr = document.createElement("tr");
    for (const c of cells) tr.append(Object.assign(document.createElement(i ? "td" : "th"), { textContent: c }));
    return tr;
  }));
}

let drawn = 0;
async function recompute() {
  const model = modelSelect.value;
  const params = currentParams();
  const seed = Math.max(1, Math.floor(Number($("seed").value) || 1));
  status.textContent = "computing...";
  status.classList.remove("error");
  try {
    const answer = await spectrumWorker.latest("spectrum", { task: "spectrum", model, params, seed });
    if (answer === null) return; // a newer request replaced this one
    const { result, info } = answer;
    if (result.kind === "complex") plotComplexSpectrum(plot, result);
    else plotRealSpectrum(plot, result.spikeOffPlot ? { ...result, outliers: [] } : result, { x: "eigenvalue", density: DENSITY_LABEL[model] });
    Object.assign(plot.dataset, {
      model, params: JSON.stringify(params), measured: String(result.outliers[0].measured), predicted: String(result.outliers[0].predicted),
    });
    renderTable(model, result, info);
    drawn++;
    status.textContent = `spikelab ${info.build} build, ${info.threads} thread${info.threads > 1 ? "s" : ""} ` +
      `(${info.isolated ? "cross-origin isolated" : "not cross-origin isolated: one thread"}); ${drawn} spectra drawn`;
  } catch (err) {
    status.textContent = String(err.message ?? err);
    status.classList.add("error");
    console.error(err);
  }
}

modelSelect.addEventListener("change", () => {
  buildSliders();
  recompute();
});
$("seed").addEventListener("change", recompute);
buildSliders();
recompute();

// --- throughput -------------------------------------------------------------------------------
const infoLine = $("throughput-info");
const table = $("throughput-table");

function addRow(cells, header = false) {
  const tr = document.createElement("tr");
  for (const c of cells) tr.append(Object.assign(document.createElement(header ? "th" : "td"), { textContent: c }));
  table.append(tr);
  return tr;
}

async function runThroughput(mode) {
  for (const b of document.querySelectorAll("#page-throughput button")) b.disabled = true;
  infoLine.dataset.done = "false";
  infoLine.classList.remove("error");
  infoLine.textContent = `running (${mode === "off" ? "single-threaded build" : "threads build where isolated"})...`;
  table.replaceChildren();
  addRow(["routine", "n", "ms (median)", "GFLOP/s", "threads"], true);
  const worker = new ComputeWorker(mode);
  try {
    const onRow = (r) => addRow([r.routine, String(r.n), fmt(r.ms, 2), r.gflops === null ? "-" : fmt(r.gflops, 2), String(r.threads)]);
    const { result, info } = await worker.request({ task: "throughput", sizes: [128, 256, 512], repeats: 3 }, onRow);
    Object.assign(infoLine.dataset, { mode, threads: String(result.threads), workers: String(result.workers), workerJobs: String(result.workerJobs), done: "true" });
    infoLine.textContent = `${result.threads} thread${result.threads > 1 ? "s" : ""} used (this worker and ${result.workers} spikelab worker${result.workers === 1 ? "" : "s"}, ` +
      `which ran ${result.workerJobs} jobs); ${info.build} build; ${info.isolated ? "cross-origin isolated" : "not cross-origin isolated"}; ` +
      `${navigator.hardwareConcurrency} logical cores; ${fmt(info.ms / 1000, 1)} s`;
  } catch (err) {
    infoLine.textContent = String(err.message ?? err);
    infoLine.classList.add("error");
    console.error(err);
  } finally {
    worker.terminate();
    for (const b of document.querySelectorAll("#page-throughput button")) b.disabled = false;
  }
}

for (const b of document.querySelectorAll("#page-throughput button")) b.addEventListener("click", () => runThroughput(b.dataset.threads));
