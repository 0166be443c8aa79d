/**
 * The Mondelli-Montanari 2018 shift of the classical preprocessing T(y) = G / (G + c), G = E[z^2 | y] - 1:
 * c = sqrt(alpha / alpha_c) above the weak-recovery threshold (MM18's threshold-optimal choice;
 * reference spectral-estimators.md 3.4, whose general G-form reproduces the MKLZ22 code's
 * (y - 1)/(y - 1 + sqrt(2 alpha)) for real phase retrieval). MM18 define it for alpha > alpha_c only:
 * for c < 1 the map has a pole at G = -c, inside the range [-1, infinity) of G, and below alpha_c they
 * prove that no estimator weakly recovers (phase retrieval), so any rule there is a convention. The
 * sweep's convention is c = max(1, sqrt(alpha / alpha_c)): MM18's preprocessing frozen at its value at
 * alpha_c, where it equals the Luo-Alghamdi-Lu G / (1 + G). It is continuous in alpha, has no pole
 * (G + c >= G + 1 = E[z^2 | y] > 0), and, being LAL's optimal preprocessing there, gives below
 * alpha_c the same matrix as the TAP estimator (divided by alpha), whose outlier appears only at alpha_c.
 */
export function mondelliMontanariShift(alpha: number, alphaC: number): number {
  return Math.max(1, Math.sqrt(alpha / alphaC));
}
