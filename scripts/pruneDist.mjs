// After `tsc -p tsconfig.build.json`: removes the dist/ outputs (.js, .d.ts, .map) whose source
// in src/ no longer exists, so a renamed or deleted module is not packed and published (tsc
// never deletes). Only stale files are touched, so a test reading dist/ meanwhile is unaffected.
import { existsSync, readdirSync, rmSync, rmdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const src = join(root, "src");
let removed = 0;

function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      walk(p);
      if (readdirSync(p).length === 0) rmdirSync(p);
      continue;
    }
    const m = /^(.*)\.(js|d\.ts|js\.map|d\.ts\.map)$/.exec(e.name);
    if (!m) continue;
    const base = join(src, relative(dist, dir), m[1]);
    if (!existsSync(`${base}.ts`) && !existsSync(`${base}.d.ts`)) {
      rmSync(p);
      removed++;
    }
  }
}

if (existsSync(dist)) walk(dist);
if (removed > 0) console.log(`pruneDist: removed ${removed} stale file(s) from dist/`);
