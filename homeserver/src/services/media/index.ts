/**
 * The media service: attachments up to WARD_MEDIA_MAX_UPLOAD_SIZE (50 MB),
 * streamed end to end, sealed at rest, served only to those who may see
 * them. The pieces:
 *
 *   upload.ts          request body → sealed file → row (+ audit)
 *   content-type.ts    what the bytes are; the deny list
 *   download.ts        the access rule, waiting for async uploads, audit
 *   thumbnail-files.ts thumbnails, made once and stored sealed
 *   media-store.ts     the folder: crash-safe writes, the orphan sweep
 *   references.ts      events → media_refs, for the access rule
 *   serving.ts         headers and ranges (used by api/client/media.ts)
 *
 * A sweep runs at start-up and every SWEEP_EVERY_MS: lapsed reservations,
 * temporary files and files without a row, older than an hour.
 */
import { forbidden, limitExceeded, MatrixError } from "../../http/matrix-error.js";
import type { ThumbnailMethod } from "../../store/tables/media-thumbnails.js";
import { mediaTable } from "../../store/tables/media.js";
import type { AuditService } from "../audit/index.js";
import type { ServiceContext } from "../context.js";
import { findDownloadable, mediaNotFound, servedFile, type DownloadDeps, type MediaFile, type WaitOptions } from "./download.js";
import { isMediaId, mxcUri, newMediaId } from "./ids.js";
import { MediaStore, type SweepResult } from "./media-store.js";
import { thumbnailFile } from "./thumbnail-files.js";
import { snapThumbnailSize } from "./thumbnails.js";
import { recordUpload, writeUpload, type UploadBody } from "./upload.js";
import { UploadWaiters } from "./waiters.js";

export type { MediaFile, WaitOptions } from "./download.js";
export type { UploadBody } from "./upload.js";

/** How long a reservation from POST /v1/create may wait for its upload (the spec's recommendation). */
export const UNUSED_EXPIRY_MS = 24 * 3_600_000;
/** Reservations one user may hold at once; more answer 429, as the spec asks. */
export const MAX_PENDING_PER_USER = 10;
export const SWEEP_EVERY_MS = 15 * 60_000;

export interface MediaService {
  /** The upload limit, as `m.upload.size`. */
  readonly maxUploadBytes: number;
  readonly store: MediaStore;
  upload(uploader: string, body: UploadBody): Promise<{ contentUri: string; contentType: string }>;
  create(uploader: string): Promise<{ contentUri: string; unusedExpiresAt: number }>;
  uploadTo(uploader: string, serverName: string, mediaId: string, body: UploadBody): Promise<{ contentType: string }>;
  download(userId: string, serverName: string, mediaId: string, wait: WaitOptions): Promise<MediaFile>;
  thumbnail(userId: string, serverName: string, mediaId: string, want: { width: number; height: number; method?: ThumbnailMethod | undefined }, wait: WaitOptions): Promise<MediaFile>;
  sweep(): Promise<SweepResult & { lapsed: number }>;
  /** Stops the sweeper and wakes waiting downloads. */
  close(): void;
}

export async function createMediaService(ctx: ServiceContext, deps: { audit: AuditService }): Promise<MediaService> {
  const store = new MediaStore(ctx.config.media.dir);
  await store.init();
  const waiters = new UploadWaiters();
  const downloads: DownloadDeps = { ctx, store, audit: deps.audit, waiters };
  const serverName = ctx.config.serverName;

  const sweep = async () => {
    const lapsed = await mediaTable.deleteLapsed(ctx.db, ctx.clock());
    const swept = await store.sweep((paths) => mediaTable.pathsInUse(ctx.db, paths), Date.now());
    if (lapsed + swept.tempFiles + swept.orphans > 0) ctx.logger.info({ lapsed, ...swept }, "media swept");
    return { lapsed, ...swept };
  };
  const sweepLogged = () => void sweep().catch((err: unknown) => ctx.logger.warn({ err }, "media sweep failed"));
  sweepLogged();
  const timer = setInterval(sweepLogged, SWEEP_EVERY_MS);
  timer.unref();

  return {
    maxUploadBytes: ctx.config.media.maxUploadBytes,
    store,

    async upload(uploader, body) {
      const mediaId = newMediaId();
      const file = await writeUpload({ ctx, store }, uploader, mediaId, body);
      await recordUpload({ ctx, store }, uploader, mediaId, file, false);
      ctx.logger.info({ mediaId, size: file.size, contentType: file.contentType }, "media uploaded");
      return { contentUri: mxcUri(serverName, mediaId), contentType: file.contentType };
    },

    async create(uploader) {
      const now = ctx.clock();
      if ((await mediaTable.pendingCount(ctx.db, uploader, now)) >= MAX_PENDING_PER_USER) throw limitExceeded(60_000);
      const mediaId = newMediaId();
      const expiresTs = now + UNUSED_EXPIRY_MS;
      await mediaTable.insertPending(ctx.db, mediaId, uploader, now, expiresTs);
      return { contentUri: mxcUri(serverName, mediaId), unusedExpiresAt: expiresTs };
    },

    async uploadTo(uploader, toServer, mediaId, body) {
      if (toServer !== serverName || !isMediaId(mediaId)) throw mediaNotFound();
      const row = await mediaTable.get(ctx.db, mediaId);
      if (!row || (row.uploadedTs === null && (row.expiresTs ?? 0) <= ctx.clock())) throw mediaNotFound();
      if (row.uploader !== uploader) throw forbidden("Only the user who created this media ID may upload to it");
      if (row.uploadedTs !== null) throw new MatrixError(409, "M_CANNOT_OVERWRITE_MEDIA", "This media ID already has content");
      const file = await writeUpload({ ctx, store }, uploader, mediaId, body);
      await recordUpload({ ctx, store }, uploader, mediaId, file, true);
      waiters.uploaded(mediaId);
      ctx.logger.info({ mediaId, size: file.size, contentType: file.contentType }, "media uploaded");
      return { contentType: file.contentType };
    },

    async download(userId, fromServer, mediaId, wait) {
      const row = await findDownloadable(downloads, userId, fromServer, mediaId, wait);
      return servedFile(downloads, row);
    },

    async thumbnail(userId, fromServer, mediaId, want, wait) {
      const row = await findDownloadable(downloads, userId, fromServer, mediaId, wait);
      return thumbnailFile(downloads, row, snapThumbnailSize(want.width, want.height, want.method ?? "scale"));
    },

    sweep,

    close() {
      clearInterval(timer);
      waiters.close();
    },
  };
}
