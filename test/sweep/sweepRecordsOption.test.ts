// sweep({ records }) names the JSONL file of task records (issue #19: `out` read as the HTML report,
// which the CLI's --out is); `out` stays a deprecated alias for one minor version.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { sweep } from "../../src/sweep/sweep.js";

const BASE = { model: "spiked-wigner", values: [0.5, 2], fixed: { n: 40 }, seeds: 2, workers: 1 };

describe("sweep's records file", () => {
  const dir = mkdtempSync(join(tmpdir(), "spikelab-records-"));

  it("records: one JSON line per task, reused on a rerun", async () => {
    const file = join(dir, "a.jsonl");
    await sweep({ ...BASE, records: file });
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toMatchObject({ model: "spiked-wigner", parameter: "theta" });
    let reused = 0;
    await sweep({ ...BASE, records: file, onProgress: (_d, _t, _r, fromFile) => { if (fromFile) reused++; } });
    expect(reused).toBe(4);
  });

  it("out, the deprecated alias, still writes the same file; both given they must agree", async () => {
    const file = join(dir, "b.jsonl");
    await sweep({ ...BASE, out: file });
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(4);
    await sweep({ ...BASE, out: file, records: file });
    await expect(sweep({ ...BASE, out: join(dir, "c.jsonl"), records: file })).rejects.toThrow(InvalidArgumentError);
    await expect(sweep({ ...BASE, out: join(dir, "c.jsonl"), records: file })).rejects.toThrow(/records = .* and its deprecated alias out = .* disagree/);
    expect(existsSync(join(dir, "c.jsonl"))).toBe(false);
  });

  it("bad records paths are typed errors naming the option", async () => {
    await expect(sweep({ ...BASE, records: "" })).rejects.toThrow(/options\.records must be a file path/);
    await expect(sweep({ ...BASE, records: join(dir, "no/such/folder/r.jsonl") })).rejects.toThrow(/options\.records .* does not exist/);
    await expect(sweep({ ...BASE, records: dir })).rejects.toThrow(/options\.records .* is not a plain file/);
    await expect(sweep({ ...BASE, out: dir })).rejects.toThrow(/options\.out .* is not a plain file/);
  });
});
