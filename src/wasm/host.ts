/**
 * What the code needs to know about its host without importing anything host-specific: bundlers
 * targeting browsers (Vite, webpack 5, esbuild, Rollup) then see no `node:` specifier in the
 * graph of the main, lazy or browser entries, and nothing is externalized or polyfilled (#19).
 */

/** True in Node (main thread or worker_threads), false in browsers and Web Workers. */
export const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

type BuiltinGetter = (id: string) => unknown;

/**
 * Node's built-in module `id` (e.g. "node:fs/promises"), only ever called where `isNode`.
 * process.getBuiltinModule (Node >= 20.16) is a plain function call that no bundler follows; on
 * older Node the dynamic import takes a variable specifier that bundlers leave alone (the
 * comments silence Vite's and webpack's notes on it).
 */
export async function nodeBuiltin<T>(id: string): Promise<T> {
  const get = (process as { getBuiltinModule?: BuiltinGetter }).getBuiltinModule;
  if (get) return get(id) as T;
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ id)) as T;
}

type Globals = typeof globalThis;

// The public declarations name WebAssembly's types through these, so that they compile for a
// consumer whose lib has no WebAssembly global (lib ["ES2022"] with @types/node, skipLibCheck
// false: #19): there they are opaque; wherever lib.dom (or a runtime's lib) declares WebAssembly,
// they are exactly WebAssembly.Module and WebAssembly.Memory.
/** WebAssembly.Module where the consumer's lib declares it. */
export type WasmModule = Globals extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : object;
/** WebAssembly.Memory where the consumer's lib declares it. */
export type WasmMemory = Globals extends { WebAssembly: { Memory: abstract new (...args: never[]) => infer M } } ? M
  : { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(delta: number): number };
/** A module's bytes (lib.dom's BufferSource, spelt with ES2022 names). */
export type WasmBytes = ArrayBuffer | ArrayBufferView<ArrayBuffer>;
