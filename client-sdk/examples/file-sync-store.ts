/**
 * A SyncStore in one file, for bots on a server (Node only: the SDK itself
 * never touches the disk). It holds the sync token and nothing else: a
 * position in the homeserver's stream, no message content. Written to a
 * temporary file and renamed, so a crash mid-write never leaves half a token.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import type { SyncStore } from "../src/index.js";

export class FileSyncStore implements SyncStore {
  constructor(readonly path: string) {}

  async getSyncToken(): Promise<string | undefined> {
    try {
      const token = (await readFile(this.path, "utf8")).trim();
      return token === "" ? undefined : token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async setSyncToken(token: string): Promise<void> {
    const partial = `${this.path}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(partial, `${token}\n`, { mode: 0o600 });
    await rename(partial, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
