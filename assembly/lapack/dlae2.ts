// DLAE2: eigenvalues of the 2 x 2 symmetric matrix [[a, b], [b, c]]: rt1 of larger absolute
// value, rt2 of smaller (LAPACK dlae2; gonum lapack/gonum/dlae2.go). rt1 is accurate to a few
// ulps; rt2 is computed as det / rt1 with the larger diagonal entry so that it does not lose
// accuracy to cancellation. Results go to the addresses rt1Ptr and rt2Ptr (doubles).

export function dlae2(a: f64, b: f64, c: f64, rt1Ptr: usize, rt2Ptr: usize): void {
  const sm = a + c;
  const df = a - c;
  const adf = abs<f64>(df);
  const tb = b + b;
  const ab = abs<f64>(tb);
  let acmx = c;
  let acmn = a;
  if (abs<f64>(a) > abs<f64>(c)) {
    acmx = a;
    acmn = c;
  }
  let rt: f64;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * sqrt<f64>(1 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * sqrt<f64>(1 + q * q);
  } else {
    rt = ab * 1.4142135623730951; // includes adf = ab = 0
  }
  let rt1: f64;
  let rt2: f64;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
  }
  store<f64>(rt1Ptr, rt1);
  store<f64>(rt2Ptr, rt2);
}
