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
