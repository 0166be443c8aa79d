/**
 * What a queue URL and a job may be (issue #20), without Redis: URL parsing (database, TLS, the
 * password kept out of every message), idempotent job ids, and the worker's checks of a job's data
 * and the producer's of a result, both untrusted input from the network.
 */
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { queueConnection, redactQueueUrl } from "../../src/sweep/queue/connection.js";
import { jobId, recordOfResult, sweepHash, taskOfJob } from "../../src/sweep/queue/jobs.js";
import type { TaskSpec } from "../../src/sweep/task.js";

const task: TaskSpec = { model: "spiked-wigner", value: 1.5, pointIndex: 2, seedIndex: 1, seed: 12345, fixed: { n: 100 } };

describe("queue URLs", () => {
  it("reads host, port, database, user and password; rediss:// turns TLS on", () => {
    const c = queueConnection("redis://alice:p%40ss@10.0.0.7:6380/4");
    expect([c.host, c.port, c.db, c.username, c.password, c.tls]).toEqual(["10.0.0.7", 6380, 4, "alice", "p@ss", undefined]);
    const d = queueConnection("redis://localhost");
    expect([d.port, d.db, d.password]).toEqual([6379, 0, undefined]);
    expect(queueConnection("rediss://:pw@cache.example.org:6390/1").tls).toEqual({ servername: "cache.example.org" });
    expect(queueConnection("rediss://127.0.0.1:6390/1").tls).toEqual({});
    expect(queueConnection("redis://[::1]:7000/0").host).toBe("::1");
    // waits for a lost connection instead of failing the command; reconnects at most a second apart
    expect(d.maxRetriesPerRequest).toBeNull();
    expect([1, 5, 100].map(d.retryStrategy)).toEqual([50, 250, 1000]);
  });

  it("bad URLs are InvalidArgumentErrors that never contain the password", () => {
    const secret = "hunter2-secret";
    for (const url of [`redis//:${secret}@h`, `http://:${secret}@h/0`, `redis://:${secret}@h/db1`, `redis://:${secret}@h/0?tls=1`, `redis://:${secret}@/0`, ""]) {
      let err: unknown;
      try {
        queueConnection(url, "--queue");
      } catch (e) {
        err = e;
      }
      expect(err, url).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/^--queue: /);
      expect((err as Error).message).not.toContain(secret);
    }
    expect(redactQueueUrl(`redis://bob:${secret}@h:1/2`)).toBe("redis://bob:***@h:1/2");
    expect(redactQueueUrl("redis://h:1/2")).toBe("redis://h:1/2");
  });
});

describe("job ids and job data", () => {
  it("job ids depend on the whole sweep and on the task's indices only", () => {
    const other = { ...task, pointIndex: 0, seedIndex: 0, value: 0.5 };
    const h = sweepHash([other, task]);
    expect(sweepHash([{ ...other }, { ...task, fixed: { n: 100 } }])).toBe(h);
    expect(sweepHash([other, { ...task, seed: 1 }])).not.toBe(h);
    expect(sweepHash([other, { ...task, fixed: { n: 101 } }])).not.toBe(h);
    expect(jobId(h, task)).toBe(`sweep-${h}-2-1`);
    expect(jobId(h, task)).not.toContain(":");
  });

  it("a job's data is rebuilt from its known fields after validation; anything else is refused", () => {
    expect(taskOfJob({ ...task, extra: "ignored", code: "process.exit()" })).toEqual(task);
    const bad: [unknown, RegExp][] = [
      [null, /must be an object/],
      [{ ...task, model: "no-such-model" }, /unknown model/],
      [{ ...task, value: "1.5" }, /value must be a finite number/],
      [{ ...task, value: Infinity }, /value must be a finite number/],
      [{ ...task, seed: -1 }, /seed must be an integer >= 0/],
      [{ ...task, pointIndex: 1.5 }, /pointIndex must be an integer/],
      [{ ...task, fixed: [] }, /fixed must be an object/],
      [{ ...task, fixed: { n: { toString: 1 } } }, /parameter n must be a number or a string/],
      [{ ...task, fixed: { n: 1 } }, /parameter n must be an integer >= 2/],
    ];
    for (const [data, message] of bad) expect(() => taskOfJob(data), JSON.stringify(data)).toThrow(message);
  });

  it("a result is the task's own JSONL record or nothing", () => {
    const record = {
      model: "spiked-wigner", parameter: "theta", value: 1.5, pointIndex: 2, seedIndex: 1, seed: 12345, fixed: { n: 100 },
      measurement: { top: [2.1, 1.9], overlaps: [0.5], edge: NaN, seconds: 0.01 },
      prediction: { outliers: [2.17], overlaps: [0.56], edge: 2, threshold: 1, edgeScale: 0.02 },
    };
    const line = JSON.stringify(record);
    const back = recordOfResult(line, task)!;
    expect(back.measurement.edge).toBeNaN();
    expect(back.measurement.top).toEqual([2.1, 1.9]);
    expect(recordOfResult(line, { ...task, seedIndex: 0 })).toBeNull();
    expect(recordOfResult(line, { ...task, seed: 1 })).toBeNull();
    expect(recordOfResult(JSON.parse(line), task)).toBeNull();
    expect(recordOfResult("{", task)).toBeNull();
  });
});
