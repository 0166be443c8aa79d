/**
 * The Redis URL of a sweep queue (issue #20): `redis://[[user]:password@]host[:port][/db]`, or
 * `rediss://` for TLS. It is parsed here, not handed to the client as a string, so that a bad URL
 * is a typed error naming the problem before any connection, and so that the password lives in the
 * client options only: everything printed or thrown shows `redactQueueUrl`'s form, never the secret.
 */
import { isIP } from "node:net";
import { InvalidArgumentError } from "../../errors.js";

/** The BullMQ queue every spikelab producer and worker uses unless told otherwise. */
export const DEFAULT_QUEUE_NAME = "spikelab-sweeps";

/** Client options for ioredis, as BullMQ passes them through. */
export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** Present for rediss://: TLS, verified against the system's CAs (and NODE_EXTRA_CA_CERTS), SNI for a host name. */
  tls?: { servername?: string };
  /**
   * null: a command waits for the connection to come back instead of failing after a few retries
   * (BullMQ requires it of workers; the producer needs it to survive a Redis restart).
   */
  maxRetriesPerRequest: null;
  /** Reconnect delay in ms after the given number of failed attempts: 50 ms growing to 1 s, forever. */
  retryStrategy: (times: number) => number;
}

/** The URL with any password replaced by `***` (what spikelab prints), or a placeholder when unparsable. */
export function redactQueueUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparsable queue URL>";
  }
}

/** Connection options for a queue URL, or an InvalidArgumentError naming what is wrong (secret-free). */
export function queueConnection(url: string, argument = "queue"): QueueConnection {
  if (typeof url !== "string" || url === "") throw new InvalidArgumentError(`${argument}: a Redis URL is required (redis://host:port/db or rediss://...), got ${typeof url === "string" ? "an empty string" : typeof url}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // the URL itself is not echoed: it may hold a password
    throw new InvalidArgumentError(`${argument}: not a URL (expected redis://host:port/db or rediss://host:port/db)`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new InvalidArgumentError(`${argument}: ${redactQueueUrl(url)}: the scheme must be redis:// or rediss://, got ${u.protocol}//`);
  }
  if (u.hostname === "") throw new InvalidArgumentError(`${argument}: ${redactQueueUrl(url)}: no host`);
  const port = u.port === "" ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, "");
  if (!/^\d*$/.test(path)) throw new InvalidArgumentError(`${argument}: ${redactQueueUrl(url)}: the path must be a database number (/0, /1, ...), got /${path}`);
  const db = path === "" ? 0 : Number(path);
  if (u.search || u.hash) throw new InvalidArgumentError(`${argument}: ${redactQueueUrl(url)}: query strings and fragments are not supported`);
  // IPv6 literals come bracketed from URL; the client wants them bare
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // SNI names a host, never an address (RFC 6066): an IP is verified against the certificate's IP entries
    ...(u.protocol === "rediss:" ? { tls: isIP(host) ? {} : { servername: host } } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(50 * times, 1000),
  };
}
