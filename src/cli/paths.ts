/**
 * Output paths checked before any work: a sweep can take minutes, and a report that cannot be
 * written at the end loses all of it. A path is writable when its folder exists and is writable
 * and, if the file exists, it is a plain file we may write.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "./args.js";

/** Throws a UsageError naming `flag` when `path` cannot be written (or, for `read`, read back). */
export function checkOutputPath(path: string, flag: string, options: { read?: boolean } = {}): void {
  if (path.trim() === "") throw new UsageError(`--${flag}: the path is empty`);
  const full = resolve(path);
  const folder = dirname(full);
  let folderStat;
  try {
    folderStat = statSync(folder);
  } catch {
    throw new UsageError(`--${flag} ${path}: the folder ${folder} does not exist`);
  }
  if (!folderStat.isDirectory()) throw new UsageError(`--${flag} ${path}: ${folder} is not a folder`);
  let fileStat;
  try {
    fileStat = statSync(full);
  } catch {
    fileStat = null;
  }
  if (fileStat) {
    if (!fileStat.isFile()) throw new UsageError(`--${flag} ${path}: exists and is not a plain file`);
    const mode = constants.W_OK | (options.read ? constants.R_OK : 0);
    try {
      accessSync(full, mode);
    } catch {
      throw new UsageError(`--${flag} ${path}: the file is not ${options.read ? "readable and writable" : "writable"}`);
    }
    return;
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`--${flag} ${path}: the folder ${folder} is not writable`);
  }
}
