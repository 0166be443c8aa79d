// Allocation entry points for the host. Kernels never allocate: the TypeScript side
// (src/wasm/memory.ts) owns every block and passes pointers in. Blocks come from the
// runtime's TLSF allocator and are 16-byte aligned, so f64x2 loads on them are aligned.

/** Allocates `bytes` bytes (16-byte aligned). Traps (unreachable) if memory cannot grow. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Returns a block from `alloc` to the allocator. */
export function free(ptr: usize): void {
  heap.free(ptr);
}
