// Shared pieces of the symmetric tridiagonal eigensolvers (dsterf, dsteqr, dstedc, dstebz,
// dstein and their dlaed*/dlag* helpers): the LAPACK machine constants (dlamch), element
// accessors for raw f64/i32 arrays.
//
// Storage notes. The exported routines are row-major: Z[i, j] at z + 8 (i ldz + j) is
// component i of eigenvector j. Internally dsteqr and dstedc work on the transpose, Zt = Z^T,
// which is the column-major layout of Z: eigenvector j is then the contiguous row j of Zt, so
// plane rotations, column copies and the secular-equation vectors of LAPACK's column-major
// code run on unit-stride memory (f64x2). Helpers that take such a matrix say "column-major Q",
// meaning Q(i, j) at q + 8 (i + j ldq).

export { EPS, ULP, SAFMIN, SAFMAX } from "./dlamch";

// @ts-ignore: decorator
@inline
export function getF(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
export function setF(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline
export function getI(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
export function setI(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

/** Address of element (i, j) of a column-major matrix with leading dimension ld. */
// @ts-ignore: decorator
@inline
export function colMajorAt(q: usize, ld: i32, i: i32, j: i32): usize {
  return q + ((<usize>i + <usize>j * <usize>ld) << 3);
}

// The QL/QR sweep limit is an argument of the kernels that iterate (dsterf, dsteqr, dstedc and
// its leaves: `maxSweeps` per eigenvalue, so a call may take maxSweeps n sweeps in all; LAPACK's
// MAXIT is 30). It used to be a module global of each instance, which worker threads (other
// instances over the same memory) did not see; an argument travels with the call.
