// `npm prepare`: builds the kernels and dist/ only in a source checkout (a clone, or a git
// install, which npm builds with its devDependencies). A packed or published package ships
// build/ and dist/ and holds neither assembly/ nor tsconfig.build.json, so nothing is built
// there at install time (issue #19).
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url);
const source = ["assembly/index.ts", "tsconfig.build.json", "node_modules/assemblyscript"].every((p) => existsSync(new URL(p, root)));
if (!source) {
  console.log("spikelab prepare: not a source checkout (or no devDependencies), nothing to build");
  process.exit(0);
}
const npm = process.env.npm_execpath;
const r = npm
  ? spawnSync(process.execPath, [npm, "run", "build"], { stdio: "inherit", cwd: root })
  : spawnSync("npm", ["run", "build"], { stdio: "inherit", cwd: root, shell: process.platform === "win32" });
process.exit(r.status ?? 1);
