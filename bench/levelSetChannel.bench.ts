/**
 * g_out of links given only g (standalone: `npx tsx bench/levelSetChannel.bench.ts [--calls=2000
 * --rounds=3]`): microseconds per call of the level-set channel (src/estimators/amp/levelSetChannel.ts,
 * `defineLink({ p, g })`) against the library's exact channel of the same g and the Monte Carlo
 * g_out (2 x 2048 draws) that p >= 2 user links used before; and seconds for populationConstants of
 * p = 3 links given only g (the preimage engine). Median over --rounds; labels drawn from the model
 * at omega = 0.3 z + noise, V = 0.6 I (an AMP iteration's shape).
 */
import { defineLink, links, populationConstants, ready, type IndexLink } from "../src/lazy.js";
import { gOut, outputChannel, type OutputChannel } from "../src/estimators/amp/gout.js";
import { Rng } from "../src/random/rng.js";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";

await ready();
const { calls, rounds } = numberOptions({ calls: 2000, rounds: 3 }, parseOptions());

function perCall(channel: OutputChannel, link: IndexLink, n: number): number {
  const p = link.p;
  const raw = new Rng(1).normal(2 * n * p);
  const omega = new Float64Array(n * p), y = new Float64Array(n), z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      z[a] = raw[i * p + a]!;
      omega[i * p + a] = 0.3 * z[a]! + 0.6 * raw[(n + i) * p + a]!;
    }
    y[i] = link.g(z);
  }
  const V = new Float64Array(p * p);
  for (let a = 0; a < p; a++) V[a * p + a] = 0.6;
  const gout = new Float64Array(n * p), dgout = new Float64Array(n * p * p);
  gOut(channel, omega.subarray(0, Math.min(n, 50) * p), V, y.subarray(0, Math.min(n, 50)), gout.subarray(0, Math.min(n, 50) * p), null); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    gOut(channel, omega, V, y, gout, dgout);
    times.push(((performance.now() - t0) * 1000) / n);
  }
  return median(times);
}

const rows: string[][] = [];
for (const lib of [links.product(), links.norm(2), links.signProduct(), links.tripleProduct()]) {
  const user = defineLink({ p: lib.p, g: lib.g, labels: lib.labels });
  const n = lib.p === 2 ? calls : Math.max(20, Math.round(calls / 50));
  const exact = perCall(outputChannel(lib), lib, n);
  const level = perCall(outputChannel(user), user, n);
  const mc = perCall(outputChannel(user, { method: "monte-carlo" }), user, n);
  rows.push([lib.name, String(lib.p), fmt(level, 0), fmt(exact, 0), fmt(mc, 0)]);
}
console.log(markdownTable(["g (given only g)", "p", "level set (us/call)", "library exact (us/call)", "Monte Carlo (us/call)"], rows));

const pc: string[][] = [];
for (const [name, g] of [["z1 z2 z3", (z: Float64Array) => z[0]! * z[1]! * z[2]!], ["|z1 z2 z3|", (z: Float64Array) => Math.abs(z[0]! * z[1]! * z[2]!)], ["z1^2 + sign(z1 z2 z3)", (z: Float64Array) => z[0]! * z[0]! + (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1)]] as const) {
  const times: number[] = [];
  let alpha = 0, err = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c = populationConstants(defineLink({ p: 3, g }));
    times.push((performance.now() - t0) / 1000);
    alpha = c.alphaC;
    err = c.alphaCError;
  }
  pc.push([name, fmt(alpha, 5), fmt(err, 5), fmt(median(times), 2)]);
}
console.log(markdownTable(["p = 3 link given only g", "alpha_c", "alphaCError", "populationConstants (s)"], pc));
