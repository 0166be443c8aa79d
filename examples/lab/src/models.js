// The lab's four models, each one draw of the random matrix, its spectrum, and the theory beside it,
// written with spikelab's public API only (what a consumer would write). Called in the compute
// worker (lab.worker.js) after `ready()`. Every function returns plain data for the plots:
//   { kind: "real", eigenvalues, density: { x, y }, edges, outliers: [{ measured, predicted }], facts }
//   { kind: "complex", re, im, radius, outliers: [{ measured, predicted }], facts }
// Conventions are the package's (README): W = (G + G^T)/sqrt(2n) with the semicircle on [-2, 2];
// sample covariance X^T X / n of n samples in d = gamma n dimensions, Marchenko-Pastur of ratio gamma.
import {
  Denoiser, Matrix, eig, eigh, featureCovarianceOperator, links, marchenkoPasturDensity, marchenkoPasturEdges, matmul,
  populationConstants, predictEstimators, sampleIndexModel, semicircleDensity, shiftedCoefficients, spikedCovariance,
  spikedCovarianceOutliers, spikedRandomFeatures, spikedRfEquivalent, spikedWigner, spikedWignerOutliers,
} from "spikelab";

export { MODELS } from "./modelParams.js";

/** Points where a density is drawn: `count` midpoints of [lo, hi]. */
function grid(lo, hi, count = 240) {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / count);
}

/** The top eigenpair of a symmetric matrix and the squared overlap of its vector with `v`. */
function topPairOverlap(matrix, v) {
  const n = matrix.rows;
  const { values, vectors } = eigh(matrix);
  let dot = 0;
  for (let i = 0; i < n; i++) dot += vectors.data[i * n + n - 1] * v[i];
  return { eigenvalues: Array.from(values), top: values[n - 1], overlap: dot * dot };
}

function spikedWignerSpectrum({ theta, n }, seed) {
  const sample = spikedWigner({ n, spikes: [theta], seed });
  const { eigenvalues, top, overlap } = topPairOverlap(sample.matrix, sample.directions.column(0));
  const [pred] = spikedWignerOutliers([theta]);
  const hi = Math.max(2.2, top + 0.2, (pred.location ?? 0) + 0.2);
  const x = grid(-2.2, hi);
  return {
    kind: "real", eigenvalues, edges: [-2, 2],
    density: { x, y: x.map((t) => semicircleDensity(t)) },
    outliers: [{ measured: top, predicted: pred.location }],
    facts: { threshold: pred.threshold, overlap, predictedOverlap: pred.overlap },
  };
}

function spikedCovarianceSpectrum({ theta, gamma, n }, seed) {
  const d = Math.max(2, Math.round(gamma * n));
  const g = d / n;
  const sample = spikedCovariance({ n, d, spikes: [theta], seed });
  const { eigenvalues, top, overlap } = topPairOverlap(sample.covariance, sample.directions.column(0));
  const [pred] = spikedCovarianceOutliers([theta], { gamma: g });
  const { lower, upper } = marchenkoPasturEdges({ gamma: g });
  const x = grid(Math.max(0, lower - 0.1), Math.max(upper, top, pred.location ?? 0) + 0.2);
  return {
    kind: "real", eigenvalues, edges: [lower, upper],
    density: { x, y: x.map((t) => marchenkoPasturDensity(t, { gamma: g })) },
    outliers: [{ measured: top, predicted: pred.location }],
    facts: { d, gamma: g, threshold: pred.threshold, overlap, predictedOverlap: pred.overlap },
  };
}

// Gauss-Hermite closures of the activation's shifted Hermite coefficients: built once
let tanhCoefficients = null;

function spikedRfSpectrum({ theta, n }, seed) {
  const p = Math.max(3, Math.round(n / 2));
  const d = Math.max(2, Math.round(n / 2));
  const model = spikedRandomFeatures({ d, p, theta, activation: "tanh", seed });
  const op = featureCovarianceOperator({ W: model.spikedW, activation: "tanh", n, seed: seed + 1, directions: model.spikeDirection });
  let ev;
  let kappa;
  try {
    ev = op.spectrum();
    kappa = op.projections.column(0);
  } finally {
    op.dispose();
  }
  tanhCoefficients ??= shiftedCoefficients("tanh");
  const de = spikedRfEquivalent({ coefficients: tanhCoefficients, n, p, d, theta });
  const desc = Array.from(ev).reverse();
  // The equivalent's density on a grid past the measured bulk; its upper edge is read off the grid
  // (the last point where the density exceeds 1e-5 of its peak: outside the support the solver's
  // regularization leaves values near 1e-9; within one grid step). The exact edge, de.support(),
  // scans the whole axis and takes seconds: too slow for a slider.
  const x = grid(0, 1.3 * desc[1], 160);
  const y = Array.from(de.densities(x));
  const peak = Math.max(...y);
  let last = -1;
  for (let i = 0; i < y.length; i++) if (y[i] > 1e-5 * peak) last = i;
  const step = x[1] - x[0];
  const upper = last >= 0 ? x[last] + step / 2 : desc[1];
  const [pred] = de.outliers({ kappa, upperEdge: upper });
  // the order-p spike (where one is predicted) is far to the right of the bulk: the histogram
  // shows the bulk, the table both
  const spiked = typeof pred?.location === "number";
  const bulk = desc.slice(spiked ? 1 : 0).filter((v) => v > 1e-10 * desc[1]);
  return {
    kind: "real", eigenvalues: bulk.reverse(), edges: [upper],
    density: { x, y },
    outliers: [{ measured: desc[0], predicted: pred?.location ?? null }],
    spikeOffPlot: spiked,
    facts: { p, d, bulkTop: desc[spiked ? 1 : 0], predictedEdge: upper, edgeResolution: step },
  };
}

// the link's population constants (alpha_c, the F-spectrum) cost a quadrature: computed once
let lampLink = null;

function lampSpectrum({ alpha, d }, seed) {
  lampLink ??= (() => {
    const link = links.signProduct();
    return { link, pop: populationConstants(link), denoiser: new Denoiser(link) };
  })();
  const { link, pop, denoiser } = lampLink;
  const sample = sampleIndexModel(link, { d, alpha, seed, planted: "orthogonal" });
  const n = sample.n;
  const p = link.p;
  const G = denoiser.G(sample.y);
  // L[(i mu), (j nu)] = (X X^T - I)_ij G_mu nu(y_j): the dense LAMP matrix, n p x n p
  const xxt = matmul(sample.X, sample.X, { transB: true });
  const size = n * p;
  const L = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = xxt.data[i * n + j] - (i === j ? 1 : 0);
      for (let mu = 0; mu < p; mu++) {
        for (let nu = 0; nu < p; nu++) L[(i * p + mu) * size + j * p + nu] = c * G[j * p * p + mu * p + nu];
      }
    }
  }
  const { re, im } = eig(new Matrix(size, size, L), { vectors: false });
  const pred = predictEstimators(pop, alpha).lamp;
  let top = -Infinity;
  for (let i = 0; i < re.length; i++) if (Math.abs(im[i]) < 1e-9 && re[i] > top) top = re[i];
  return {
    kind: "complex", re: Array.from(re), im: Array.from(im), radius: pred.edge,
    outliers: [{ measured: top, predicted: pred.location }],
    facts: { n, alphaC: pop.alphaC, overlap: null, predictedOverlap: pred.overlap },
  };
}

const SPECTRA = { "spiked-wigner": spikedWignerSpectrum, "spiked-covariance": spikedCovarianceSpectrum, "spiked-rf": spikedRfSpectrum, lamp: lampSpectrum };

/** One draw of `model` at `params` (numbers by slider name) with `seed`: its spectrum and theory. */
export function modelSpectrum(model, params, seed) {
  const spectrum = SPECTRA[model];
  if (!spectrum) throw new Error(`unknown model '${model}'`);
  return spectrum(params, seed);
}
