/**
 * A throwaway redis-server for the queue tests (issue #20): on a free 127.0.0.1 port, no persistence
 * (`--save "" --appendonly no`, so a restart loses every key, the worst case for the producer), killed
 * after the tests. Without the binary the tests skip with a message, except under CI, where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, Socket } from "node:net";

export const REDIS_BIN = "redis-server";

/** Whether redis-server runs here; under CI its absence throws (the tests must not skip there). */
export function redisAvailable(): boolean {
  const ok = spawnSync(REDIS_BIN, ["--version"], { encoding: "utf8" }).status === 0;
  if (!ok && process.env["CI"]) throw new Error("redis-server is not installed but CI is set: .ci/run installs it (apt-get install -y redis-server)");
  if (!ok) console.warn("test/queue: redis-server not found, skipping the queue tests (apt-get install -y redis-server)");
  return ok;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
    sock.connect(port, "127.0.0.1");
  });
}

export class RedisServer {
  private proc: ChildProcess | null = null;
  private constructor(readonly port: number, private readonly password?: string) {}

  static async start(password?: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), password);
    await server.restart();
    return server;
  }

  url(db = 0): string {
    return `redis://${this.password ? `:${this.password}@` : ""}127.0.0.1:${this.port}/${db}`;
  }

  /** (Re)starts the server on the same port, empty; resolves once it accepts connections. */
  async restart(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...(this.password ? ["--requirepass", this.password] : [])];
    this.proc = spawn(REDIS_BIN, args, { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!(await accepting(this.port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the server (SIGKILL: no shutdown save) and waits for the port to close. */
  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await exited;
  }
}
