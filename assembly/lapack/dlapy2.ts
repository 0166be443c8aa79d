// DLAPY2: sqrt(x^2 + y^2) without unnecessary overflow or destructive underflow
// (LAPACK dlapy2; gonum lapack/gonum/dlapy2.go). NaN in either argument is returned as is.

export function dlapy2(x: f64, y: f64): f64 {
  if (isNaN(x)) return x;
  if (isNaN(y)) return y;
  const xa = abs<f64>(x);
  const ya = abs<f64>(y);
  const w = max<f64>(xa, ya);
  const z = min<f64>(xa, ya);
  if (z == 0 || w > 1.7976931348623157e308) return w;
  const q = z / w;
  return w * sqrt<f64>(1 + q * q);
}
