/**
 * Outlier eigenvalues (or singular values) and eigenvector overlaps of finite-rank spiked models:
 * the BBP phase transition and its relatives. Each function takes several spikes at once and
 * returns one prediction per spike, in the order given: the outlier record of outlierRecord.ts plus
 * the spike and the bulk edge,
 *
 *   { spike, location, overlap, threshold, edge }
 *
 * Below threshold the prediction is explicit, never NaN: location = null, overlap = 0, and `edge`
 * the bulk edge the extreme eigenvalue sticks to. At exactly the threshold it is not an outlier (the
 * formulas meet the edge there with overlap 0, so the limit is continuous). Until 0.2.0 `location`
 * held the edge below threshold and `isOutlier` said which; `isOutlier` stays as a deprecated
 * alias of `location !== null` for one minor version (CHANGELOG.md). For repeated spikes
 * the overlap is that of each outlier eigenvector with the spike's eigenspace (squared norm of
 * the projection). Conventions are restated on each function; check values in
 * spiked-features.md section 7 (7.3 Wigner, 7.4 covariance, 7.5 Bai-Yao, 7.6 rectangular).
 */
import { InvalidArgumentError } from "../errors.js";
import { checkFiniteList, checkPositive } from "./law.js";
import type { OutlierPrediction } from "./outlierRecord.js";
import {
  normalizePopulation,
  populationCriticalPoints,
  psiDerivative,
  psiOf,
  stretchPeak,
  type NormalizedPopulation,
  type SilversteinOptions,
} from "./silverstein/index.js";

/** What every spike's prediction carries besides location (see SpikePrediction). */
interface SpikeFields<Threshold extends number | null> extends OutlierPrediction {
  /** The spike as given. */
  readonly spike: number;
  /** Limiting squared overlap |<u_hat, v>|^2 of the sample eigenvector with the planted direction (0 below threshold). */
  readonly overlap: number;
  /** The spike value at which the transition happens, on the spike's side (signed for negative spikes). */
  readonly threshold: Threshold;
  /**
   * The bulk edge on the spike's side: the limit of the extreme eigenvalue when no outlier
   * separates (before 0.2.0 this was `location` below threshold).
   */
  readonly edge: number;
}

/**
 * One spike's prediction: the outlier record with `location` the limiting outlier eigenvalue
 * (singular value for the rectangular model), or null when it does not separate. A union on
 * `location`, so that checking the deprecated `isOutlier` still narrows `location` to a number.
 */
export type SpikePrediction<Threshold extends number | null = number> = SpikeFields<Threshold> &
  (
    | {
        readonly location: number;
        /** @deprecated since 0.2.0: use `location !== null`. */
        readonly isOutlier: true;
      }
    | {
        readonly location: null;
        /** @deprecated since 0.2.0: use `location !== null`. */
        readonly isOutlier: false;
      }
  );

/** The prediction of one spike from its location (null: stuck at `edge`). */
function spikeRecord<Threshold extends number | null, Extra extends object>(
  spike: number,
  location: number | null,
  overlap: number,
  threshold: Threshold,
  edge: number,
  extra: Extra,
): SpikePrediction<Threshold> & Extra {
  const record = location === null
    ? { spike, location, overlap: 0, threshold, edge, isOutlier: false as const }
    : { spike, location, overlap, threshold, edge, isOutlier: true as const };
  return { ...record, ...extra };
}

export interface SpikedWignerOutlierOptions {
  /** sigma^2: W = sigma (G + G^T)/sqrt(2N), bulk [-2 sigma, 2 sigma]. Default 1. */
  variance?: number;
}

/**
 * Spiked Wigner W + sum theta_k v_k v_k^T, orthonormal v_k, W the semicircle matrix of variance
 * sigma^2 (bulk [-2 sigma, 2 sigma]). Feral-Peche 2007, Benaych-Georges-Nadakuditi 2011:
 * |theta| > sigma gives an outlier at theta + sigma^2/theta with overlap 1 - sigma^2/theta^2;
 * otherwise the eigenvalue sticks to the edge on the spike's side (2 sigma, or -2 sigma for
 * theta < 0). Threshold sigma (-sigma for negative spikes). sigma = 1, theta = 1.5 / 2 / 3 gives
 * 2.1667 / 2.5 / 3.3333 and overlaps 0.5556 / 0.75 / 0.8889.
 */
export function spikedWignerOutliers(spikes: ArrayLike<number>, options: SpikedWignerOutlierOptions = {}): SpikePrediction[] {
  const thetas = checkFiniteList(spikes, "spikes");
  const sigma2 = checkPositive(options.variance ?? 1, "variance", "sigma^2 of the Wigner entries times N");
  const sigma = Math.sqrt(sigma2);
  return Array.from(thetas, (theta) => {
    const side = theta < 0 ? -1 : 1;
    const above = Math.abs(theta) > sigma;
    const location = above ? theta + sigma2 / theta : null;
    return spikeRecord(theta, location, 1 - sigma2 / (theta * theta), side * sigma, 2 * side * sigma, {});
  });
}

export interface SpikedCovarianceOutlierOptions {
  /** gamma = d / n (> 0). */
  gamma: number;
}

/**
 * Spiked covariance (BBP: Baik-Ben Arous-Peche 2005, Baik-Silverstein 2006, Paul 2007): rows
 * x_i ~ N(0, I + sum theta_k v_k v_k^T), S = X^T X / n, gamma = d/n, spikes theta_k > -1
 * (population eigenvalue 1 + theta_k). |theta| > sqrt(gamma) gives an outlier at
 * (1 + theta)(1 + gamma/theta) with overlap (1 - gamma/theta^2)/(1 + gamma/theta); otherwise the
 * eigenvalue sticks to (1 + sqrt(gamma))^2 (theta >= 0) or (1 - sqrt(gamma))^2 (theta < 0; a
 * negative spike can only separate when gamma < 1). Threshold sqrt(gamma), -sqrt(gamma) for
 * negative spikes. gamma = 0.5, theta = 1 / 2 / 4: 3.0 / 3.75 / 5.625, overlaps 0.3333 / 0.70 / 0.8611.
 */
export function spikedCovarianceOutliers(spikes: ArrayLike<number>, options: SpikedCovarianceOutlierOptions): SpikePrediction[] {
  const thetas = checkFiniteList(spikes, "spikes");
  const gamma = checkPositive(options?.gamma, "gamma", "gamma = d/n");
  const root = Math.sqrt(gamma);
  thetas.forEach((theta, i) => {
    if (!(theta > -1)) {
      throw new InvalidArgumentError(`spikes[${i}] = ${theta} gives population eigenvalue 1 + theta <= 0; spikes must be > -1`);
    }
  });
  return Array.from(thetas, (theta) => {
    const side = theta < 0 ? -1 : 1;
    const location = Math.abs(theta) > root ? (1 + theta) * (1 + gamma / theta) : null;
    const overlap = (1 - gamma / (theta * theta)) / (1 + gamma / theta);
    return spikeRecord(theta, location, overlap, side * root, (1 + side * root) ** 2, {});
  });
}

/**
 * A Bai-Yao prediction: as SpikePrediction with `spike` the population value ell, and `threshold`
 * the critical population value (psi'(l) = 0) that bounds this spike's outlier region on its side,
 * or null for a spike between two atoms of H whose stretch has psi' <= 0 throughout (see baiYaoOutliers).
 */
export type BaiYaoPrediction = SpikePrediction<number | null> & {
  /** psi'(ell), whose sign decides (0 when ell is an atom of H). */
  readonly slope: number;
};

/**
 * Outliers for a general population (Bai-Yao 2012, "On sample eigenvalues in a generalized spiked
 * population model"; spiked-features.md 7.5). The population is H (the bulk of Sigma, as in
 * silverstein/: S = X^T X / n, gamma = d/n) plus finitely many spikes ell_k > 0 (population
 * eigenvalues, not theta). With
 *   psi(l) = l (1 + gamma integral t dH(t) / (l - t)),  psi'(l) = 1 - gamma integral t^2 dH(t) / (l - t)^2,
 * a spike ell outside supp H is an outlier iff psi'(ell) > 0; the outlier is at psi(ell) (where
 * the companion transform equals -1/ell) and the overlap is ell psi'(ell) / psi(ell).
 * Otherwise (location null) the eigenvalue sticks to `edge` = psi(l_c) of the critical point l_c
 * on the spike's side: above all atoms the upper edge, below them the lower edge, between two atoms
 * the edge of the nearer critical point of that stretch (`edge` is that same point for an outlier).
 * For a stretch between atoms with no gap in the support there is no threshold (null) and the
 * `edge` reported is psi at the maximum of psi' (where the two bulk pieces would split), a point
 * inside the bulk. For H = delta_1 and
 * ell = 1 + theta this is exactly spikedCovarianceOutliers. `population` is the bulk only: leave
 * the spikes out of it (a spike that is also an atom of H lies in supp H and gets no outlier).
 */
export function baiYaoOutliers(populationSpikes: ArrayLike<number>, options: SilversteinOptions): BaiYaoPrediction[] {
  const ells = checkFiniteList(populationSpikes, "populationSpikes");
  ells.forEach((l, i) => {
    if (!(l > 0)) throw new InvalidArgumentError(`populationSpikes[${i}] must be a population eigenvalue > 0, got ${l}`);
  });
  const pop = normalizePopulation(options.population, options.gamma);
  return Array.from(ells, (ell) => baiYao(pop, ell));
}

function baiYao(pop: NormalizedPopulation, ell: number): BaiYaoPrediction {
  const cp = populationCriticalPoints(pop);
  const t = pop.t;
  const K = t.length;
  const inH = t.includes(ell);
  const slope = inH ? 0 : psiDerivative(pop, ell);
  const outlier = (edge: number, threshold: number | null): BaiYaoPrediction => {
    const location = psiOf(pop, ell);
    return spikeRecord(ell, location, (ell * slope) / location, threshold, edge, { slope });
  };
  const stuck = (edge: number, threshold: number | null): BaiYaoPrediction => spikeRecord(ell, null, 0, threshold, edge, { slope });

  if (ell >= t[K - 1]!) {
    const c = cp.upper;
    return !inH && ell > c.population && slope > 0 ? outlier(c.edge, c.population) : stuck(c.edge, c.population);
  }
  if (ell < t[0]!) {
    const c = cp.lower;
    return ell < c.population && slope > 0 ? outlier(c.edge, c.population) : stuck(c.edge, c.population);
  }
  // t_j <= ell < t_{j+1}
  let j = 0;
  while (j + 1 < K && !(ell >= t[j]! && ell < t[j + 1]!)) j++;
  const stretch = cp.between[j]!;
  if (stretch.critical === null) {
    const peak = stretch.peak ?? stretchPeak(pop, stretch.left, stretch.right);
    return stuck(psiOf(pop, peak), null);
  }
  const [lo, hi] = stretch.critical;
  const nearer = Math.abs(ell - lo.population) <= Math.abs(ell - hi.population) ? lo : hi;
  if (!inH && ell > lo.population && ell < hi.population && slope > 0) return outlier(nearer.edge, nearer.population);
  return stuck(nearer.edge, nearer.population);
}

/** A rectangular-spike prediction: location is the singular value; both overlaps. */
export type RectangularSpikePrediction = SpikePrediction & {
  /** |<u_hat, u>|^2 for the left (n-dimensional) singular vectors; `overlap` repeats it. */
  readonly overlapLeft: number;
  /** |<w_hat, w>|^2 for the right (m-dimensional) singular vectors. */
  readonly overlapRight: number;
};

export interface RectangularSpikeOutlierOptions {
  /** c = n / m for Y of n rows and m columns (> 0). */
  ratio: number;
}

/**
 * Rectangular additive spike (Benaych-Georges and Nadakuditi 2012): Y = sum theta_k u_k w_k^T + X,
 * X n x m with iid N(0, 1/m) entries, unit u_k (n-dim) and w_k (m-dim), c = n/m, theta_k >= 0.
 * theta > c^(1/4) gives an outlier singular value sqrt((1 + theta^2)(c + theta^2)) / theta with
 * |<u_hat, u>|^2 = 1 - c (1 + theta^2) / (theta^2 (theta^2 + c)) and
 * |<w_hat, w>|^2 = 1 - (c + theta^2) / (theta^2 (theta^2 + 1)); otherwise the top singular value
 * sticks to `edge` = 1 + sqrt(c). BGN state it for c <= 1; the same formulas hold for c > 1 (transpose:
 * Y^T / sqrt(c) is the c' = 1/c model with theta' = theta / sqrt(c), and substituting back gives the
 * same expressions with the roles of the two overlaps kept), so any c > 0 is accepted.
 */
export function rectangularSpikeOutliers(spikes: ArrayLike<number>, options: RectangularSpikeOutlierOptions): RectangularSpikePrediction[] {
  const thetas = checkFiniteList(spikes, "spikes");
  const c = checkPositive(options?.ratio, "ratio", "c = n/m, rows over columns");
  thetas.forEach((theta, i) => {
    if (!(theta >= 0)) throw new InvalidArgumentError(`spikes[${i}] must be >= 0 (a signal strength), got ${theta}`);
  });
  const threshold = Math.pow(c, 0.25);
  const edge = 1 + Math.sqrt(c);
  return Array.from(thetas, (theta) => {
    if (!(theta > threshold)) return spikeRecord(theta, null, 0, threshold, edge, { overlapLeft: 0, overlapRight: 0 });
    const t2 = theta * theta;
    const overlapLeft = 1 - (c * (1 + t2)) / (t2 * (t2 + c));
    const overlapRight = 1 - (c + t2) / (t2 * (t2 + 1));
    return spikeRecord(theta, Math.sqrt((1 + t2) * (c + t2)) / theta, overlapLeft, threshold, edge, { overlapLeft, overlapRight });
  });
}
