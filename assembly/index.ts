// The exported entry points of the spikelab kernel module. Every kernel takes raw byte
// addresses, sizes and leading dimensions in the BLAS shape (row-major, see each file), never
// allocates and never throws; routines that can fail return a status code that src/wasm/
// turns into a typed error. alloc/free are for the host (src/wasm/memory.ts) only.

export { alloc, free } from "./memory";
export { ddot, daxpy, dscal, dcopy, dnrm2, idamax } from "./blas/level1";
export { dgemv } from "./blas/gemv";
export { dsymv, dsymv_chunks, dsymv_chunk_start, dsymv_upper_rows, dsymv_reduce } from "./blas/symv";
export { dger } from "./blas/ger";
export { dsyr2 } from "./blas/syr2";
export { dgemm, dgemm_worksize, dgemm_blocking, dgemm_packb_size, dgemm_rows_worksize, dgemm_pack_b, dgemm_rows } from "./blas/gemm";
export { dgemm_micro_peak, dgemm_micro_peak_worksize } from "./blas/gemmPeak";
export { dsyrk, dsyrk_worksize, dsyrk_rows, dsyrk_blocksize } from "./blas/syrk";
export { dsyr2k, dsyr2k_worksize, dsyr2k_rows } from "./blas/syr2k";
export { rng_seed, rng_jump, rng_fill_u64, rng_fill_uniform, rng_fill_normal } from "./random/xoshiro";
export { dlarfg } from "./lapack/dlarfg";
export { dsytd2 } from "./lapack/dsytd2";
export { dlatrd, dlatrd_worksize, dlatrd_row_start, dlatrd_row_finish } from "./lapack/dlatrd";
export { dsytrd, dsytrd_worksize, dsytrd_blocksize, dsytrd_crossover } from "./lapack/dsytrd";
export { dlarft } from "./lapack/dlarft";
export { dlarfb, dlarfb_worksize } from "./lapack/dlarfb";
export { dormtr, dormtr_worksize } from "./lapack/dormtr";
export { dorgtr, dorgtr_worksize } from "./lapack/dorgtr";
export { scale_rows, scale_cols, batched_small_matvec } from "./rowwise";
// Symmetric tridiagonal eigensolvers (assembly/lapack/: dsterf, dsteqr, dstedc, dstebz, dstein);
// the QL/QR ones take their sweep limit per eigenvalue as the last argument
export { dsterf } from "./lapack/dsterf";
export { dsteqr, dsteqr_worksize } from "./lapack/dsteqr";
export { dstedc, dstedc_worksize, dstedc_iworksize } from "./lapack/dstedc";
export { dstebz, dstebz_worksize, dstebz_iworksize } from "./lapack/dstebz";
export { dstein, dstein_worksize, dstein_iworksize } from "./lapack/dstein";
export { act_apply, act_derivative, act_apply_both, pointwise_erfc } from "./pointwise";
// Nonsymmetric eigensolvers (assembly/lapack/): balancing, Hessenberg reduction, Francis QR,
// eigenvectors of the Schur form, Schur reordering. Row-major; status 0, -i bad argument i.
export { dgebal } from "./lapack/dgebal";
export { dgebak } from "./lapack/dgebak";
export { dgehd2 } from "./lapack/dgehd2";
export { dgehrd, dgehrd_worksize } from "./lapack/dgehrd";
export { dorghr, dorghr_worksize } from "./lapack/dorghr";
export { dlahqr, dlahqr_worksize } from "./lapack/dlahqr";
export { dlanv2_out } from "./lapack/dlanv2";
export { dtrevc, dtrevc_worksize } from "./lapack/dtrevc";
export { dtrexc } from "./lapack/dtrexc";
export { skinny_xtv, skinny_xu, lamp_combine, tap_apply } from "./estimators";
export { dgramv } from "./blas/gramv";
export { dyn_output, dyn_backprop, dyn_project_rows } from "./dynamics";
export { rng_normal_chunk } from "./random/ziggurat";
