/**
 * Histogram bins for a spectrum panel that resolve the limiting density's sharpest peak (issue #19):
 * a fixed 80 bins over the eigenvalues' range smeared a narrow peak (a Marchenko-Pastur hard edge
 * at gamma near 1, the spiked random-feature bulks) and let outliers far from the bulk widen every
 * bin. The bulk width R is the span of the predicted density's support (where it is > 0), the peak
 * width w the span around the density's maximum where it stays above half that maximum (one-sided
 * at a support edge). The bin width is R / 60 for a flat density and w / 8 (eight bins across the
 * peak) where the peak is narrower, but never below R / max(60, N / 5) for N eigenvalues: about
 * five eigenvalues per bin on average keep the histogram's noise bounded. Presentation only: the
 * data are not changed.
 */

export interface HistogramBins {
  start: number;
  end: number;
  size: number;
}

/** The bins (plotly's xbins) for these eigenvalues and predicted density, or null when there is nothing to bin. */
export function histogramBins(eigenvalues: readonly number[], density: { x: readonly number[]; y: readonly number[] }): HistogramBins | null {
  const finite = eigenvalues.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const lo = Math.min(...finite), hi = Math.max(...finite);
  if (!(hi > lo)) return null;
  const n = Math.min(density.x.length, density.y.length);
  let sLo = Infinity, sHi = -Infinity, peak = -1;
  for (let i = 0; i < n; i++) {
    const y = density.y[i]!, x = density.x[i]!;
    if (!(y > 0) || !Number.isFinite(y) || !Number.isFinite(x)) continue;
    sLo = Math.min(sLo, x);
    sHi = Math.max(sHi, x);
    if (peak < 0 || y > density.y[peak]!) peak = i;
  }
  const bulk = sHi > sLo ? sHi - sLo : hi - lo;
  let size = bulk / 60;
  if (peak >= 0) {
    const half = density.y[peak]! / 2;
    let a = peak, b = peak;
    while (a > 0 && density.y[a - 1]! >= half) a--;
    while (b < n - 1 && density.y[b + 1]! >= half) b++;
    // the half-maximum width, at least one grid step (a peak sitting on a single grid point)
    const step = bulk / Math.max(1, n - 1);
    const width = Math.max(density.x[b]! - density.x[a]!, step);
    size = Math.min(size, width / 8);
  }
  size = Math.max(size, bulk / Math.max(60, finite.length / 5));
  // bins aligned on the smallest eigenvalue, covering the largest
  return { start: lo, end: hi + size, size };
}
