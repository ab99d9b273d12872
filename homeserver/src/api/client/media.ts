/**
 * Media (the content repository).
 *   POST /_matrix/media/v3/upload                                   (and r0)
 *   POST /_matrix/media/v1/create
 *   PUT  /_matrix/media/v3/upload/{serverName}/{mediaId}            (and r0)
 *   GET  /_matrix/client/v1/media/download/{serverName}/{mediaId}[/{fileName}]
 *   GET  /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}
 *   GET  /_matrix/client/v1/media/config
 *   GET  /_matrix/media/v3/download/..., /thumbnail/..., /config    (and r0; deprecated, token required)
 *
 * Uploads are read by the media service straight from the request (the
 * route does not buffer them); downloads are streamed from the sealed file
 * as it is opened. Path parts are checked before anything else happens: a
 * server name or media ID that could not be one answers 400 M_INVALID_PARAM
 * and touches neither the database nor the file system.
 */
import { PassThrough } from "node:stream";
import { clientMedia, isServerName } from "@ward/protocol";
import { invalidParam, MatrixError } from "../../http/matrix-error.js";
import type { WardContext } from "../../http/context.js";
import { HANDLED, route, type ServiceArea } from "../../http/route.js";
import type { MediaFile, UploadBody } from "../../services/media/index.js";
import { isMediaId } from "../../services/media/ids.js";
import { contentDisposition, isRangeType, MEDIA_CONTENT_SECURITY_POLICY, parseRange, servedContentType } from "../../services/media/serving.js";
import type { Logger } from "../../log.js";

function checkMediaPath(params: { serverName: string; mediaId: string }): void {
  if (!isServerName(params.serverName)) throw invalidParam("serverName is not a server name");
  if (!isMediaId(params.mediaId)) throw invalidParam("mediaId may only hold A-Z, a-z, 0-9, '_' and '-'");
}

function uploadBody(ctx: WardContext, filename: string | undefined): UploadBody {
  const encoding = (ctx.get("Content-Encoding") || "identity").toLowerCase();
  if (encoding !== "identity") throw invalidParam(`Content-Encoding '${encoding}' is not supported; send the file as it is`);
  const length = ctx.get("Content-Length");
  return {
    stream: ctx.req,
    declaredLength: /^[0-9]+$/.test(length) ? Number(length) : undefined,
    declaredType: ctx.get("Content-Type") || undefined,
    fileName: filename === "" ? undefined : filename,
  };
}

/**
 * Runs an upload; an answer given before the body was read to its end
 * closes the connection, since the rest of the body cannot be told apart
 * from a next request.
 */
async function reading<T>(ctx: WardContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!ctx.req.readableEnded) ctx.set("Connection", "close");
    throw err;
  }
}

/** Headers and body of a served file: the whole file, or the Range a player asked for (audio and video). */
function serve(ctx: WardContext, file: MediaFile, fileName: string | null, log: Logger): typeof HANDLED {
  const ranged = isRangeType(file.contentType);
  const range = ranged ? parseRange(ctx.get("Range") || undefined, file.size) : undefined;
  ctx.set({
    "Content-Disposition": contentDisposition(file.contentType, fileName),
    "Content-Security-Policy": MEDIA_CONTENT_SECURITY_POLICY,
    "Cross-Origin-Resource-Policy": "cross-origin",
    ...(ranged && { "Accept-Ranges": "bytes" }),
  });
  if (range === "unsatisfiable") {
    ctx.remove("Content-Disposition");
    throw new MatrixError(416, "M_INVALID_PARAM", "The requested range is outside the file", {}, { "Content-Range": `bytes */${file.size}` });
  }
  ctx.type = servedContentType(file.contentType);
  ctx.status = range ? 206 : 200;
  if (range) ctx.set("Content-Range", `bytes ${range.start}-${range.end}/${file.size}`);
  const length = range ? range.end - range.start + 1 : file.size;
  if (ctx.method === "HEAD") {
    ctx.body = Buffer.alloc(0);
    ctx.length = length;
    return HANDLED;
  }
  const body = new PassThrough();
  ctx.body = body;
  ctx.length = length;
  file.pipeTo(body, range).catch((err: unknown) => {
    // Headers are gone by now: the only honest answer is to cut the connection short of Content-Length.
    if ((err as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") log.error({ err, mediaId: file.mediaId }, "media download failed mid-stream");
    ctx.req.socket.destroy();
  });
  return HANDLED;
}

export const mediaApi: ServiceArea = ({ services }) => {
  const media = services.media;
  const config = async () => ({ "m.upload.size": media.maxUploadBytes });

  const download = async (req: { session: { userId: string }; params: { serverName: string; mediaId: string; fileName?: string }; query: { timeout_ms?: number | undefined }; signal: AbortSignal; log: Logger }, ctx: WardContext): Promise<typeof HANDLED> => {
    checkMediaPath(req.params);
    const file = await media.download(req.session.userId, req.params.serverName, req.params.mediaId, { timeoutMs: req.query.timeout_ms, signal: req.signal });
    return serve(ctx, file, req.params.fileName ?? file.fileName, req.log);
  };

  const thumbnail = async (
    req: { session: { userId: string }; params: { serverName: string; mediaId: string }; query: { width: number; height: number; method?: "crop" | "scale" | undefined; timeout_ms?: number | undefined }; signal: AbortSignal; log: Logger },
    ctx: WardContext,
  ): Promise<typeof HANDLED> => {
    checkMediaPath(req.params);
    const { width, height, method, timeout_ms } = req.query;
    const file = await media.thumbnail(req.session.userId, req.params.serverName, req.params.mediaId, { width, height, method }, { timeoutMs: timeout_ms, signal: req.signal });
    return serve(ctx, file, file.fileName, req.log);
  };

  return [
    route(
      clientMedia.upload,
      async (req, ctx) =>
        reading(ctx, async () => {
          const { contentUri, contentType } = await media.upload(req.session.userId, uploadBody(ctx, req.query.filename));
          return { content_uri: contentUri, content_type: contentType };
        }),
      { streamBody: true },
    ),
    route(clientMedia.create, async (req) => {
      const { contentUri, unusedExpiresAt } = await media.create(req.session.userId);
      return { content_uri: contentUri, unused_expires_at: unusedExpiresAt };
    }),
    route(
      clientMedia.uploadTo,
      async (req, ctx) =>
        reading(ctx, async () => {
          checkMediaPath(req.params);
          const { contentType } = await media.uploadTo(req.session.userId, req.params.serverName, req.params.mediaId, uploadBody(ctx, req.query.filename));
          return { content_type: contentType };
        }),
      { streamBody: true },
    ),
    route(clientMedia.download, download),
    route(clientMedia.downloadWithName, download),
    route(clientMedia.legacyDownload, download),
    route(clientMedia.legacyDownloadWithName, download),
    route(clientMedia.thumbnail, thumbnail),
    route(clientMedia.legacyThumbnail, thumbnail),
    route(clientMedia.config, config),
    route(clientMedia.legacyConfig, config),
  ];
};
