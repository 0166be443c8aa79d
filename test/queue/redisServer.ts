/**
 * A throwaway redis-server for the queue tests (issue #20): on a free 127.0.0.1 port, no persistence
 * (`--save "" --appendonly no`, so a restart loses every key, the worst case for the producer), killed
 * after the tests. Without the binary the tests skip with a message, except under CI, where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, Socket } from "node:net";
import { join } from "node:path";

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

/** A self-signed certificate for 127.0.0.1 (openssl), as PEM files in `dir`: the server's and its own CA. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = join(dir, "cert.pem"), key = join(dir, "key.pem");
  const r = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl could not make a certificate: ${r.stderr}`);
  return { cert, key };
}

export interface RedisServerOptions {
  /** --requirepass */
  password?: string;
  /** TLS only (no plain port): the server's certificate, which also serves as the CA. */
  tls?: { cert: string; key: string };
}

export class RedisServer {
  private proc: ChildProcess | null = null;
  private constructor(readonly port: number, private readonly options: RedisServerOptions) {}

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options);
    await server.restart();
    return server;
  }

  url(db = 0): string {
    const { password, tls } = this.options;
    return `${tls ? "rediss" : "redis"}://${password ? `:${password}@` : ""}127.0.0.1:${this.port}/${db}`;
  }

  /** (Re)starts the server on the same port, empty; resolves once it accepts connections. */
  async restart(): Promise<void> {
    const { password, tls } = this.options;
    const listen = tls
      ? ["--port", "0", "--tls-port", String(this.port), "--tls-cert-file", tls.cert, "--tls-key-file", tls.key, "--tls-ca-cert-file", tls.cert, "--tls-auth-clients", "no"]
      : ["--port", String(this.port)];
    const args = [...listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...(password ? ["--requirepass", password] : [])];
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
