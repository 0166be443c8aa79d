// Plain SVG plots for the lab (no plotting library): a histogram of a real spectrum against a
// limiting density, and a complex-plane spectrum against a predicted disk. Every mark has a legend
// entry; the measured outlier is drawn as a ring around the predicted one, so neither hides the other.

const NS = "http://www.w3.org/2000/svg";
const W = 720;
const H = 360;
const M = { left: 56, right: 16, top: 16, bottom: 40 };

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function scale(lo, hi, a, b) {
  const span = hi - lo || 1;
  return (v) => a + ((v - lo) / span) * (b - a);
}

/** Round tick values covering [lo, hi], about `count` of them. */
function ticks(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) out.push(Number(t.toFixed(10)));
  return out;
}

function axes(svg, x, y, xr, yr, xLabel, yLabel) {
  const g = el("g", { class: "axes" }, svg);
  el("line", { x1: M.left, y1: H - M.bottom, x2: W - M.right, y2: H - M.bottom }, g);
  el("line", { x1: M.left, y1: M.top, x2: M.left, y2: H - M.bottom }, g);
  for (const t of ticks(xr[0], xr[1])) {
    el("line", { x1: x(t), x2: x(t), y1: H - M.bottom, y2: H - M.bottom + 4 }, g);
    el("text", { x: x(t), y: H - M.bottom + 16, "text-anchor": "middle" }, g).textContent = String(t);
  }
  for (const t of ticks(yr[0], yr[1], 4)) {
    el("line", { x1: M.left - 4, x2: M.left, y1: y(t), y2: y(t) }, g);
    el("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end" }, g).textContent = String(t);
  }
  el("text", { x: (M.left + W - M.right) / 2, y: H - 6, "text-anchor": "middle" }, g).textContent = xLabel;
  el("text", { x: 14, y: (M.top + H - M.bottom) / 2, transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})`, "text-anchor": "middle" }, g).textContent = yLabel;
}

function legend(svg, entries) {
  const g = el("g", { class: "legend" }, svg);
  entries.forEach(({ label, draw }, i) => {
    const y = M.top + 10 + i * 18;
    draw(g, W - M.right - 210, y);
    el("text", { x: W - M.right - 190, y: y + 4 }, g).textContent = label;
  });
}

function reset(svg) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.dataset.version = String(Number(svg.dataset.version ?? 0) + 1);
}

/**
 * A histogram of `eigenvalues` (normalized as a density) against `density` {x, y}, the predicted
 * bulk `edges` as dashed lines, and each outlier { measured, predicted } on the axis.
 */
export function plotRealSpectrum(svg, { eigenvalues, density, edges, outliers }, labels) {
  reset(svg);
  const marks = outliers.flatMap((o) => [o.measured, o.predicted]).filter((v) => Number.isFinite(v));
  const lo = Math.min(density.x[0], ...eigenvalues.slice(0, 1));
  const hi = Math.max(density.x[density.x.length - 1], eigenvalues[eigenvalues.length - 1] ?? -Infinity, ...marks.map((m) => m + 0.1));
  // bins: about 2 sqrt(n) of them, between 40 and 120, over the whole range
  const bins = Math.max(40, Math.min(120, Math.round(Math.sqrt(eigenvalues.length) * 2)));
  const width = (hi - lo) / bins;
  const counts = new Array(bins).fill(0);
  for (const v of eigenvalues) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  const heights = counts.map((c) => c / (eigenvalues.length * width));
  const top = Math.max(...heights, ...density.y) * 1.1 || 1;
  const x = scale(lo, hi, M.left, W - M.right);
  const y = scale(0, top, H - M.bottom, M.top);
  axes(svg, x, y, [lo, hi], [0, top], labels.x, "density");
  const hist = el("g", { class: "histogram" }, svg);
  heights.forEach((h, i) => {
    if (h > 0) el("rect", { x: x(lo + i * width), y: y(h), width: Math.max(0.5, x(lo + width) - x(lo) - 0.5), height: y(0) - y(h) }, hist);
  });
  const path = density.x.map((t, i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${y(density.y[i]).toFixed(1)}`).join("");
  el("path", { d: path, class: "density" }, svg);
  for (const e of edges) el("line", { x1: x(e), x2: x(e), y1: M.top, y2: H - M.bottom, class: "edge" }, svg);
  for (const o of outliers) {
    if (Number.isFinite(o.predicted)) el("path", { d: `M${x(o.predicted) - 7},${y(0) - 2}l7,-12l7,12z`, class: "predicted" }, svg);
    if (Number.isFinite(o.measured)) el("circle", { cx: x(o.measured), cy: y(0) - 8, r: 9, class: "measured" }, svg);
  }
  legend(svg, [
    { label: "eigenvalues (histogram)", draw: (g, a, b) => el("rect", { x: a - 6, y: b - 5, width: 12, height: 10 }, g).classList.add("swatch-hist") },
    { label: labels.density, draw: (g, a, b) => el("line", { x1: a - 8, x2: a + 8, y1: b, y2: b, class: "density" }, g) },
    { label: "predicted bulk edge", draw: (g, a, b) => el("line", { x1: a - 8, x2: a + 8, y1: b, y2: b, class: "edge" }, g) },
    ...(outliers.length === 0 ? [] : [
      { label: "predicted outlier", draw: (g, a, b) => el("path", { d: `M${a - 6},${b + 5}l6,-10l6,10z`, class: "predicted" }, g) },
      { label: "largest eigenvalue (ring)", draw: (g, a, b) => el("circle", { cx: a, cy: b, r: 6, class: "measured" }, g) },
    ]),
  ]);
  svg.dataset.points = String(eigenvalues.length);
}

/** Eigenvalues in the complex plane against the predicted bulk disk and outlier. */
export function plotComplexSpectrum(svg, { re, im, radius, outliers }) {
  reset(svg);
  const marks = outliers.flatMap((o) => [o.measured, o.predicted]).filter((v) => Number.isFinite(v));
  const r = Math.max(radius, ...re.map(Math.abs), ...im.map(Math.abs), ...marks.map(Math.abs)) * 1.1;
  // equal scales on both axes: the plot box is wider than tall
  const halfW = (r * (W - M.left - M.right)) / (H - M.top - M.bottom);
  const x = scale(-halfW, halfW, M.left, W - M.right);
  const y = scale(-r, r, H - M.bottom, M.top);
  axes(svg, x, y, [-halfW, halfW], [-r, r], "Re", "Im");
  el("ellipse", { cx: x(0), cy: y(0), rx: x(radius) - x(0), ry: y(0) - y(radius), class: "edge disk" }, svg);
  const dots = el("g", { class: "eigenvalues" }, svg);
  re.forEach((v, i) => el("circle", { cx: x(v), cy: y(im[i]), r: 2 }, dots));
  for (const o of outliers) {
    if (Number.isFinite(o.predicted)) el("path", { d: `M${x(o.predicted) - 7},${y(0) + 6}l7,-12l7,12z`, class: "predicted" }, svg);
    if (Number.isFinite(o.measured)) el("circle", { cx: x(o.measured), cy: y(0), r: 9, class: "measured" }, svg);
  }
  legend(svg, [
    { label: "eigenvalues", draw: (g, a, b) => el("circle", { cx: a, cy: b, r: 3 }, g).classList.add("swatch-dot") },
    { label: "predicted bulk disk", draw: (g, a, b) => el("line", { x1: a - 8, x2: a + 8, y1: b, y2: b, class: "edge" }, g) },
    { label: "predicted outlier", draw: (g, a, b) => el("path", { d: `M${a - 6},${b + 5}l6,-10l6,10z`, class: "predicted" }, g) },
    { label: "largest real eigenvalue (ring)", draw: (g, a, b) => el("circle", { cx: a, cy: b, r: 6, class: "measured" }, g) },
  ]);
  svg.dataset.points = String(re.length);
}
