// The sliders of the lab's models (no spikelab import: the page reads these without loading the
// kernels; the compute worker runs the models, models.js).

/** The sliders of each model: name, label, range, step, default. */
export const MODELS = {
  "spiked-wigner": {
    title: "Spiked Wigner: W + theta v v^T",
    note: "GOE W (semicircle on [-2, 2]); an outlier at theta + 1/theta leaves the bulk above theta = 1 (BBP).",
    params: [
      { name: "theta", label: "theta (spike)", min: 0, max: 4, step: 0.05, value: 2 },
      { name: "n", label: "n (size)", min: 100, max: 1500, step: 50, value: 600 },
    ],
  },
  "spiked-covariance": {
    title: "Spiked covariance: samples of N(0, I + theta v v^T)",
    note: "X^T X / n with d = gamma n (Marchenko-Pastur bulk); outlier (1 + theta)(1 + gamma / theta) above theta = sqrt(gamma).",
    params: [
      { name: "theta", label: "theta (spike)", min: 0, max: 4, step: 0.05, value: 1.5 },
      { name: "gamma", label: "gamma = d / n", min: 0.05, max: 1, step: 0.05, value: 0.5 },
      { name: "n", label: "n (samples)", min: 200, max: 2000, step: 100, value: 800 },
    ],
  },
  "spiked-rf": {
    title: "Spiked random features: sigma(X W^T), W = W0 + theta abar v^T (tanh)",
    note: "Bulk of F^T F / n against the spiked-RF deterministic equivalent; the order-p spike (top eigenvalue) against its prediction. p = d = n / 2.",
    params: [
      { name: "theta", label: "theta (spike)", min: 0, max: 2, step: 0.05, value: 0.5 },
      { name: "n", label: "n (samples)", min: 200, max: 1600, step: 100, value: 600 },
    ],
  },
  lamp: {
    title: "LAMP spectral estimator (link sign(z1 z2), p = 2)",
    note: "Eigenvalues of the asymmetric LAMP matrix in the complex plane: a bulk disk of radius sqrt(alpha / alpha_c); outliers alpha / alpha_c leave it above alpha_c.",
    params: [
      { name: "alpha", label: "alpha = n / d", min: 0.25, max: 6, step: 0.25, value: 3 },
      { name: "d", label: "d (dimension)", min: 20, max: 80, step: 5, value: 50 },
    ],
  },
};
