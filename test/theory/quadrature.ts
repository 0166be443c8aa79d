/**
 * Independent quadrature for the theory tests (not the package's): adaptive Simpson, and a
 * substitution x = a + s^2 near the left end / x = b - s^2 near the right end that removes
 * square-root (and inverse square-root) endpoint behaviour before integrating.
 */
export function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxDepth = 48): number {
  const simpson = (fa: number, fm: number, fb: number, h: number) => (h / 6) * (fa + 4 * fm + fb);
  const rec = (a0: number, b0: number, fa: number, fm: number, fb: number, whole: number, eps: number, depth: number): number => {
    const m = 0.5 * (a0 + b0);
    const lm = 0.5 * (a0 + m);
    const rm = 0.5 * (m + b0);
    const flm = f(lm);
    const frm = f(rm);
    const left = simpson(fa, flm, fm, m - a0);
    const right = simpson(fm, frm, fb, b0 - m);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * eps) return left + right + (left + right - whole) / 15;
    return rec(a0, m, fa, flm, fm, left, eps / 2, depth - 1) + rec(m, b0, fm, frm, fb, right, eps / 2, depth - 1);
  };
  if (b === a) return 0;
  const fa = f(a);
  const fb = f(b);
  const fm = f(0.5 * (a + b));
  return rec(a, b, fa, fm, fb, simpson(fa, fm, fb, b - a), tol, maxDepth);
}

/** integral_a^b f for f with square-root behaviour at both ends: split at the middle, x = a + s^2 and x = b - s^2. */
export function integrateOver(f: (x: number) => number, a: number, b: number, tol = 1e-13): number {
  if (b <= a) return 0;
  const mid = 0.5 * (a + b);
  const sl = Math.sqrt(mid - a);
  const left = adaptiveSimpson((s) => f(a + s * s) * 2 * s, 0, sl, tol);
  const right = adaptiveSimpson((s) => f(b - s * s) * 2 * s, 0, sl, tol);
  return left + right;
}
