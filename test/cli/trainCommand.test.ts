// `spikelab train` (src/cli/trainCommand.ts): flags to train() options, usage errors, and a small
// run printing its trajectory table and its JSON record.
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
      expect(await runTrainCommand(args)).toBe(0);
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
});
