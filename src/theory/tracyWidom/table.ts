/**
 * A one-time table of a distribution function and its density: piecewise Chebyshev interpolants
 * on [lower, upper], each piece of width 2 holding the degree-N interpolant at the N + 1
 * Chebyshev-Lobatto points x_j = cos(j pi / N), coefficients by the discrete cosine transform
 * (Trefethen, "Approximation Theory and Approximation Practice", SIAM 2013, ch. 3 and 8), evaluated
 * by Clenshaw's recurrence. For an entire function such as a Tracy-Widom CDF the coefficients
 * decay faster than geometrically, so degree 28 on width-2 pieces reaches rounding level (the
 * tests measure the table against direct evaluations). The CDF and the density are interpolated
 * separately from directly computed values, so each keeps its own accuracy and the density is
 * not a differentiated interpolant.
 */

/** One tabulated function: values at any s in [lower, upper]. */
export interface ChebyshevTable {
  readonly lower: number;
  readonly upper: number;
  /** f(s) for s in [lower, upper] (clamped to the ends outside). */
  value(index: number, s: number): number;
}

/** Degree of each piece's interpolant. */
const PIECE_DEGREE = 28;
/** Width of each piece. */
export const PIECE_WIDTH = 2;

/**
 * Tabulates `count` functions of s at once (one sample call returns all of them) on
 * [lower, upper], integer-aligned pieces of width PIECE_WIDTH. Cost (upper - lower) *
 * (PIECE_DEGREE + 1) calls of sample.
 */
export function chebyshevTable(lower: number, upper: number, count: number, sample: (s: number) => number[]): ChebyshevTable {
  const N = PIECE_DEGREE;
  const pieces = Math.round((upper - lower) / PIECE_WIDTH);
  // coef[(piece * count + f) * (N + 1) + k]
  const coef = new Float64Array(pieces * count * (N + 1));
  const values = new Float64Array(count * (N + 1));
  for (let p = 0; p < pieces; p++) {
    const a = lower + p * PIECE_WIDTH;
    const mid = a + PIECE_WIDTH / 2;
    for (let j = 0; j <= N; j++) {
      const v = sample(mid + (PIECE_WIDTH / 2) * Math.cos((j * Math.PI) / N));
      for (let f = 0; f < count; f++) values[f * (N + 1) + j] = v[f]!;
    }
    // c_k = (2/N) sum_j'' v_j cos(j k pi / N), halved at k = 0 and k = N (DCT-I)
    for (let f = 0; f < count; f++) {
      for (let k = 0; k <= N; k++) {
        let t = 0;
        for (let j = 0; j <= N; j++) {
          const w = j === 0 || j === N ? 0.5 : 1;
          t += w * values[f * (N + 1) + j]! * Math.cos((j * k * Math.PI) / N);
        }
        coef[(p * count + f) * (N + 1) + k] = ((k === 0 || k === N ? 1 : 2) * t) / N;
      }
    }
  }
  return {
    lower,
    upper,
    value(index: number, s: number): number {
      const x = Math.min(Math.max(s, lower), upper);
      const p = Math.min(Math.floor((x - lower) / PIECE_WIDTH), pieces - 1);
      const t = (2 * (x - lower - p * PIECE_WIDTH)) / PIECE_WIDTH - 1;
      const base = (p * count + index) * (N + 1);
      // Clenshaw: b_k = c_k + 2 t b_{k+1} - b_{k+2}; f = c_0 + t b_1 - b_2 (with c_0 halved above)
      let b1 = 0;
      let b2 = 0;
      for (let k = N; k >= 1; k--) {
        const b0 = coef[base + k]! + 2 * t * b1 - b2;
        b2 = b1;
        b1 = b0;
      }
      return coef[base]! + t * b1 - b2;
    },
  };
}
