/** Where a sweep's worker-thread script is, whether spikelab runs from dist/ or from its sources. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SpikelabError } from "../errors.js";

/**
 * The script `name` next to the calling module (`caller` = its import.meta.url) when that exists
 * (running from dist/), else the built copy `dist` (a URL relative to the caller: running from the
 * TypeScript sources, as the tests do). Throws SpikelabError saying what to build when neither exists.
 */
export function scriptUrl(name: string, caller: string, dist: string, who: string): URL {
  const here = new URL(name, caller);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL(dist, caller);
  if (existsSync(fileURLToPath(built))) return built;
  throw new SpikelabError(`${who} need the built package (${dist.replace(/^(\.\.\/)+/, "")}): run \`npm run build\``);
}
