// `spikelab train` (src/cli/trainCommand.ts): flags to train() options, usage errors, and a small
// run printing its trajectory table and its JSON record.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ready } from "../../src/wasm/loader.js";
import { runTrainCommand, trainHelp, trainOptionsFromArgs } from "../../src/cli/trainCommand.js";
import { UsageError } from "../../src/cli/args.js";

beforeAll(async () => {
  await ready();
});

describe("spikelab train", () => {
  it("maps its flags to train() options, with the documented defaults", () => {
    const { options, json } = trainOptionsFromArgs(["--link", "z^3-3z", "--d", "300", "--algorithm", "repeat", "--batch", "8", "--lr", "0.25", "--project", "--json"])!;
    expect(options).toMatchObject({ d: 300, p: 16, target: "z^3-3z", algorithm: "repeat", batchSize: 8, lr: 0.25, project: true, steps: 6000, loss: "square" });
    expect(json).toBe(true);
    const gd = trainOptionsFromArgs(["--algorithm", "gd", "--d", "100"])!.options;
    expect(gd.samples).toBe(200);
    expect(gd.batchSize).toBeUndefined();
    expect(trainOptionsFromArgs(["--help"])).toBeNull();
    expect(trainHelp().split("\n").every((line) => line.length <= 100)).toBe(true);
  });

  it("refuses bad flags with a usage error naming the flag", () => {
    expect(() => trainOptionsFromArgs(["--algorithm", "adam"])).toThrow(/--algorithm must be one of sgd, repeat, gd/);
    expect(() => trainOptionsFromArgs(["--d", "-5"])).toThrow(UsageError);
    expect(() => trainOptionsFromArgs(["--lr", "fast"])).toThrow(/--lr must be a decimal number/);
    expect(() => trainOptionsFromArgs(["--algorithm", "gd", "--batch", "4"])).toThrow(/--batch is for sgd and repeat/);
    expect(() => trainOptionsFromArgs(["--frobnicate"])).toThrow(UsageError);
  });

  it("prints the trajectory table, and the record with --json", async () => {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const args = ["--link", "he1", "--d", "60", "--p", "4", "--steps", "300", "--lr", "0.5", "--activation", "erf", "--points", "5", "--test-size", "100"];
      expect(await runTrainCommand([...args, "--no-report"])).toBe(0);
      const table = out.join("");
      expect(table).toMatch(/step\s+t\s+overlap 1\s+test error\s+mean inSpan/);
      expect(table).toMatch(/weak recovery/);
      out.length = 0;
      expect(await runTrainCommand([...args, "--json"])).toBe(0);
      const rec = JSON.parse(out.join("")) as { steps: number[]; overlap: number[][]; testError: number[] };
      expect(rec.steps[0]).toBe(0);
      expect(rec.steps.at(-1)).toBe(300);
      // He_1 with erf: the overlap grows and the test error falls
      expect(rec.overlap.at(-1)![0]!).toBeGreaterThan(rec.overlap[0]![0]!);
      expect(rec.testError.at(-1)!).toBeLessThan(rec.testError[0]!);
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
  });

  it("report flags: --out, --no-report, --ode/--no-ode, --escape-d, and their conflicts", () => {
    const r = trainOptionsFromArgs(["--escape-d", "100,200", "--escape-seeds", "3", "--no-ode"])!;
    expect(r.out).toBe("spikelab-train.html");
    expect(r.plan).toEqual({ ode: false, escapeD: [100, 200], escapeSeeds: 3 });
    expect(r.options.spectrum).toBe(true);
    expect(trainOptionsFromArgs(["--json"])!.out).toBeNull();
    expect(trainOptionsFromArgs(["--no-report"])!.options.spectrum).toBe(false);
    expect(() => trainOptionsFromArgs(["--ode", "--no-ode"])).toThrow(UsageError);
    expect(() => trainOptionsFromArgs(["--out", "a.html", "--no-report"])).toThrow(/contradict/);
    expect(() => trainOptionsFromArgs(["--escape-d", "100,1.5"])).toThrow(/whole dimensions/);
    expect(() => trainOptionsFromArgs(["--escape-d", "100", "--no-report"])).toThrow(/--escape-d draws a figure/);
  });

  it("writes a report: overlaps beside the ODE, singular values of W against the initial law, the escape-time sweep", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spikelab-train-"));
    const file = join(dir, "train.html");
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const args = ["--link", "he1", "--d", "100", "--p", "2", "--steps", "600", "--lr", "0.5", "--activation", "erf", "--points", "12",
        "--test-size", "100", "--escape-d", "50,100,200", "--escape-seeds", "1", "--out", file];
      expect(await runTrainCommand(args)).toBe(0);
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
    const html = readFileSync(file, "utf8");
    for (const id of ["training-overlaps-0", "training-spectrum-0", "training-escape-0"]) expect(html).toContain(id);
    expect(html).toContain("ODE, direction 1");
    expect(html).toContain("initialization (Marchenko-Pastur, gamma = p/d)");
    expect(html).toMatch(/escape-time slope<\/[a-z]+>\s*<[a-z]+>[0-9.]+ measured, 1\.00 predicted \(l = 1\)/);
  });
});
