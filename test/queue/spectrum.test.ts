/**
 * `spikelab spectrum ... --queue` (issue #20): the worker's checks of a spectrum job (untrusted data
 * from the network), the exact round trip of its result (NaN included), and, against a loopback
 * redis-server that requires a password, the built CLI: one worker gives the local run's numbers and
 * an identical report, the password is printed nowhere, and a job that keeps failing is exit 2.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SrfSpectrum, SrfSpectrumOptions } from "../../src/sweep/srfSpectrum.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { encodeSpectrum, spectrumJobId, spectrumOfJob, spectrumOfResult } from "../../src/sweep/queue/spectrumJob.js";
import { CLI, runCli } from "./cliProcess.js";
import { RedisServer, redisAvailable } from "./redisServer.js";

const options: SrfSpectrumOptions = { activation: "relu", theta: 1.5, secondLayer: "plusminus", n: 200, p: 100, d: 100, seed: 3 };
const job = (o: Record<string, unknown>) => ({ kind: "spectrum", options: o });

describe("spectrum jobs", () => {
  it("a valid job gives back its options; the id depends on every option and on nothing else", () => {
    expect(spectrumOfJob(job({ ...options }))).toEqual(options);
    expect(spectrumJobId({ ...options })).toBe(spectrumJobId(options));
    expect(spectrumJobId({ ...options, seed: 4 })).not.toBe(spectrumJobId(options));
    expect(spectrumJobId({ ...options, activation: "tanh" })).not.toBe(spectrumJobId(options));
  });

  it("the worker rejects bad job data with an InvalidArgumentError naming the field", () => {
    const bad: [unknown, RegExp][] = [
      [{ kind: "spectrum" }, /options must be an object/],
      [job({ ...options, code: "process.exit()" }), /unknown spectrum option code/],
      [job({ ...options, d: undefined }), /parameter d/],
      [job(Object.fromEntries(Object.entries(options).filter(([k]) => k !== "seed"))), /seed is missing/],
      [job({ ...options, p: 2 }), /parameter p/], // the srf sweep's minimum is 3
      [job({ ...options, n: 10.5 }), /parameter n/],
      [job({ ...options, activation: "softmax" }), /parameter activation/],
      [job({ ...options, secondLayer: "random" }), /parameter secondLayer/],
      [job({ ...options, theta: -1 }), /theta values must be >= 0/],
      [job({ ...options, theta: "1.5" }), /theta must be a finite number/],
      [job({ ...options, seed: -2 }), /seed must be an integer >= 0/],
      [{ model: "srf" }, /not a spectrum job/],
    ];
    for (const [data, message] of bad) {
      expect(() => spectrumOfJob(data)).toThrow(InvalidArgumentError);
      expect(() => spectrumOfJob(data)).toThrow(message);
    }
  });

  it("a result travels back exactly, NaN and infinities included; another spectrum's result is refused", () => {
    const s: SrfSpectrum = {
      panel: { title: "t", eigenvalues: [0.1 + 0.2, Math.PI], density: { x: [1 / 3], y: [NaN] }, edges: [0.01, 1.8], outliers: [] },
      support: [[0.01, 1.8]],
      spikes: [{ measured: 59.75646194834151, predicted: null, leading: NaN }, { measured: 1e-300, predicted: Infinity, leading: -Infinity }],
      bulkTop: { measured: 1.8250206040718355, predicted: 1.8233468832881097 },
    };
    const back = spectrumOfResult(encodeSpectrum(options, s), options);
    expect(back).toEqual(s); // toEqual treats NaN as equal to NaN, and null apart from NaN
    expect(back!.spikes[0]!.leading).toBeNaN();
    expect(back!.spikes[0]!.predicted).toBeNull();
    expect(spectrumOfResult(encodeSpectrum(options, s), { ...options, seed: 4 })).toBeNull();
    for (const junk of [undefined, 42, "{", JSON.stringify({ options, spectrum: { panel: {} } })]) expect(spectrumOfResult(junk, options)).toBeNull();
  });
});

const SECRET = "spectrum-Pw-7c1e";
const ARGS = ["spectrum", "--model", "srf", "--n", "200", "--p", "100", "--d", "100", "--seed", "3", "--out", "spectrum.html"];

/** A worker process and everything it printed. */
function startProcess(args: string[]) {
  const p = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  p.stdout.on("data", (d) => (text += d));
  p.stderr.on("data", (d) => (text += d));
  const exited = new Promise((r) => p.once("exit", r));
  return { text: () => text, stop: () => (p.kill("SIGTERM"), exited) };
}

describe.skipIf(!redisAvailable())("spikelab spectrum --queue", () => {
  let redis: RedisServer;
  let dir: string;
  beforeAll(async () => {
    redis = await RedisServer.start({ password: SECRET });
    dir = mkdtempSync(join(tmpdir(), "spikelab-queue-spectrum-"));
  }, 20_000);
  afterAll(async () => {
    await redis?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("one worker gives the local run's numbers, text and report; the password is printed nowhere", async () => {
    const [localDir, queuedDir] = ["local", "queued"].map((d) => join(dir, d));
    for (const d of [localDir!, queuedDir!]) mkdirSync(d);
    const url = redis.url(0);
    const worker = startProcess([CLI, "worker", "--queue", url, "--concurrency", "1"]);
    // both reports carry the same date in their footer (reproducible-builds convention)
    process.env.SOURCE_DATE_EPOCH = "1796601600";
    try {
      const local = await runCli([...ARGS, "--json"], { cwd: localDir! });
      const queued = await runCli([...ARGS, "--json", "--queue", url], { cwd: queuedDir! });
      expect(local.code).toBe(0);
      expect(queued.code).toBe(0);
      expect(queued.stderr).toContain(`1 job(s) on redis://:***@127.0.0.1:${redis.port}/0`);
      // the same doubles, printed the same way (17 significant digits), and the same HTML report
      expect(queued.stdout).toBe(local.stdout);
      expect(JSON.parse(queued.stdout).spikes).toHaveLength(2);
      const html = readFileSync(join(queuedDir!, "spectrum.html"), "utf8");
      expect(html).toBe(readFileSync(join(localDir!, "spectrum.html"), "utf8"));
      // the text summary too (the second run reuses the finished job: same id)
      const text = await runCli([...ARGS, "--no-report", "--queue", url], { cwd: queuedDir! });
      expect(text.stdout).toBe((await runCli([...ARGS, "--no-report"], { cwd: localDir! })).stdout);
      for (const out of [queued.stdout, queued.stderr, text.stdout, text.stderr, html]) expect(out).not.toContain(SECRET);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
      await worker.stop();
    }
    expect(worker.text()).toContain(`redis://:***@127.0.0.1:${redis.port}/0`);
    expect(worker.text()).not.toContain(SECRET);
  }, 60_000);

  it("a spectrum job that keeps failing is a one-line error with the worker's reason, exit 2", async () => {
    const url = redis.url(1);
    const worker = startProcess([join(import.meta.dirname, "fixtures/failingSpectrumWorker.mjs"), url]);
    try {
      const r = await runCli([...ARGS, "--no-report", "--queue", url], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^spikelab: spectrum: the queue job failed after 3 attempt\(s\): planted failure of job spectrum$/m);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toContain(SECRET);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
