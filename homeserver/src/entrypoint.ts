/**
 * Whether the module at `moduleUrl` is the script Node was started with, so a
 * file can be both imported (tests) and run (`node dist/main.js`). Symlinks
 * (npm bin links) are resolved before comparing.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

export function isEntrypoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}
