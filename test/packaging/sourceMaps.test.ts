/**
 * The shipped source maps carry their sources (issue #19): src/ is not packed, so a map that only
 * points at ../src/*.ts makes a consumer's dev server warn once per file. Every dist/**\/*.map
 * (npm test builds dist/ first) must hold a non-empty sourcesContent entry per source.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const dist = resolve(import.meta.dirname, "../../dist");

function maps(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? maps(join(dir, e.name)) : e.name.endsWith(".js.map") ? [join(dir, e.name)] : []);
}

describe("source maps in dist/", () => {
  it("every .js.map embeds the text of each of its sources", () => {
    const files = maps(dist);
    expect(files.length).toBeGreaterThan(50);
    const bare = files.filter((f) => {
      const m = JSON.parse(readFileSync(f, "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      return !m.sourcesContent || m.sourcesContent.length !== m.sources.length || m.sourcesContent.some((c) => !c);
    });
    expect(bare.map((f) => f.slice(dist.length + 1))).toEqual([]);
  });
});
