/**
 * How the CLI reports a failure: a user error (bad argument, bad parameter, a path that cannot be
 * written, a typed SpikelabError such as a ConvergenceError) is one line and exit code 2; anything
 * else is a bug in spikelab: one line that says so and exit code 1, the stack trace only under --debug.
 */
import { SpikelabError } from "../errors.js";
import { UsageError } from "./args.js";

// file-system failures the user can fix (a folder removed or made read-only mid-run, a full disk)
const USER_FS_CODES = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS", "EDQUOT", "EMFILE"]);

/** Whether an error is the user's to fix (exit 2) rather than a bug (exit 1). */
export function isUserError(err: unknown): boolean {
  if (err instanceof UsageError) return true;
  // InternalError (a kernel's "cannot happen") is a SpikelabError that is still a bug
  if (err instanceof SpikelabError) return err.name !== "InternalError";
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && (code.startsWith("ERR_PARSE_ARGS") || USER_FS_CODES.has(code));
}

/** The exit code and the stderr text of a failure. */
export function describeFailure(err: unknown, debug: boolean): { code: number; text: string } {
  // one line: Node's parseArgs messages can span several
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ");
  if (isUserError(err)) return { code: 2, text: `spikelab: ${message}\n` };
  if (debug) {
    return { code: 1, text: `spikelab: internal error (a bug in spikelab): ${err instanceof Error ? err.stack : String(err)}\n` };
  }
  return { code: 1, text: `spikelab: internal error (a bug in spikelab; rerun with --debug for the stack trace): ${message}\n` };
}
