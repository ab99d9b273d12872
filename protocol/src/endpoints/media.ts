/**
 * Media: upload, and authenticated download (Matrix 1.11).
 *   POST /_matrix/media/v3/upload                                  (and r0)
 *   POST /_matrix/media/v1/create
 *   PUT  /_matrix/media/v3/upload/{serverName}/{mediaId}           (and r0)
 *   GET  /_matrix/client/v1/media/download/{serverName}/{mediaId}
 *   GET  /_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}
 *   GET  /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}
 *   GET  /_matrix/client/v1/media/config
 *   GET  /_matrix/media/v3/download/{serverName}/{mediaId}[/{fileName}]  (and r0; deprecated)
 *   GET  /_matrix/media/v3/thumbnail/{serverName}/{mediaId}               (and r0; deprecated)
 *   GET  /_matrix/media/v3/config                                         (and r0; deprecated)
 *
 * The deprecated `/_matrix/media/v3/...` reads are served for older clients,
 * but unlike the spec's they need a token too: media may hold patient data,
 * so no read is anonymous.
 */
import * as z from "zod";
import { binaryResponse, defineEndpoint, jsonResponse } from "./define.js";
import { clientV1 } from "./prefixes.js";
import { queryBool, queryEnum, queryInt, queryString } from "./query.js";

/** `content_type` is Ward's addition: the type the server recognised from the bytes, which downloads are served as. */
export type UploadResponse = { content_uri: string; content_type?: string };

export type CreateMediaResponse = { content_uri: string; unused_expires_at: number };

export type MediaConfigResponse = { "m.upload.size"?: number };

/** The older media prefix; its v3 paths keep their r0 twins. */
function mediaV3<const P extends string>(rest: P) {
  return { path: `/_matrix/media/v3${rest}`, aliases: [`/_matrix/media/r0${rest}`] } as const;
}

const timeout = { timeout_ms: queryInt({ min: 0 }).optional() };

const thumbnailQuery = z.object({
  width: queryInt({ min: 1 }),
  height: queryInt({ min: 1 }),
  method: queryEnum(["crop", "scale"]).optional(),
  animated: queryBool().optional(),
  ...timeout,
});

export const upload = defineEndpoint({
  id: "media.upload",
  summary: "Upload a file; the body is its bytes, Content-Type its type",
  method: "POST",
  ...mediaV3("/upload"),
  auth: "required",
  rateLimited: true,
  binaryBody: true,
  query: z.object({ filename: queryString().optional() }),
  response: jsonResponse<UploadResponse>(),
});

export const create = defineEndpoint({
  id: "media.create",
  summary: "Reserve an mxc:// URI to upload to later (asynchronous upload)",
  method: "POST",
  path: "/_matrix/media/v1/create",
  auth: "required",
  rateLimited: true,
  response: jsonResponse<CreateMediaResponse>(),
});

export const uploadTo = defineEndpoint({
  id: "media.uploadTo",
  summary: "Upload the bytes of an mxc:// URI reserved with media.create",
  method: "PUT",
  ...mediaV3("/upload/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  binaryBody: true,
  query: z.object({ filename: queryString().optional() }),
  /** The spec's answer is `{}`; `content_type` is Ward's addition, as for media.upload. */
  response: jsonResponse<{ content_type?: string }>(),
});

export const download = defineEndpoint({
  id: "media.download",
  summary: "Download a file",
  method: "GET",
  ...clientV1("/media/download/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  query: z.object(timeout),
  response: binaryResponse(),
});

export const downloadWithName = defineEndpoint({
  id: "media.downloadWithName",
  summary: "Download a file under a given file name",
  method: "GET",
  ...clientV1("/media/download/{serverName}/{mediaId}/{fileName}"),
  auth: "required",
  rateLimited: true,
  query: z.object(timeout),
  response: binaryResponse(),
});

export const thumbnail = defineEndpoint({
  id: "media.thumbnail",
  summary: "A thumbnail of an image",
  method: "GET",
  ...clientV1("/media/thumbnail/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  query: thumbnailQuery,
  response: binaryResponse(),
});

export const config = defineEndpoint({
  id: "media.config",
  summary: "Upload limits",
  method: "GET",
  ...clientV1("/media/config"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<MediaConfigResponse>(),
});

export const legacyDownload = defineEndpoint({
  id: "media.legacyDownload",
  summary: "Download a file (deprecated path; Ward requires a token here too)",
  method: "GET",
  ...mediaV3("/download/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  query: z.object({ ...timeout, allow_remote: queryBool().optional(), allow_redirect: queryBool().optional() }),
  response: binaryResponse(),
});

export const legacyDownloadWithName = defineEndpoint({
  id: "media.legacyDownloadWithName",
  summary: "Download a file under a given file name (deprecated path; Ward requires a token here too)",
  method: "GET",
  ...mediaV3("/download/{serverName}/{mediaId}/{fileName}"),
  auth: "required",
  rateLimited: true,
  query: z.object({ ...timeout, allow_remote: queryBool().optional(), allow_redirect: queryBool().optional() }),
  response: binaryResponse(),
});

export const legacyThumbnail = defineEndpoint({
  id: "media.legacyThumbnail",
  summary: "A thumbnail of an image (deprecated path; Ward requires a token here too)",
  method: "GET",
  ...mediaV3("/thumbnail/{serverName}/{mediaId}"),
  auth: "required",
  rateLimited: true,
  query: thumbnailQuery.extend({ allow_remote: queryBool().optional(), allow_redirect: queryBool().optional() }),
  response: binaryResponse(),
});

export const legacyConfig = defineEndpoint({
  id: "media.legacyConfig",
  summary: "Upload limits (deprecated path)",
  method: "GET",
  ...mediaV3("/config"),
  auth: "required",
  rateLimited: true,
  response: jsonResponse<MediaConfigResponse>(),
});
