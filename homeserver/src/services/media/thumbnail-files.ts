/**
 * Thumbnails as stored files: looked up in media_thumbnails, or rendered
 * from the opened original (thumbnails.ts), sealed under their own derived
 * key and stored like uploads, then recorded. Made once: requests in this
 * process for the same thumbnail share one rendering; two processes may
 * both render it, the first row wins and the other file is removed.
 */
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { mediaThumbnailsTable, type ThumbnailRow } from "../../store/tables/media-thumbnails.js";
import type { MediaRow } from "../../store/tables/media.js";
import { sealedFile, type DownloadDeps, type MediaFile } from "./download.js";
import { originalKeyContext, sealChunks, thumbnailKeyContext } from "./file-crypto.js";
import { mxcUri } from "./ids.js";
import { cannotThumbnail, renderThumbnail, THUMBNAIL_SOURCE_TYPES, type ThumbnailSize } from "./thumbnails.js";

const rendering = new Map<string, Promise<ThumbnailRow>>();

function describe(row: ThumbnailRow): string {
  return `thumbnail ${row.width}x${row.height} ${row.method} of media ${row.mediaId}`;
}

async function render(deps: DownloadDeps, original: MediaRow, size: ThumbnailSize): Promise<ThumbnailRow> {
  const { ctx, store } = deps;
  const source = new PassThrough();
  const opened = sealedFile(deps, { filePath: original.filePath!, keyId: original.keyId!, context: originalKeyContext(original.mediaId), what: `media ${original.mediaId}` });
  // The original flows into sharp as it is opened; a refusal from sharp stops the reading.
  const feeding = opened(source).catch((err: unknown) => source.destroy(err as Error));
  let rendered: { bytes: Buffer; contentType: string };
  try {
    rendered = await renderThumbnail(source, original.contentType!, size);
  } finally {
    source.destroy();
    await feeding;
  }
  const keyId = ctx.db.atRest.activeKeyId;
  const key = ctx.db.atRest.deriveKey(keyId, thumbnailKeyContext(original.mediaId, size));
  const filePath = store.newPath(original.mediaId, `t${size.width}x${size.height}${size.method === "crop" ? "c" : "s"}`);
  await store.writeFile(filePath, (out) => pipeline(Readable.from([rendered.bytes]), sealChunks(key), out));
  let row: ThumbnailRow;
  try {
    row = await mediaThumbnailsTable.insertOrGet(ctx.db, {
      mediaId: original.mediaId, ...size, contentType: rendered.contentType, size: rendered.bytes.length, filePath, keyId, createdTs: ctx.clock(),
    });
  } catch (err) {
    await store.remove(filePath).catch(() => undefined);
    throw err;
  }
  if (row.filePath !== filePath) await store.remove(filePath).catch(() => undefined); // another process was first
  return row;
}

/** The thumbnail of an uploaded file at a standard size, made if needed, recorded as a download of the file. */
export async function thumbnailFile(deps: DownloadDeps, original: MediaRow, size: ThumbnailSize): Promise<MediaFile> {
  if (original.contentType === null || !THUMBNAIL_SOURCE_TYPES.has(original.contentType)) throw cannotThumbnail();
  const { ctx } = deps;
  let row = await mediaThumbnailsTable.get(ctx.db, original.mediaId, size.width, size.height, size.method);
  if (!row) {
    const key = `${original.mediaId}/${size.width}x${size.height}/${size.method}`;
    let pending = rendering.get(key);
    if (!pending) {
      pending = render(deps, original, size).finally(() => rendering.delete(key));
      rendering.set(key, pending);
    }
    row = await pending;
  }
  await deps.audit.record([{ action: "media_download", eventId: mxcUri(ctx.config.serverName, original.mediaId) }]);
  const thumbnail = row;
  return {
    mediaId: original.mediaId,
    contentType: thumbnail.contentType,
    size: thumbnail.size,
    fileName: thumbnail.contentType === "image/jpeg" ? "thumbnail.jpg" : "thumbnail.png",
    pipeTo: sealedFile(deps, {
      filePath: thumbnail.filePath, keyId: thumbnail.keyId, context: thumbnailKeyContext(thumbnail.mediaId, thumbnail), what: describe(thumbnail),
    }),
  };
}
