/**
 * The layering of docs/ARCHITECTURE.md, checked on the source: every relative import of a file under
 * src/ goes to its own layer or a layer below, and no two top-level folders import each other (a cycle
 * would make them one layer in disguise). Type-only imports count too: a type is a dependency a reader
 * must follow.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Layer of each top-level module of src/, lowest first (docs/ARCHITECTURE.md, "Layers"). */
const LAYERS: readonly (readonly string[])[] = [
  ["numerics", "wasm", "errors.ts", "matrix.ts", "validate.ts"],
  ["threads", "random"],
  ["linalg"],
  ["theory", "compare"],
  ["estimators", "features", "ensembles", "dynamics"],
  ["sweep", "report", "queue"],
  ["cli", "index.ts", "lazy.ts", "browser.ts"],
];

function layerOf(top: string): number {
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`src/${top} is in no layer: add it to LAYERS and to docs/ARCHITECTURE.md`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The top-level module (folder or root file) of a path under src/. */
function topOf(path: string): string {
  return relative(SRC, path).split(sep)[0]!.replace(/\.js$/, ".ts");
}

/** Relative specifiers of static imports, re-exports and dynamic imports of a TS source. */
export function relativeImports(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

interface Edge {
  file: string;
  target: string;
  from: string;
  to: string;
}

function importEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    relativeImports(readFileSync(file, "utf8")).map((specifier) => {
      const target = resolve(dirname(file), specifier);
      return { file: relative(SRC, file), target: relative(SRC, target), from: topOf(file), to: topOf(target) };
    }),
  );
}

describe("src/ layering (docs/ARCHITECTURE.md)", () => {
  it("finds the imports it checks", () => {
    expect(relativeImports('import { a } from "./x.js";\nexport * from "../y.js";\nconst m = await import("./z.js");')).toEqual([
      "./x.js",
      "../y.js",
      "./z.js",
    ]);
    expect(importEdges().length).toBeGreaterThan(100);
  });

  it("every import goes to the same layer or one below", () => {
    const upward = importEdges()
      .filter((e) => layerOf(e.to) > layerOf(e.from))
      .map((e) => `src/${e.file} imports src/${e.target} (${e.from} is below ${e.to})`);
    expect(upward).toEqual([]);
  });

  it("no two top-level modules import each other", () => {
    const pairs = new Set(importEdges().filter((e) => e.from !== e.to).map((e) => `${e.from} -> ${e.to}`));
    const cycles = [...pairs].filter((p) => {
      const [a, b] = p.split(" -> ");
      return pairs.has(`${b} -> ${a}`);
    });
    expect(cycles).toEqual([]);
  });
});
