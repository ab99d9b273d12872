/**
 * Reading files: the access rule, waiting for an asynchronous upload, the
 * audit record, and the opened bytes (whole, or one byte range).
 *
 * A file of another server, a file that does not exist, a lapsed
 * reservation and a file the caller may not see all answer the same
 * `404 M_NOT_FOUND` "Media not found" (the last one is recorded in the
 * audit trail as a denied media_download). Every download that is served
 * is recorded before its first byte leaves, and fails when the record
 * cannot be written.
 *
 * A Range is served by opening the file from its start and skipping to the
 * first wanted byte: secretstream records can only be opened in order, and
 * skipping costs about 10 ms per MB here, which a player's seek can afford
 * for files of at most 50 MB.
 */
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MatrixError, notFound } from "../../http/matrix-error.js";
import { mediaTable, type MediaRow } from "../../store/tables/media.js";
import type { AuditService } from "../audit/index.js";
import type { ServiceContext } from "../context.js";
import { mayDownload } from "./access.js";
import { openChunks, originalKeyContext } from "./file-crypto.js";
import { mxcUri } from "./ids.js";
import type { MediaStore } from "./media-store.js";
import type { ByteRange } from "./serving.js";
import type { UploadWaiters } from "./waiters.js";

/** A file ready to be served. */
export type MediaFile = {
  readonly mediaId: string;
  readonly contentType: string;
  /** Plaintext bytes. */
  readonly size: number;
  /** The name given at upload (null: none). */
  readonly fileName: string | null;
  /** Writes the plaintext (or the bytes of `range`, inclusive) into `out`; rejects if the stored file does not open. */
  pipeTo(out: Writable, range?: ByteRange): Promise<void>;
};

export type WaitOptions = { readonly timeoutMs?: number | undefined; readonly signal?: AbortSignal | undefined };

/** The spec's default wait for a file not yet uploaded, and Ward's ceiling for a client's own. */
export const DEFAULT_WAIT_MS = 20_000;
export const MAX_WAIT_MS = 60_000;

export const mediaNotFound = () => notFound("Media not found");
const notYetUploaded = () => new MatrixError(504, "M_NOT_YET_UPLOADED", "The file has not been uploaded yet");

export type DownloadDeps = { readonly ctx: ServiceContext; readonly store: MediaStore; readonly audit: AuditService; readonly waiters: UploadWaiters };

/** Yields the bytes of [start, end] of what `source` yields, then stops reading. */
function sliceRange(range: ByteRange) {
  return async function* slice(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let position = 0;
    for await (const chunk of source) {
      const from = position;
      position += chunk.length;
      if (position <= range.start) continue;
      yield chunk.subarray(Math.max(0, range.start - from), Math.min(chunk.length, range.end + 1 - from));
      if (position > range.end) return;
    }
  };
}

/** The opened bytes of a sealed file in the store. */
export function sealedFile(deps: Pick<DownloadDeps, "ctx" | "store">, file: { filePath: string; keyId: string; context: readonly string[]; what: string }) {
  return (out: Writable, range?: ByteRange): Promise<void> => {
    const key = deps.ctx.db.atRest.deriveKey(file.keyId, file.context);
    const opened = openChunks(key, file.what);
    return range ? pipeline(deps.store.read(file.filePath), opened, sliceRange(range), out) : pipeline(deps.store.read(file.filePath), opened, out);
  };
}

/**
 * The row of a file the caller may download, once uploaded (waiting for an
 * asynchronous upload up to the timeout). Not recorded yet: the caller
 * records the download once it knows what it serves.
 */
export async function findDownloadable(deps: DownloadDeps, userId: string, serverName: string, mediaId: string, wait: WaitOptions): Promise<MediaRow> {
  const { ctx } = deps;
  // No federation yet: another server's file is as unknown here as a missing one.
  if (serverName !== ctx.config.serverName) throw mediaNotFound();
  const mxc = mxcUri(serverName, mediaId);
  let row = await mediaTable.get(ctx.db, mediaId);
  if (!row || (row.uploadedTs === null && (row.expiresTs ?? 0) <= ctx.clock())) throw mediaNotFound();
  if (!(await mayDownload(ctx.db, userId, { mediaId, uploader: row.uploader, mxc }))) {
    await deps.audit.record([{ action: "media_download", eventId: mxc, outcome: "denied", errcode: "M_NOT_FOUND" }]);
    throw mediaNotFound();
  }
  if (row.uploadedTs === null) row = await waitForUpload(deps, mediaId, wait);
  return row;
}

async function waitForUpload(deps: DownloadDeps, mediaId: string, wait: WaitOptions): Promise<MediaRow> {
  const deadline = Date.now() + Math.min(wait.timeoutMs ?? DEFAULT_WAIT_MS, MAX_WAIT_MS);
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0 || wait.signal?.aborted) throw notYetUploaded();
    // Woken at once by an upload in this process; another process's upload is seen at the next look (every second).
    await deps.waiters.wait(mediaId, Math.min(left, 1_000), wait.signal);
    const row = await mediaTable.get(deps.ctx.db, mediaId);
    if (!row) throw mediaNotFound();
    if (row.uploadedTs !== null) return row;
  }
}

/** Records the download (the request fails if it cannot be) and hands out the file. */
export async function servedFile(deps: DownloadDeps, row: MediaRow): Promise<MediaFile> {
  if (row.filePath === null || row.keyId === null || row.contentType === null || row.size === null) throw mediaNotFound();
  await deps.audit.record([{ action: "media_download", eventId: mxcUri(deps.ctx.config.serverName, row.mediaId) }]);
  return {
    mediaId: row.mediaId,
    contentType: row.contentType,
    size: row.size,
    fileName: row.uploadName,
    pipeTo: sealedFile(deps, { filePath: row.filePath, keyId: row.keyId, context: originalKeyContext(row.mediaId), what: `media ${row.mediaId}` }),
  };
}
