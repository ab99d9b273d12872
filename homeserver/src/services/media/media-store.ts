/**
 * The media store folder (WARD_MEDIA_DIR): sealed files only, laid out as
 *
 *   <dir>/tmp/<random>.part                   uploads and thumbnails being written
 *   <dir>/<first 2 chars of the ID>/<media ID>.<kind>.<random>
 *
 * Paths are made here from server-generated media IDs and random suffixes,
 * never from anything a client sent, and every relative path is checked
 * against that shape before it is joined to the folder.
 *
 * Writes are crash-safe: the bytes go to a temporary file, which is
 * fsynced, renamed into place (atomic on one file system) and its folder
 * fsynced; only then does the caller insert the row that makes it visible.
 * On any failure the temporary file is removed. What a crash leaves behind
 * (temporary files, and files renamed into place whose row never committed)
 * is removed by `sweep`, once older than the grace period so a file between
 * its rename and its row is never taken.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Writable } from "node:stream";

const TMP = "tmp";
const RELATIVE_PATH = /^[A-Za-z0-9_-]{2}\/[A-Za-z0-9_-]+\.[a-z0-9]+\.[A-Za-z0-9_-]+$/;
const SHARD = /^[A-Za-z0-9_-]{2}$/;

/** Files younger than this are never swept: they may be between their rename and their row. */
export const SWEEP_GRACE_MS = 3_600_000;

export type SweepResult = { tempFiles: number; orphans: number };

export class MediaStore {
  constructor(readonly dir: string) {}

  /** Creates the folder (owner only); fails start-up when it cannot. */
  async init(): Promise<void> {
    await mkdir(join(this.dir, TMP), { recursive: true, mode: 0o700 });
  }

  /** A new relative path for one file of `mediaId`; `kind` says which ("o" the original, "t32x32c" a thumbnail). */
  newPath(mediaId: string, kind: string): string {
    return `${mediaId.slice(0, 2)}/${mediaId}.${kind}.${randomBytes(9).toString("base64url")}`;
  }

  absolute(relativePath: string): string {
    if (!RELATIVE_PATH.test(relativePath)) throw new Error(`not a media store path: ${JSON.stringify(relativePath)}`);
    return join(this.dir, relativePath);
  }

  /**
   * Runs `write` into a new temporary file, then makes it `relativePath`
   * (fsync, rename, fsync of the folder). The temporary file is gone
   * afterwards whether `write` succeeded or threw.
   */
  async writeFile(relativePath: string, write: (out: Writable) => Promise<void>): Promise<void> {
    const target = this.absolute(relativePath);
    const temp = join(this.dir, TMP, `${randomBytes(12).toString("base64url")}.part`);
    // Opened (created) before anything is written, so a failure at any point finds the file to remove.
    const handle = await open(temp, "wx", 0o600);
    let renamed = false;
    try {
      // flush: the stream fsyncs the file before it closes it, so the bytes are on disk before the rename.
      await write(handle.createWriteStream({ flush: true, highWaterMark: 256 * 1024 }));
      const folder = join(this.dir, relativePath.slice(0, 2));
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await rename(temp, target);
      renamed = true;
      await syncFolder(folder);
    } finally {
      if (!renamed) {
        await handle.close().catch(() => undefined); // the stream closes it when all went well
        await unlink(temp).catch(() => undefined);
      }
    }
  }

  /** Removes a file that was put in place but whose row could not be written. */
  async remove(relativePath: string): Promise<void> {
    await unlink(this.absolute(relativePath)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
  }

  read(relativePath: string): ReadStream {
    return createReadStream(this.absolute(relativePath), { highWaterMark: 128 * 1024 });
  }

  /** The temporary files left right now (tests check an upload left none). */
  async tempFiles(): Promise<string[]> {
    return readdir(join(this.dir, TMP));
  }

  /**
   * Removes temporary files and files no row points to, both only when
   * older than `graceMs`. `inUse` answers which of the given relative paths
   * some row still names.
   */
  async sweep(inUse: (paths: readonly string[]) => Promise<Set<string>>, now: number, graceMs = SWEEP_GRACE_MS): Promise<SweepResult> {
    const cutoff = now - graceMs;
    const result: SweepResult = { tempFiles: 0, orphans: 0 };
    for (const name of await readdir(join(this.dir, TMP))) {
      if (await removeIfOlder(join(this.dir, TMP, name), cutoff)) result.tempFiles++;
    }
    for (const shard of await readdir(this.dir)) {
      if (!SHARD.test(shard) || shard === TMP) continue;
      const candidates: string[] = [];
      for (const name of await readdir(join(this.dir, shard)).catch(() => [] as string[])) {
        const relative = `${shard}/${name}`;
        if (!RELATIVE_PATH.test(relative)) continue; // not ours: never touched
        const info = await stat(join(this.dir, relative)).catch(() => undefined);
        if (info?.isFile() && info.mtimeMs < cutoff) candidates.push(relative);
      }
      for (let i = 0; i < candidates.length; i += 500) {
        const batch = candidates.slice(i, i + 500);
        const used = await inUse(batch);
        for (const relative of batch) {
          if (used.has(relative)) continue;
          await this.remove(relative);
          result.orphans++;
        }
      }
    }
    return result;
  }
}

async function removeIfOlder(path: string, cutoff: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile() || info.mtimeMs >= cutoff) return false;
  await unlink(path).catch(() => undefined);
  return true;
}

/** A rename is durable once its folder's entry is on disk. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
