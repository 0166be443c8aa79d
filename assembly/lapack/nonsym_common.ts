// Shared pieces of the nonsymmetric eigensolver routines (dgehd2/dgehrd, dorghr, dgebal/dgebak,
// dlahqr, dlanv2, dtrevc, dtrexc/dlaexc and their small helpers): the side flags, the LAPACK
// machine constants under the names LAPACK's code uses, and element accessors.
//
// Storage is row-major throughout (gonum lapack/gonum convention): A[i, j] at a + 8 (i lda + j).
// Like gonum's port, the routines keep LAPACK's column indexing, so a Householder vector that
// LAPACK stores in a column is stored in a column here too (stride lda); the routines that
// apply such a vector copy it to contiguous workspace first, so every BLAS call is unit-stride.

/** Apply a transformation from the left (H C). */
export const SIDE_LEFT: i32 = 0;
/** Apply a transformation from the right (C H). */
export const SIDE_RIGHT: i32 = 1;

export { ULP, EPS, SAFMIN } from "./dlamch";

/** Byte address of X[i, j] for a row-major X with leading dimension ld. */
// @ts-ignore: decorator
@inline
export function at(x: usize, ld: i32, i: i32, j: i32): usize {
  return x + ((<usize>i * <usize>ld + <usize>j) << 3);
}

/** X[i, j]. */
// @ts-ignore: decorator
@inline
export function get(x: usize, ld: i32, i: i32, j: i32): f64 {
  return load<f64>(x + ((<usize>i * <usize>ld + <usize>j) << 3));
}

/** X[i, j] := v. */
// @ts-ignore: decorator
@inline
export function put(x: usize, ld: i32, i: i32, j: i32, v: f64): void {
  store<f64>(x + ((<usize>i * <usize>ld + <usize>j) << 3), v);
}

/** x[i] for a contiguous vector. */
// @ts-ignore: decorator
@inline
export function vget(x: usize, i: i32): f64 {
  return load<f64>(x + (<usize>i << 3));
}

/** x[i] := v for a contiguous vector. */
// @ts-ignore: decorator
@inline
export function vput(x: usize, i: i32, v: f64): void {
  store<f64>(x + (<usize>i << 3), v);
}
