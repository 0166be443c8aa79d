/**
 * The queue from the command line (issue #20): `spikelab bbp ... --queue URL` with `spikelab worker`
 * processes prints the summary of the same command run locally, and the Redis password in the URL
 * appears in no output of either. Runs the built CLI (dist/) against a loopback redis-server that
 * requires the password.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, runCli } from "./cliProcess.js";
import { RedisServer, redisAvailable, selfSignedCert } from "./redisServer.js";

const SECRET = "s3cret-Pw-91f2";
const SWEEP = ["bbp", "--model", "spiked-wigner", "--theta", "0.5,1.5,2.5", "--n", "100", "--seeds", "2", "--seed", "5", "--no-report", "--json"];

const available = redisAvailable();
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
if (!hasOpenssl) console.warn("test/queue/cli.test.ts: openssl not found, skipping the rediss:// test");

describe.skipIf(!available)("spikelab --queue and spikelab worker", () => {
  let redis: RedisServer;
  let dir: string;
  beforeAll(async () => {
    redis = await RedisServer.start({ password: SECRET });
    dir = mkdtempSync(join(tmpdir(), "spikelab-queue-cli-"));
  }, 20_000);
  afterAll(async () => {
    await redis?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a queued CLI sweep prints the local run's summary; the password is printed nowhere", async () => {
    const url = redis.url(0);
    const local = await runCli([...SWEEP, "--workers", "1"]);
    expect(local.code).toBe(0);
    const workers = [0, 1].map(() => {
      const p = spawn(process.execPath, [CLI, "worker", "--queue", url, "--concurrency", "2"], { stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      p.stdout.on("data", (d) => (text += d));
      p.stderr.on("data", (d) => (text += d));
      return { p, text: () => text, exited: new Promise((r) => p.once("exit", r)) };
    });
    try {
      const jsonl = join(dir, "cli.jsonl");
      const queued = await runCli([...SWEEP, "--queue", url, "--jsonl", jsonl]);
      expect(queued.stderr).toContain(`2 job(s) on redis://:***@127.0.0.1:${redis.port}/0`);
      expect(queued.stderr).not.toContain(SECRET);
      expect(queued.code).toBe(0);
      expect(JSON.parse(queued.stdout)).toEqual(JSON.parse(local.stdout));
      expect(readFileSync(jsonl, "utf8").trim().split("\n").length).toBe(6);
      expect(queued.stdout).not.toContain(SECRET);
    } finally {
      for (const w of workers) w.p.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.exited));
    }
    for (const w of workers) {
      expect(w.text()).toContain(`redis://:***@127.0.0.1:${redis.port}/0`);
      expect(w.text()).not.toContain(SECRET);
    }
  }, 60_000);

  // the certificate comes from openssl; without it (a slim image) only this test skips
  it.skipIf(!hasOpenssl)("rediss:// reaches a TLS-only redis-server (its CA given to Node by NODE_EXTRA_CA_CERTS)", async () => {
    const pem = selfSignedCert(dir);
    const tlsRedis = await RedisServer.start({ password: SECRET, tls: pem });
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: pem.cert };
    const worker = spawn(process.execPath, [CLI, "worker", "--queue", tlsRedis.url(0), "--concurrency", "2"], { stdio: "ignore", env });
    try {
      const queued = await runCli([...SWEEP, "--theta", "1", "--queue", tlsRedis.url(0)], { env });
      expect(queued.code).toBe(0);
      expect(queued.stderr).toContain(`2 job(s) on rediss://:***@127.0.0.1:${tlsRedis.port}/0`);
      expect(JSON.parse(queued.stdout).points).toHaveLength(1);
    } finally {
      worker.kill("SIGTERM");
      await tlsRedis.kill();
    }
  }, 60_000);

  it("tasks that keep throwing are listed after the summary; the rest is written; exit code 2", async () => {
    const url = redis.url(1);
    const worker = spawn(process.execPath, [join(import.meta.dirname, "fixtures/failingWorker.mjs"), url], { stdio: "ignore" });
    try {
      const jsonl = join(dir, "failing.jsonl");
      // independent instances, one job each: the planted failure hits the tasks of point 1 only
      const text = SWEEP.filter((a) => a !== "--json");
      const r = await runCli([...text, "--noise", "independent", "--queue", url, "--jsonl", jsonl]);
      expect(r.code).toBe(2);
      // point 1 is theta = 1.5: its 2 seeds failed after the default 3 attempts
      expect(r.stdout).toMatch(/predicted threshold theta = 1\.000/);
      expect(r.stdout).toContain("2 task(s) failed on the queue");
      expect(r.stdout).toContain("spiked-wigner value 1.5, seed index 0");
      expect(r.stdout).toContain("planted failure at point 1, seed index 1");
      expect(readFileSync(jsonl, "utf8").trim().split("\n").map((l) => JSON.parse(l).value).sort()).toEqual([0.5, 0.5, 2.5, 2.5]);
    } finally {
      worker.kill("SIGTERM");
    }
  }, 60_000);

  it("a bad --queue URL is a one-line usage error (exit 2) without the password, before any work", () => {
    for (const url of [`redis://:${SECRET}@127.0.0.1:${redis.port}/not-a-db`, `http://:${SECRET}@127.0.0.1/0`, `redis://:${SECRET}@127.0.0.1:${redis.port}/0?x=1`]) {
      const r = spawnSync(process.execPath, [CLI, ...SWEEP, "--queue", url], { encoding: "utf8", timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^spikelab: --queue: redis:\/\/:\*\*\*@|^spikelab: --queue: http:\/\/:\*\*\*@/);
      expect(r.stderr + r.stdout).not.toContain(SECRET);
    }
    const w = spawnSync(process.execPath, [CLI, "worker", "--queue", `redis//:${SECRET}@host`], { encoding: "utf8", timeout: 20_000 });
    expect(w.status).toBe(2);
    expect(w.stderr).toContain("not a URL");
    expect(w.stderr).not.toContain(SECRET);
  }, 60_000);
});
