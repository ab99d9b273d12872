/**
 * One upload, streamed from the request to a sealed file:
 *
 *   request body ─ count bytes, keep the first 64 KiB, recognise the type
 *   ─ secretstream seal ─ temporary file ─ fsync, rename ─ row + audit
 *
 * Limits hold whatever Content-Length says: a declared length over the
 * limit is refused before a byte is read, and the bytes are counted as
 * they arrive, so a chunked or lying body fails the moment it passes the
 * limit (413 M_TOO_LARGE for the size limit, 403 M_FORBIDDEN for the
 * quota). A deny-listed type is refused as soon as the first 64 KiB are in.
 * On any failure the temporary file is removed and no row is written.
 *
 * The quota is checked before reading, while reading (the bytes the user
 * has left) and once more in the row's transaction, under a per-user lock,
 * so concurrent uploads cannot together pass it.
 */
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MatrixError, tooLarge } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { mediaTable, type StoredFile } from "../../store/tables/media.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";
import { deniedType, recogniseType, SNIFF_BYTES } from "./content-type.js";
import { originalKeyContext, sealChunks } from "./file-crypto.js";
import { mxcUri } from "./ids.js";
import type { MediaStore } from "./media-store.js";

export type UploadBody = {
  /** The request, read here (never buffered whole). */
  readonly stream: Readable;
  /** Content-Length, when the client sent one: only ever used to refuse early. */
  readonly declaredLength: number | undefined;
  readonly declaredType: string | undefined;
  readonly fileName: string | undefined;
};

export type UploadDeps = { readonly ctx: ServiceContext; readonly store: MediaStore };

export const quotaExceeded = (quota: number) =>
  new MatrixError(403, "M_FORBIDDEN", `This upload would exceed your storage quota of ${quota} bytes`);

const tooBig = (limit: number) => tooLarge(`The file is larger than the upload limit of ${limit} bytes`);

/** Serialises one user's uploads in the row transaction, so the quota sum cannot race. */
async function lockUploader(tx: Transaction, uploader: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':media-quota:' || $1, 0))", [uploader]);
}

/**
 * Reads, checks and seals the body into the store; returns what the row
 * needs. Throws (having removed everything) on any refusal or failure.
 */
export async function writeUpload(deps: UploadDeps, uploader: string, mediaId: string, body: UploadBody): Promise<StoredFile> {
  const { ctx, store } = deps;
  const { maxUploadBytes: limit, quotaBytes: quota, denyTypes } = ctx.config.media;
  if (body.declaredLength !== undefined && body.declaredLength > limit) throw tooBig(limit);
  const quotaLeft = quota === 0 ? Infinity : quota - (await mediaTable.bytesUploadedBy(ctx.db, uploader));
  if ((body.declaredLength ?? 0) > quotaLeft || quotaLeft <= 0) throw quotaExceeded(quota);

  // The name is sealed first, and the file under the same data key, so one key ID covers the row.
  const sealedName = body.fileName ? mediaTable.sealName(ctx.db, mediaId, body.fileName) : null;
  const keyId = sealedName?.keyId ?? ctx.db.atRest.activeKeyId;
  const key = ctx.db.atRest.deriveKey(keyId, originalKeyContext(mediaId));

  let size = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  let contentType: string | undefined;
  const decideType = async (complete: boolean) => {
    contentType = await recogniseType({ head: Buffer.concat(head), complete, declared: body.declaredType, fileName: body.fileName });
    const denied = deniedType(contentType, body.declaredType, denyTypes);
    if (denied !== undefined) throw new MatrixError(403, "M_FORBIDDEN", `Files of type ${denied} may not be uploaded to this server`);
  };
  async function* measured(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit) throw tooBig(limit);
      if (size > quotaLeft) throw quotaExceeded(quota);
      if (headBytes < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - headBytes);
        head.push(Buffer.from(part));
        headBytes += part.length;
        if (headBytes === SNIFF_BYTES) await decideType(false);
      }
      yield chunk;
    }
    if (contentType === undefined) await decideType(true);
  }

  const filePath = store.newPath(mediaId, "o");
  // destroyOnReturn: false — a refusal stops reading but must not destroy the request: its answer still has to go out.
  const source = body.stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
  try {
    await store.writeFile(filePath, (out) => pipeline(source, measured, sealChunks(key), out));
  } catch (err) {
    if (err instanceof MatrixError) throw err;
    // The client went away mid-body (its socket closed): nobody is left to answer, but say what happened.
    if (body.stream.destroyed || body.stream.errored) {
      throw new MatrixError(400, "M_UNKNOWN", "The upload was not completely sent");
    }
    throw err;
  }
  return { contentType: contentType!, size, filePath, sealedName: sealedName?.sealed ?? null, keyId, uploadedTs: ctx.clock() };
}

/**
 * Writes the row (a new one, or the reservation's) and the audit record in
 * one transaction; the file is removed when that fails. `pending`: the row
 * exists and must still be pending (409 M_CANNOT_OVERWRITE_MEDIA if not).
 */
export async function recordUpload(deps: UploadDeps, uploader: string, mediaId: string, file: StoredFile, pending: boolean): Promise<void> {
  const { ctx, store } = deps;
  const quota = ctx.config.media.quotaBytes;
  try {
    await ctx.db.transaction(async (tx) => {
      await lockUploader(tx, uploader);
      if (quota !== 0 && (await mediaTable.bytesUploadedBy(tx, uploader)) + file.size > quota) throw quotaExceeded(quota);
      if (!pending) await mediaTable.insertUploaded(tx, mediaId, uploader, file);
      else if (!(await mediaTable.completePending(tx, mediaId, file))) {
        throw new MatrixError(409, "M_CANNOT_OVERWRITE_MEDIA", "This media ID already has content");
      }
      // No file name or type in the trail: the object is the mxc:// URI.
      await appendAudit(tx, ctx.clock(), [{ action: "media_upload", eventId: mxcUri(ctx.config.serverName, mediaId) }]);
    });
  } catch (err) {
    await store.remove(file.filePath).catch((removeErr: unknown) => ctx.logger.warn({ err: removeErr, mediaId }, "could not remove the file of a failed upload"));
    throw err;
  }
}
