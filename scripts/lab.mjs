// The browser lab (examples/lab/) from this checkout, as a consumer of the packed package:
//
//   node scripts/lab.mjs dev       npm run lab: Vite's dev server with COOP/COEP (threads on)
//   node scripts/lab.mjs build     npm run lab:build: a static folder, examples/lab/dist/
//   node scripts/lab.mjs preview   npm run lab:preview: serves that folder with COOP/COEP
//
// Each first packs the built checkout (`npm pack`, as a registry install would receive it) into
// examples/lab/.pack/spikelab.tgz, the file the lab's package.json depends on, and lays it out in
// examples/lab/node_modules/spikelab as `npm install` would, offline: the package's one browser
// dependency, ml-matrix, is linked from this repository's node_modules. (Outside this repository,
// `npm install` in the lab folder installs the same tarball from the registry's point of view.)
// Needs `npm run build` first. Options after the command go to Vite (`-- --port 5174 --host`).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const LAB = join(ROOT, "examples", "lab");

/** Packs the checkout into examples/lab/.pack/spikelab.tgz and installs it under examples/lab/node_modules. */
export function installPackedPackage(lab = LAB) {
  if (!existsSync(join(ROOT, "dist", "browser.js")) || !existsSync(join(ROOT, "build", "spikelab.simd.wasm"))) {
    throw new Error("scripts/lab.mjs: dist/browser.js or build/*.wasm is missing; run `npm run build` first");
  }
  const packDir = join(lab, ".pack");
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], {
    cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
  }));
  const tarball = join(packDir, "spikelab.tgz");
  renameSync(join(packDir, filename), tarball);
  const modules = join(lab, "node_modules");
  const pkg = join(modules, "spikelab");
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", pkg, "--strip-components=1"]);
  const mlMatrix = join(modules, "ml-matrix");
  rmSync(mlMatrix, { recursive: true, force: true });
  symlinkSync(join(ROOT, "node_modules", "ml-matrix"), mlMatrix, "dir");
  return { tarball, pkg };
}

async function main() {
  const [command = "dev", ...rest] = process.argv.slice(2);
  if (!["dev", "build", "preview"].includes(command)) {
    console.error(`scripts/lab.mjs: unknown command '${command}' (dev, build or preview)`);
    process.exit(2);
  }
  if (command !== "preview") {
    const { tarball } = installPackedPackage();
    console.log(`lab: spikelab packed into ${tarball} and installed in examples/lab/node_modules`);
  } else if (!existsSync(join(LAB, "dist", "index.html"))) {
    console.error("scripts/lab.mjs: examples/lab/dist is missing; run `npm run lab:build` first");
    process.exit(1);
  }
  // Vite's own command line, run in the lab's folder (it reads examples/lab/vite.config.js)
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const args = command === "dev" ? rest : [command, ...rest];
  execFileSync(process.execPath, [vite, ...args], { cwd: LAB, stdio: "inherit" });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
