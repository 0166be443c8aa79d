// Compiles the kernel module (assembly/index.ts) for every shipped target of asconfig.json:
// simd, relaxed (SIMD + fused multiply-add) and their shared-memory "threads" twins. Each asc
// run is single-threaded, so targets are built as many at a time as there are cores.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const targets = process.argv.length > 2 ? process.argv.slice(2) : ["simd", "relaxed", "threads", "threads-relaxed"];
const asc = new URL("../node_modules/assemblyscript/bin/asc.js", import.meta.url);

function build(target) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [asc.pathname, "assembly/index.ts", "--target", target], { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`asc --target ${target} exited with ${code}`))));
  });
}

const queue = [...targets];
const lanes = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  while (queue.length > 0) await build(queue.shift());
});
try {
  await Promise.all(lanes);
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
